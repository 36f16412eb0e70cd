"""Progress compares the photo measures of a view photographed at both visits, with the
knowledge base's better direction, and shows them in the CLI, the TUI's lines and the note."""

from __future__ import annotations

from attrs import evolve

from posture_tui.domain.common import Side
from posture_tui.domain.photos import Measure, Photo
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.progress.compare import compare_assessments, compare_photo_measures
from posture_tui.progress.progress_report import comparison_lines

from .helpers import visit

KNOWLEDGE = load_knowledge()


def _photo(view: str, *measures: Measure) -> Photo:
    return Photo(view, "0" * 64, "jpg", 10, 100, 200, measures=measures)


def _changes(before: list[Photo], after: list[Photo]) -> dict[str, tuple[object, ...]]:
    found = compare_photo_measures(before, after, KNOWLEDGE)
    return {c.id: (c.before, c.after, c.change, c.direction) for c in found}


def test_nearer_level_is_better_and_the_other_side_is_a_change() -> None:
    before = [
        _photo(
            "front",
            Measure("head_tilt_deg", 4.0, "deg", Side.RIGHT, 0.9),
            Measure("shoulder_level_cm", 1.0, "cm", Side.LEFT, 0.9),
            Measure("pelvic_level_cm", 2.0, "cm", Side.RIGHT, 0.9),
        ),
        _photo("side", Measure("cva_estimate_deg", 40.0, "deg", None, 0.9)),
    ]
    after = [
        _photo(
            "front",
            Measure("head_tilt_deg", 1.5, "deg", Side.RIGHT, 0.9),
            Measure("shoulder_level_cm", 3.0, "cm", Side.LEFT, 0.9),
            Measure("pelvic_level_cm", 2.0, "cm", Side.LEFT, 0.9),
            Measure("knee_angle_left_deg", 6.0, "deg", None, 0.9),
        ),
        _photo("side", Measure("cva_estimate_deg", 46.0, "deg", None, 0.9)),
    ]
    assert _changes(before, after) == {
        "head_tilt_deg": (4.0, 1.5, -2.5, "better"),
        "shoulder_level_cm": (-1.0, -3.0, -2.0, "worse"),
        "pelvic_level_cm": (2.0, -2.0, -4.0, "changed"),  # as far off, the other side up
        "knee_angle_left_deg": (None, 6.0, None, "not comparable"),
        "cva_estimate_deg": (40.0, 46.0, 6.0, "better"),  # higher is better
    }


def test_a_view_photographed_at_one_visit_only_is_not_compared() -> None:
    before = [_photo("front", Measure("head_tilt_deg", 4.0, "deg", Side.RIGHT, 0.9))]
    after = [_photo("side", Measure("cva_estimate_deg", 46.0, "deg", None, 0.9))]
    assert _changes(before, after) == {}


def test_the_comparison_lines_show_photo_measures_with_their_view_and_side() -> None:
    first = evolve(
        visit(1), photos=(_photo("front", Measure("head_tilt_deg", 4.0, "deg", Side.RIGHT, 0.9)),)
    )
    second = evolve(
        visit(2), photos=(_photo("front", Measure("head_tilt_deg", 1.5, "deg", Side.RIGHT, 0.9)),)
    )
    comparison = compare_assessments(first, second, KNOWLEDGE)
    lines = comparison_lines(comparison, KNOWLEDGE)
    start = lines.index("Photo measures (+ is towards the client's right where a side applies)")
    assert "Head tilt (front photo)" in lines[start + 1]
    assert "4 deg right -> 1.5 deg right  -2.5 deg  better" in lines[start + 1]
    plain = compare_assessments(visit(1), visit(2), KNOWLEDGE)
    assert not any(line.startswith("Photo measures") for line in comparison_lines(plain))


def test_the_note_shows_the_photo_measures_in_its_progress_section() -> None:
    from posture_tui.domain.records import Client
    from posture_tui.exports.api import export_bytes

    first = evolve(
        visit(1), photos=(_photo("side", Measure("head_forward_cm", 6.0, "cm", None, 0.9)),)
    )
    second = evolve(
        visit(2), photos=(_photo("side", Measure("head_forward_cm", 4.0, "cm", None, 0.9)),)
    )
    client = Client(id="c1", name="Bo Berg")
    text = export_bytes("note", "md", client, second, KNOWLEDGE, earlier=first).decode()
    section = text[text.index("### Photo measures") :]
    row = "| Head forward of the shoulder (side photo) | 6 cm | 4 cm | \\-2 cm | better |"
    assert row in section  # Markdown escapes the minus sign
