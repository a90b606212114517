"""Documents are known by their path relative to the corpus folder, so two summary.txt are two documents.

What used to break: with ``docs/a/summary.txt`` and ``docs/b/summary.txt``, change detection and
document ids used the bare file name, so an edit of one went unnoticed ("already up to date"),
old text was served, and citations could not tell the two files apart.
"""
from qa import ReportQA
from qa.documents.ingest import list_corpus
from qa.settings import Settings

A = "第一章 甲地概况\n\n甲地的集群共有 12 家龙头企业。\n"
B = "第一章 乙地概况\n\n乙地的集群共有 7 家龙头企业。\n"


def _corpus(tmp_path):
    corpus = tmp_path / "docs"
    for folder, text in (("a", A), ("b", B)):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "summary.txt").write_text(text, encoding="utf-8")
    return corpus


def test_sources_are_relative_paths(tmp_path):
    files, problems = list_corpus([_corpus(tmp_path)])
    assert [f.source for f in files] == ["a/summary.txt", "b/summary.txt"] and not problems


def test_an_edit_of_one_is_seen_and_cited_apart(tmp_path, fake_embedder):
    corpus, settings = _corpus(tmp_path), Settings(embedder="fake")
    bot = ReportQA.build([corpus], tmp_path / "index", settings=settings, progress=False)
    assert sorted(d["source"] for d in bot.index.manifest["documents"]) == ["a/summary.txt", "b/summary.txt"]
    ids = {p.source: p.id for p in bot.index.passages}
    assert len(set(ids.values())) == len(ids) == 2  # same text position, different documents

    (corpus / "b" / "summary.txt").write_text(B.replace("7 家", "9 家"), encoding="utf-8")
    again = ReportQA.load(tmp_path / "index", documents=corpus, settings=settings, progress=False)
    assert again.build_report is not None, "the edit of b/summary.txt went unnoticed"
    cited = {p.source: p.text for p in again.search("乙地的集群有多少家龙头企业", k=4)}
    assert "9 家" in cited["b/summary.txt"] and "12 家" in cited.get("a/summary.txt", "12 家")
    assert not any("7 家" in p.text for p in again.index.passages)


def test_same_names_from_two_roots_are_told_apart(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for root, text in ((one, A), (two, B)):
        root.mkdir()
        (root / "summary.txt").write_text(text, encoding="utf-8")
    files, problems = list_corpus([one, two])
    assert [f.source for f in files] == ["summary.txt", "two/summary.txt"] and not problems
