"""Stage 1, documents: files in, structured passages out.

Owns reading text and PDF files (``ingest``, ``pdf``), recovering their structure
(headings, paragraphs, tables, footnotes: ``structure``) and cutting it into the
passages that are indexed (``chunking``).  Pure except for ``ingest`` and ``pdf``,
which read files.  May import only the top-level modules (``qa.records``,
``qa.errors``, ``qa.settings``, ``qa.text``).
"""
