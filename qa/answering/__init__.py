"""Stage 4, answering: a question and ranked passages in, a cited answer out.

Owns what a question asks (``questions``, ``lexicon``), which units of the retrieved
passages are candidates (``units``), how they are scored (``scoring`` for the hand-set
signals, ``features`` and ``reader`` for the model fitted by ``bench/fit_reader.py``), whether to answer
(``answerability``) and how the answer is written (``rendering``); the answers built from
document structure (``structure`` feeds ``sections``, ``enumerations``, ``leads``) and from a
table's extreme row (``table_extremes``); the extractive answerer that picks among them
(``extractive``); checking that every figure and name is in a cited passage (``verify``);
the optional LLM (``llm``) and the chain that ties them together (``chain``).  May import
every earlier stage and the top-level modules.
"""
