"""Stage 3, tables: the report's tables as data.

Owns finding and parsing tables into records (``parsing``), linking names across
tables (``linking``), filtering and counting clusters (``cluster_engine``) and
answering questions that a table holds (``table_questions``, the entry point: the parse
in ``table_query``, ``question_words``, ``spotting``, ``parse``, ``followups``; the run on
the engine in ``execute``; the answer in ``set_answers``, ``lookup_answers``,
``report_tables``, ``rendering``).  May import documents, retrieval and the top-level
modules, never answering.
"""
