"""Stage 3, tables: the report's tables as data.

Owns finding and parsing tables into records (``parsing``), linking names across
tables (``linking``), filtering and counting clusters (``cluster_engine``) and
answering questions that a table holds (``table_questions``).  May import documents,
retrieval and the top-level modules, never answering.
"""
