"""Stage 4, answering: a question and ranked passages in, a cited answer out.

Owns analysing the question (``questions``, ``lexicon``), choosing and scoring the
sentences that answer it (``extractive``), checking that every figure and name is in
a cited passage (``verify``), the optional LLM (``llm``) and the chain that ties
them together (``chain``).  May import every earlier stage and the top-level modules.
"""
