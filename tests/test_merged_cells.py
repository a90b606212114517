"""Merged 时期 cells of the policy table (表 6-2) are filled in.

The label of the second group sits in the middle of its rows (a vertically centred merged
cell), so plain fill-down would give 欧盟/德国/美国 of 2022-2023 the earlier period.
"""
import pytest

from qa.tables.parsing import fill_merged_cells


def test_label_in_the_middle_of_its_group():
    labels = ["前期", "", "", "", "", "近期", ""]
    keys = ["欧盟", "德国", "美国", "欧盟", "德国", "美国", "中国"]
    assert fill_merged_cells(labels, keys) == ["前期", "前期", "前期", "近期", "近期", "近期", "近期"]


def test_plain_fill_down_without_repeated_keys():
    assert fill_merged_cells(["A", "", "B", ""], ["x", "y", "z", "w"]) == ["A", "A", "B", "B"]


@pytest.mark.report
def test_report_policy_periods(report_bot):
    policies = report_bot.tables.linked.tables.policies
    periods = {(p.country, p.period[:2]) for p in policies}
    assert ("欧盟", "近期") in periods and ("欧盟", "前期") in periods
    recent_us = next(p for p in policies if p.country == "美国" and p.period.startswith("近期"))
    assert "2022 年芯片和科学法案" in recent_us.policies
