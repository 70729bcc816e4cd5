"""Every check can fail: each registered check is the one some demo defect turns red. With the defect matrix
(tests/checks/test_defect_matrix_e2e.py: each defect turns red exactly its `caught_by` check on the real tag),
this proves every check is turned red by at least one defect, and each defect by exactly one check."""

from __future__ import annotations

from tagprobe.checks.registry import CHECKS
from tagprobe.demo import DEFECTS


def test_every_registered_check_is_caught_by_at_least_one_defect() -> None:
    caught = {defect.caught_by for defect in DEFECTS.values()}
    assert sorted(set(CHECKS) - caught) == [], "add a demo defect that turns these checks red"


def test_every_defect_names_one_registered_check() -> None:
    assert {
        name: defect.caught_by for name, defect in DEFECTS.items() if defect.caught_by not in CHECKS
    } == {}
