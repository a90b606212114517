"""The eval rules (tests/eval/README.md) for one answer, used by the table-question tests."""
import re

BUDGETS = {"factoid": 200, "lookup": 300, "followup": 300, "aggregate": 800, "narrative": 800}


def score(answer, item: dict) -> list[str]:
    """The rules an answer breaks (empty when it is correct)."""
    problems = []
    if answer is None:
        return ["not answered by the table engine"]
    answered = item["kind"] != "unanswerable"
    if answer.answered != answered:
        problems.append(f"answered={answer.answered}")
    missing = [s for s in item.get("answer_all", []) if s not in answer.text]
    if missing:
        problems.append(f"missing {missing}")
    if item.get("answer_any") and not any(s in answer.text for s in item["answer_any"]):
        problems.append(f"none of {item['answer_any']}")
    budget = BUDGETS.get(item["kind"], 800)
    if len(answer.text) > budget:
        problems.append(f"{len(answer.text)} chars > {budget}")
    if answered and not answer.citations:
        problems.append("no citation")
    if item.get("evidence"):
        evidence = re.sub(r"\s+", "", item["evidence"])
        if not any(evidence in re.sub(r"\s+", "", p.text) for p in answer.citations):
            problems.append("evidence not cited")
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    if any(n < 1 or n > len(answer.citations) for n in markers):
        problems.append("a marker numbers no citation")
    if answer.answered and answer.route != "table":
        problems.append(f"route {answer.route}")
    return problems
