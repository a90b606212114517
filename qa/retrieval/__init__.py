"""Stage 2, retrieval: passages in, ranked passages out.

Owns embedding (``embedding``), tokenizing for keyword search (``tokens``), the
English-to-report term table (``glossary``), the dense index (``vector_index``), the
hybrid dense + BM25 index (``index``), building and storing it on disk (``building``,
``store``; ``layout`` for the folder itself: pointer, manifest schema, pins, cleanup), and
the LangChain retriever over it (``retriever``).  May import the documents stage and the top-level modules, never tables or answering.
"""
