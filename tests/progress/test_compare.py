"""Comparing two assessments: findings, flags, pain, measurements and outcome measures."""

from __future__ import annotations

from posture_tui.domain.assessment import Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.progress.compare import compare_assessments, compare_findings, compare_measurements

from .helpers import flag, visit

KNOWLEDGE = load_knowledge()


def by_key(changes):  # type: ignore[no-untyped-def]
    return {(c.item, c.side): c for c in changes}


def test_each_finding_change_class_with_both_severities() -> None:
    before = [
        Finding("forward_head", 3),
        Finding("rounded_shoulders", 2, Side.BILATERAL),
        Finding("shoulder_elevated", 1, Side.RIGHT),
        Finding("knee_valgus", 2, Side.LEFT),
        Finding("head_tilt", 0, Side.RIGHT),  # answered "none": absent
    ]
    after = [
        Finding("forward_head", 1),
        Finding("rounded_shoulders", 3, Side.BILATERAL),
        Finding("knee_valgus", 2, Side.LEFT),
        Finding("shoulder_elevated", 2, Side.LEFT),
        Finding("feet_pronated", 1, Side.RIGHT),
    ]
    changes = by_key(compare_findings(before, after))
    assert set(changes) == {
        ("forward_head", None),
        ("rounded_shoulders", Side.BILATERAL),
        ("shoulder_elevated", Side.RIGHT),
        ("shoulder_elevated", Side.LEFT),
        ("knee_valgus", Side.LEFT),
        ("feet_pronated", Side.RIGHT),
    }
    expect = {
        ("forward_head", None): (3, 1, "improved"),
        ("rounded_shoulders", Side.BILATERAL): (2, 3, "worse"),
        ("knee_valgus", Side.LEFT): (2, 2, "unchanged"),
        # the side is part of the key: the sign moved from right to left
        ("shoulder_elevated", Side.RIGHT): (1, 0, "resolved"),
        ("shoulder_elevated", Side.LEFT): (0, 2, "new"),
        ("feet_pronated", Side.RIGHT): (0, 1, "new"),
    }
    for key, (start, end, status) in expect.items():
        change = changes[key]
        assert (change.before, change.after, change.status) == (start, end, status), key


def test_flags_resolved_new_and_persisting_with_strength_change() -> None:
    before = visit(
        1, flags=[flag("upper_crossed", 0.8, "strong"), flag("lower_crossed", 0.4, "weak")]
    )
    after = visit(
        2,
        flags=[
            flag("upper_crossed", 0.5, "moderate"),
            flag("pronation_distortion", 0.3, "weak"),
        ],
    )
    flags = {f.pattern: f for f in compare_assessments(before, after, KNOWLEDGE).flags}
    upper = flags["upper_crossed"]
    assert upper.status == "persisting" and upper.trend == "weaker"
    assert upper.change == -0.3
    assert (upper.before_label, upper.after_label) == ("strong", "moderate")
    assert flags["lower_crossed"].status == "resolved" and flags["lower_crossed"].after is None
    assert flags["pronation_distortion"].status == "new"
    assert flags["pronation_distortion"].before is None


def test_persisting_flag_trend_boundaries() -> None:
    def trend(a: float, b: float) -> str:
        result = compare_assessments(
            visit(1, flags=[flag("upper_crossed", a, "moderate")]),
            visit(2, flags=[flag("upper_crossed", b, "moderate")]),
            KNOWLEDGE,
        )
        return result.flags[0].trend

    assert trend(0.5, 0.55) == "stronger"
    assert trend(0.5, 0.54) == "same"
    assert trend(0.5, 0.45) == "weaker"
    assert trend(0.5, 0.5) == "same"


