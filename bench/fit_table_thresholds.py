"""Refit the loose-name thresholds of table questions (qa/tables/table_thresholds.json) and print held-out figures.

    .venv/bin/python bench/fit_table_thresholds.py [--write]

A question may name a cluster loosely ("波士顿生物技术集群" for 波士顿生物技术产业集群).
How much of a name it must share is decided by ``loose_name`` in the JSON file.  The data
are made from the report's own tables, not from any eval question:

- names written loosely, by the report itself (a region table spelling an appendix cluster
  differently) and by the usual shortenings (产业 or 制造业 dropped, the country in front
  dropped), each asked as "{name}的龙头企业有哪些？" and "{name}位于哪个国家？": the answer
  is that cluster;
- names the tables do not have: a continent or country with an industry or domain word
  ("欧洲航空航天产业集群"), a city no cluster is named after with a domain word: the answer
  is no cluster.

Clusters with an even 序号 (and the negatives made from even-indexed words) fit the
thresholds; odd ones are held out.  The grid's best on the fitting half is printed with its
held-out accuracy beside the current values'; ``--write`` stores it.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.retrieval.glossary import PLACES  # noqa: E402
from qa.tables.cluster_engine import COUNTRY_ALIASES, ClusterEngine  # noqa: E402
from qa.tables.linking import normalise_name  # noqa: E402
from qa.tables.question_words import INDUSTRY_WORDS  # noqa: E402
from qa.tables.spotting import spot_cluster  # noqa: E402
from qa.tables.thresholds import THRESHOLDS, THRESHOLDS_FILE, LooseName  # noqa: E402

GRID = {"min_name_chars": (3,), "min_shared_chars": (3, 4, 5), "min_core_share": (0.5, 0.6, 0.7),
        "min_distinctive_chars": (1, 2, 3)}
TEMPLATES = ("{}的龙头企业有哪些？", "{}位于哪个国家？")
DOMAIN_WORDS = ("生物医药", "电子信息", "高端装备", "新材料", "消费品", "汽车")
CONTINENTS = ("欧洲", "亚洲", "北美洲", "南美洲", "澳洲")


def loose_spellings(engine: ClusterEngine) -> list[tuple[str, int]]:
    """(a loose spelling, the appendix 序号 it names), from the report's tables and the usual shortenings."""
    pairs = []
    for entry, link in engine.linked.region_links:
        cluster = engine.by_number(link.number) if link.number is not None else None
        if cluster is not None and normalise_name(entry.cluster) != normalise_name(cluster.name):
            pairs.append((entry.cluster, link.number))
    for cluster in engine.all_clusters:
        name = cluster.name
        variants = {name.replace("产业集群", "集群"), name.replace("制造业集群", "集群"), name.replace("产业", "")}
        for country in COUNTRY_ALIASES:
            if name.startswith(country) and len(name) - len(country) >= 4:
                variants.add(name[len(country):])
        pairs.extend((variant, cluster.number) for variant in variants if variant != name and len(variant) >= 4)
    return list(dict.fromkeys(pairs))


def unknown_names(engine: ClusterEngine) -> list[tuple[str, int]]:
    """(a cluster name the tables do not have, an index for the fit / held-out split)."""
    names = [normalise_name(n) for n in engine.known_names()]
    cities = [zh for zh in dict.fromkeys(PLACES.values()) if not any(zh in n for n in names)]
    made = [f"{continent}{word}产业集群" for continent in CONTINENTS for word in INDUSTRY_WORDS[:20]]
    made += [f"{country}{word}集群" for country in list(COUNTRY_ALIASES)[:20] for word in DOMAIN_WORDS]
    made += [f"{city}{word}集群" for city in cities for word in DOMAIN_WORDS[:3]]
    made = [m for m in dict.fromkeys(made) if not any(n in normalise_name(m) for n in names)]
    return [(name, i) for i, name in enumerate(made)]


def accuracy(loose: LooseName, engine: ClusterEngine, positives, negatives) -> float:
    right = total = 0
    for name, number in positives:
        for template in TEMPLATES:
            match, _ = spot_cluster(template.format(name), engine, loose)
            right += bool(match and match.cluster and match.cluster.number == number)
            total += 1
    for name, _ in negatives:
        match, _ = spot_cluster(TEMPLATES[0].format(name), engine, loose)
        right += match is None
        total += 1
    return right / total if total else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the fitted thresholds in the JSON file")
    args = parser.parse_args()
    from qa.documents.ingest import read_document  # the report's documents, parsed (no index needed)

    documents = [read_document(path) for path in sorted((ROOT / "documents").iterdir()) if path.is_file()]
    engine = ClusterEngine.from_documents(documents)
    positives, negatives = loose_spellings(engine), unknown_names(engine)
    fit_pos = [p for p in positives if p[1] % 2 == 0]
    held_pos = [p for p in positives if p[1] % 2 == 1]
    fit_neg, held_neg = negatives[0::2], negatives[1::2]
    print(f"loose spellings: {len(fit_pos)} fit / {len(held_pos)} held out; "
          f"unknown names: {len(fit_neg)} fit / {len(held_neg)} held out")
    current = THRESHOLDS.loose_name
    results = []
    for values in itertools.product(*GRID.values()):
        loose = LooseName(**dict(zip(GRID, values)))
        distance = sum(abs(getattr(loose, k) - getattr(current, k)) for k in GRID)
        results.append((accuracy(loose, engine, fit_pos, fit_neg), -distance, values, loose))
    best_fit, _, _, best = max(results, key=lambda r: (r[0], r[1]))
    current_fit = next(r[0] for r in results if r[3] == current) if current in [r[3] for r in results] else \
        accuracy(current, engine, fit_pos, fit_neg)
    print(f"current {asdict(current)}: fit {current_fit:.3f}, held out "
          f"{accuracy(current, engine, held_pos, held_neg):.3f}")
    held_out = accuracy(best, engine, held_pos, held_neg)
    print(f"fitted  {asdict(best)}: fit {best_fit:.3f}, held out {held_out:.3f}")
    if args.write:
        data = json.loads(THRESHOLDS_FILE.read_text(encoding="utf-8"))
        data["loose_name"] = asdict(replace(best))
        data["loose_name_accuracy"] = {"fit": round(best_fit, 3), "held_out": round(held_out, 3)}
        THRESHOLDS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written to {THRESHOLDS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
