"""The points a paragraph numbers are read whatever marks them: 一是…, （1）…, ①…, 首先…其次…最后….

What used to break: a white paper in plain text numbered its problems （1）…（5） and its safeguards
首先…其次…再次…最后…; only 一是/二是 counted as points, so "存在哪些主要问题？" and "保障措施有哪些？"
got one sentence, or nothing, instead of the points.
"""
import pytest

from qa.answering.structure import LAST_POINT, enumerated_points, point_marker


@pytest.mark.parametrize("sentence, marker", [
    ("一是强化链长统筹。", ("numeral", 1)), ("第二，加强组织领导。", ("numeral", 2)),
    ("（3）应用领域较为集中。", ("（1）", 3)), ("(2)企业规模偏小。", ("（1）", 2)),
    ("（四）强化考核。", ("（一）", 4)), ("②加强人才培养。", ("①", 2)), ("其三，…", ("其", 3)),
    ("首先，强化组织领导。", ("首先", 1)), ("再次，优化要素保障。", ("首先", 3)), ("最后，加强监测评估。", ("首先", LAST_POINT)),
    ("2023年产量达到45200台。", None), ("首先要看到成绩。", None),
])
def test_point_markers(sentence, marker):
    assert point_marker(sentence) == marker


def test_a_run_of_points_is_one_kind_in_order():
    sentences = ["存在一些突出问题。", "（1）核心零部件依存度高。", "一是另一种标记。", "（2）企业规模偏小。", "（3）人才不足。"]
    assert enumerated_points(sentences) == [1, 3, 4]
    assert enumerated_points(["首先，强化领导。", "其次，加大支持。", "最后，加强评估。", "其次，不再算。"]) == [0, 1, 2]
    assert enumerated_points(["（2）不从一开始。", "（3）…"]) == []
    assert enumerated_points(["首先，只有一点。", "最后，…"]) == []   # 首先…最后 with nothing between: no list