def test_pain_per_region_and_side_against_mcid() -> None:
    before = visit(
        1,
        pain=[
            PainEntry("neck", 6, Side.RIGHT),
            PainEntry("head_temple", 3, Side.RIGHT),
            PainEntry("low_back", 4),
        ],
    )
    after = visit(
        2,
        pain=[
            PainEntry("neck", 4, Side.RIGHT),
            PainEntry("head_temple", 3, Side.RIGHT),
            PainEntry("knee", 2, Side.LEFT),
        ],
    )
    pain = {(p.region, p.side): p for p in compare_assessments(before, after, KNOWLEDGE).pain}
    assert pain[("neck", Side.RIGHT)].verdict == "much better"
    assert pain[("head_temple", Side.RIGHT)].verdict == "no meaningful change"
    assert pain[("low_back", None)].status == "resolved"
    assert pain[("knee", Side.LEFT)].status == "new"
    assert pain[("knee", Side.LEFT)].verdict == "much worse"


def test_cva_higher_is_better_and_height_differences_closer_to_zero() -> None:
    before = Measurements(cva_deg=44.0, shoulder_height_diff_cm=1.5, iliac_crest_diff_cm=0.5)
    after = Measurements(cva_deg=49.5, shoulder_height_diff_cm=0.5, iliac_crest_diff_cm=1.0)
    changes = {m.id: m for m in compare_measurements(before, after, KNOWLEDGE)}
    cva = changes["cva_deg"]
    assert (cva.change, cva.direction, cva.unit) == (5.5, "better", "deg")
    assert changes["shoulder_height_diff_cm"].direction == "better"
    assert changes["iliac_crest_diff_cm"].direction == "worse"
    worse = compare_measurements(Measurements(cva_deg=50.0), Measurements(cva_deg=46.0), KNOWLEDGE)
    assert worse[0].direction == "worse" and worse[0].change == -4.0


def test_thomas_test_and_missing_measurements() -> None:
    def direction(a: str | None, b: str | None) -> str:
        result = compare_measurements(
            Measurements(thomas_test=a), Measurements(thomas_test=b), KNOWLEDGE
        )
        return result[0].direction

    assert direction("bilateral", "right") == "better"
    assert direction("right", "negative") == "better"
    assert direction("negative", "left") == "worse"
    assert direction("left", "right") == "changed side"
    assert direction(None, "right") == "not comparable"
    assert compare_measurements(Measurements(), Measurements(), KNOWLEDGE) == ()
    only_after = compare_measurements(Measurements(), Measurements(cva_deg=48.0), KNOWLEDGE)
    assert only_after[0].direction == "not comparable" and only_after[0].change is None


def test_whole_comparison_carries_ids_dates_and_outcomes() -> None:
    before = visit(1, ndi=[2] * 10, odi=[3] * 10)
    after = visit(3, ndi=[1] * 10)
    comparison = compare_assessments(before, after, KNOWLEDGE)
    assert (comparison.before_id, comparison.after_id) == ("a1", "a3")
    assert comparison.after_date > comparison.before_date
    assert comparison.ndi.verdict == "improved" and comparison.ndi.change == -10
    assert comparison.odi.verdict == "not comparable"


def test_comparison_tables_for_exports() -> None:
    from posture_tui.progress.tables import comparison_tables

    before = visit(1, pain=[PainEntry("neck", 6, Side.RIGHT)], ndi=[2] * 10)
    after = visit(2, pain=[PainEntry("neck", 3, Side.RIGHT)], ndi=[1] * 10)
    tables = {
        t.title.split(" (")[0]: t
        for t in comparison_tables(compare_assessments(before, after, KNOWLEDGE))
    }
    assert tables["Pain"].rows == (("neck (right)", "6", "3", "-3", "much better"),)
    assert tables["Findings"].rows == ()
    ndi, odi = tables["Outcome measures"].rows
    assert ndi == ("NDI", "20/50 (moderate)", "10/50 (mild)", "-10", "improved")
    assert odi == ("ODI", "not recorded", "not recorded", "-", "not comparable")
    assert all(len(row) == len(t.columns) for t in tables.values() for row in t.rows)
