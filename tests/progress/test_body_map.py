"""The text body map: side-correct placement, symbols and digits without colour, width, legend."""

from __future__ import annotations

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.progress.body_map import (
    body_map_details,
    body_map_for,
    body_map_segments,
    build_body_map,
    render_body_map,
    render_body_map_html,
)
from posture_tui.progress.body_map_layout import (
    BACK_ROWS,
    FIGURE_WIDTH,
    FRONT_ROWS,
    GUTTER,
    SHORT_NAMES,
)

from .helpers import REGIONS, flag, overactive, small_knowledge, visit


def figure_row(lines: list[str], view: str, name: str) -> str:
    """The part of the line with `name` that belongs to one figure (front left, back right)."""
    for line in lines:
        half = line[:FIGURE_WIDTH] if view == "front" else line[FIGURE_WIDTH + GUTTER :]
        if half.strip().startswith(name) and half.strip().endswith(name):
            return half
    raise AssertionError(f"no {name} row in the {view} figure")


def cells(half: str) -> tuple[str, str]:
    """The left and right cell of a figure row, as shown (e.g. '[ 6 ]')."""
    first = half.index("[")
    last = half.rindex("[")
    return half[first : first + 5], half[last : last + 5]


def test_right_shoulder_pain_is_on_the_left_from_the_front_and_right_from_the_back() -> None:
    lines = render_body_map(
        build_body_map(
            [PainEntry("shoulder_top", 6, Side.RIGHT), PainEntry("shoulder_front", 7, Side.RIGHT)]
        )
    )
    front_left, front_right = cells(figure_row(lines, "front", "shoulder"))
    back_left, back_right = cells(figure_row(lines, "back", "shoulder"))
    assert (front_left, front_right) == ("[ 7 ]", "[   ]")
    assert (back_left, back_right) == ("[   ]", "[ 6 ]")


def test_titles_and_side_headers_say_which_view_it_is() -> None:
    lines = render_body_map(build_body_map())
    text = "\n".join(lines)
    front_title = " ".join(" ".join(line[:FIGURE_WIDTH].split()) for line in lines[:2])
    back_title = " ".join(" ".join(line[FIGURE_WIDTH:].split()) for line in lines[:2])
    assert front_title == "FRONT (client facing you: their right is on your left)"
    assert back_title.strip() == "BACK (their right is on your right)"
    header = next(line for line in text.splitlines() if "RIGHT" in line and "LEFT" in line)
    front, back = header[:FIGURE_WIDTH], header[FIGURE_WIDTH:]
    assert front.index("RIGHT") < front.index("LEFT")
    assert back.index("LEFT") < back.index("RIGHT")


def test_every_pain_region_is_drawn_and_lines_fit_78_columns() -> None:
    shown = {row.region for row in FRONT_ROWS} | {row.region for row in BACK_ROWS}
    assert shown == set(REGIONS)
    everything = build_body_map([PainEntry(region, 10, Side.LEFT) for region in REGIONS])
    lines = render_body_map(everything)
    assert max(len(line) for line in lines) <= 78  # leaves room for a scroll bar at 80 columns
    assert all(len(row.art) == 7 for row in (*FRONT_ROWS, *BACK_ROWS))
    assert all(len(name) <= 10 for name in SHORT_NAMES.values())
    assert sum(line.count("[10 ]") for line in lines) == len(FRONT_ROWS) + len(BACK_ROWS)


def test_unsided_and_bilateral_pain_fill_both_sides_and_sacrum_is_midline() -> None:
    lines = render_body_map(
        build_body_map(
            [
                PainEntry("neck", 3),
                PainEntry("knee", 5, Side.BILATERAL),
                PainEntry("sacrum", 4, Side.LEFT),
            ]
        )
    )
    assert cells(figure_row(lines, "front", "neck")) == ("[ 3 ]", "[ 3 ]")
    assert cells(figure_row(lines, "front", "knee")) == ("[ 5 ]", "[ 5 ]")
    sacrum = figure_row(lines, "back", "sacrum")
    assert sacrum.count("[") == 1 and "|[ 4 ]|" in sacrum


def test_findings_and_flagged_muscles_show_by_severity_symbol_without_colour() -> None:
    knowledge = small_knowledge()
    record = visit(
        1,
        findings=[
            Finding("shoulder_elevated", 2, Side.RIGHT),
            Finding("knee_valgus", 3, Side.LEFT),
        ],
        pain=[PainEntry("shoulder_top", 6, Side.RIGHT)],
        flags=[flag("upper_crossed", 0.4, "weak", [overactive("pectoralis_minor", Side.LEFT)])],
    )
    lines = render_body_map(body_map_for(record, knowledge))
    assert cells(figure_row(lines, "back", "shoulder")) == ("[   ]", "[ 6*]")  # moderate = *
    assert cells(figure_row(lines, "front", "knee")) == ("[   ]", "[  #]")  # severe = #, left
    assert cells(figure_row(lines, "front", "chest")) == ("[   ]", "[  +]")  # weak flag = mild +
    assert "\x1b" not in "".join(lines)
    legend = "\n".join(lines[-3:])
    for words in ("+ mild", "* moderate", "# severe", "pain 6/10"):
        assert words in legend


def test_worst_mark_wins_and_strong_flag_reads_severe() -> None:
    knowledge = small_knowledge()
    body_map = build_body_map(
        findings=[Finding("shoulder_elevated", 1, Side.RIGHT)],
        flags=[flag("upper_crossed", 0.9, "strong", [overactive("upper_trapezius", Side.RIGHT)])],
        knowledge=knowledge,
    )
    cell = body_map.cell("shoulder_top", Side.RIGHT)
    assert cell.severity == 3 and [m.kind for m in cell.marks] == ["muscle", "finding"]
    assert body_map.cell("shoulder_top", Side.LEFT).empty


def test_details_name_every_mark_in_words() -> None:
    knowledge = small_knowledge()
    record = visit(
        1,
        findings=[Finding("shoulder_elevated", 2, Side.RIGHT)],
        pain=[PainEntry("shoulder_top", 6, Side.RIGHT)],
        flags=[flag("upper_crossed", 0.9, "strong", [overactive("upper_trapezius", Side.RIGHT)])],
    )
    details = body_map_details(body_map_for(record, knowledge), knowledge)
    assert details == [
        "right Shoulder top: pain 6/10 (moderate); Upper trapezius # severe, overactive, "
        "Upper crossed strong; Shoulder elevated * moderate"
    ]


def test_segments_carry_style_classes_for_colour() -> None:
    segments = body_map_segments(build_body_map([PainEntry("neck", 9, Side.RIGHT)]))
    styles = {style for line in segments for _, style in line}
    assert {"pain-severe", "title", "art", "legend"} <= styles


def test_html_escapes_and_classes() -> None:
    html = render_body_map_html(build_body_map([PainEntry("neck", 2, Side.RIGHT)]))
    assert html.startswith('<pre class="body-map">') and html.endswith("</pre>")
    assert '<span class="bm-pain-mild"> 2</span>' in html
    assert "&lt;" not in html  # nothing to escape in the art; "\\" and "/" kept as text
    assert "FRONT (client facing you:" in html


def test_plain_map_is_ascii_so_every_export_font_can_draw_it() -> None:
    lines = render_body_map(
        build_body_map([PainEntry(region, 8, Side.RIGHT) for region in REGIONS])
    )
    assert all(line.isascii() for line in lines)
