"""The body map: pain, findings and flagged muscles per region and side, drawn as text figures.

`build_body_map` gathers the data into cells; `body_map_segments` lays the two figures out as
lines of (text, style class) pieces, from which `render_body_map` (plain lines, no colour),
`render_body_map_html` (exports) and the TUI widget (Rich styles) are made.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence

from attrs import frozen

from posture_tui.domain.analysis import Flag
from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.domain.records import Assessment
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.body_map_layout import (
    BACK,
    CELL_WIDTH,
    FIGURE_WIDTH,
    FRONT,
    GUTTER,
    LEGEND,
    MIDLINE_REGIONS,
    NAME_WIDTH,
    ROWS,
    SEVERITY_NAMES,
    SEVERITY_SYMBOLS,
    SHORT_NAMES,
    TITLE_LINES,
)
from posture_tui.progress.pain import pain_band

STRENGTH_SEVERITY: dict[str, int] = {"weak": 1, "moderate": 2, "strong": 3}
PAIN_BAND_LEVEL: dict[str, int] = {"mild": 1, "moderate": 2, "severe": 3}

Segment = tuple[str, str | None]  # text and a style class (None: plain)
CellKey = tuple[str, Side | None]  # region and LEFT / RIGHT (None for a midline region)


@frozen
class Mark:
    """A finding or a flagged muscle shown in a cell."""

    kind: str  # "finding" or "muscle"
    id: str
    severity: int  # 1-3
    detail: str = ""  # e.g. "overactive, upper_crossed strong"


@frozen
class Cell:
    """One region on one side (side None for a midline region)."""

    region: str
    side: Side | None
    pain: int | None = None
    marks: tuple[Mark, ...] = ()

    @property
    def severity(self) -> int:
        return max((mark.severity for mark in self.marks), default=0)

    @property
    def empty(self) -> bool:
        return self.pain is None and not self.marks


@frozen
class BodyMap:
    """All cells with something in them, keyed by region and side."""

    cells: dict[CellKey, Cell]

    def cell(self, region: str, side: Side | None) -> Cell:
        key: CellKey = (region, None if region in MIDLINE_REGIONS else side)
        return self.cells.get(key, Cell(key[0], key[1]))


def _sides(region: str, side: Side | None) -> tuple[Side | None, ...]:
    """The cells a sided thing lands in: unsided or bilateral means both sides."""
    if region in MIDLINE_REGIONS:
        return (None,)
    if side in (Side.LEFT, Side.RIGHT):
        return (side,)
    return (Side.RIGHT, Side.LEFT)


def build_body_map(
    pain: Iterable[PainEntry] = (),
    findings: Iterable[Finding] = (),
    flags: Iterable[Flag] = (),
    knowledge: Knowledge | None = None,
) -> BodyMap:
    """Pain goes to its region; findings to their checklist item's regions and flagged muscles
    to the muscle's region (both need `knowledge`; without it only pain is placed)."""
    scores: dict[CellKey, int] = {}
    marks: dict[CellKey, dict[tuple[str, str], Mark]] = {}
    for entry in pain:
        for side in _sides(entry.region, entry.side):
            key = (entry.region, side)
            scores[key] = max(scores.get(key, 0), entry.score)

    def add(region: str, side: Side | None, mark: Mark) -> None:
        for cell_side in _sides(region, side):
            slot = marks.setdefault((region, cell_side), {})
            old = slot.get((mark.kind, mark.id))
            if old is None or old.severity < mark.severity:
                slot[(mark.kind, mark.id)] = mark

    if knowledge is not None:
        for finding in findings:
            item = knowledge.checklist.get(finding.item)
            if item is None or finding.severity <= 0:
                continue
            for region in item.regions:
                add(region, finding.side, Mark("finding", finding.item, finding.severity))
        for flag in flags:
            level = STRENGTH_SEVERITY.get(flag.strength_label, 1)
            for implication in flag.muscles:
                muscle = knowledge.muscles.get(implication.muscle)
                if muscle is None:
                    continue
                detail = f"{implication.role.value}, {flag.name} {flag.strength_label}"
                add(muscle.region, implication.side, Mark("muscle", muscle.id, level, detail))
    keys = scores.keys() | marks.keys()
    cells = {
        key: Cell(
            key[0],
            key[1],
            scores.get(key),
            tuple(sorted(marks.get(key, {}).values(), key=lambda m: (-m.severity, m.kind, m.id))),
        )
        for key in keys
    }
    return BodyMap(cells)


def body_map_for(assessment: Assessment, knowledge: Knowledge | None = None) -> BodyMap:
    """The body map of one visit: its pain, findings and the flags of its analysis."""
    return build_body_map(
        assessment.pain, assessment.findings, assessment.analysis.flags, knowledge
    )


def _cell_segments(cell: Cell) -> list[Segment]:
    pain = "  " if cell.pain is None else f"{cell.pain:>2}"
    band = pain_band(cell.pain)
    pain_style = f"pain-{band}" if band in PAIN_BAND_LEVEL else None
    severity = cell.severity
    symbol_style = f"sev-{severity}" if severity else None
    return [
        ("[", "frame"),
        (pain, pain_style),
        (SEVERITY_SYMBOLS.get(severity, "?"), symbol_style),
        ("]", "frame"),
    ]


# The client's handout marks what was seen apart from what the engine inferred from it.
SEEN, INFERRED = "X", "~"
CLIENT_LEGEND: tuple[str, ...] = (
    "How to read the map: a number is pain you told us about (out of 10).",
    f"{SEEN} marks where your therapist saw a change in your posture.",
    f"{INFERRED} marks where tension is likely, worked out from what was seen (not checked).",
)


def _client_cell_segments(cell: Cell) -> list[Segment]:
    """A cell for the client: the pain they reported, then X where a finding was seen, else ~
    where only a muscle was inferred from the findings."""
    pain = "  " if cell.pain is None else f"{cell.pain:>2}"
    band = pain_band(cell.pain)
    pain_style = f"pain-{band}" if band in PAIN_BAND_LEVEL else None
    kinds = {mark.kind for mark in cell.marks}
    if "finding" in kinds:
        mark: Segment = (SEEN, "seen")
    elif kinds:
        mark = (INFERRED, "inferred")
    else:
        mark = (" ", None)
    return [("[", "frame"), (pain, pain_style), mark, ("]", "frame")]


def _figure_lines(
    body_map: BodyMap, view: str, cell_segments: Callable[[Cell], list[Segment]] = _cell_segments
) -> list[list[Segment]]:
    # From the front the client's right is on the viewer's left; from behind it is on the right.
    left_side, right_side = (Side.RIGHT, Side.LEFT) if view == FRONT else (Side.LEFT, Side.RIGHT)
    lines: list[list[Segment]] = []
    blank_cell: Segment = (" " * CELL_WIDTH, None)
    for row in ROWS[view]:
        name = SHORT_NAMES.get(row.region, row.region)[:NAME_WIDTH]
        if row.region in MIDLINE_REGIONS:
            middle = [("|", "art"), *cell_segments(body_map.cell(row.region, None)), ("|", "art")]
            lines.append(
                [
                    (f"{name:>{NAME_WIDTH}} ", "name"),
                    blank_cell,
                    *middle,
                    blank_cell,
                    (f" {name:<{NAME_WIDTH}}", "name"),
                ]
            )
            continue
        lines.append(
            [
                (f"{name:>{NAME_WIDTH}} ", "name"),
                *cell_segments(body_map.cell(row.region, left_side)),
                (row.art, "art"),
                *cell_segments(body_map.cell(row.region, right_side)),
                (f" {name:<{NAME_WIDTH}}", "name"),
            ]
        )
    return lines


def _header(view: str) -> list[list[Segment]]:
    """Title (wrapped to the figure) and which side each column of cells is."""
    wrapped = TITLE_LINES[view]
    left, right = ("RIGHT", "LEFT") if view == FRONT else ("LEFT", "RIGHT")
    sides = (
        " " * (NAME_WIDTH + 1)
        + f"{left:^{CELL_WIDTH}}"
        + " " * (FIGURE_WIDTH - 2 * NAME_WIDTH - 2 - 2 * CELL_WIDTH)
        + f"{right:^{CELL_WIDTH}}"
        + " " * (NAME_WIDTH + 1)
    )
    titles: list[list[Segment]] = [[(f"{line:^{FIGURE_WIDTH}}", "title")] for line in wrapped]
    return [*titles, [(sides, "side")]]


def body_map_segments(
    body_map: BodyMap, *, legend: bool = True, client: bool = False
) -> list[list[Segment]]:
    """Both figures side by side (front on the left), then the legend; every line < 80 columns.
    For the `client` (the handout), cells tell seen from inferred instead of severity, and the
    legend says so in plain words."""
    cells = _client_cell_segments if client else _cell_segments
    front = _header(FRONT) + _figure_lines(body_map, FRONT, cells)
    back = _header(BACK) + _figure_lines(body_map, BACK, cells)
    lines: list[list[Segment]] = []
    for index in range(max(len(front), len(back))):
        left = front[index] if index < len(front) else [(" " * FIGURE_WIDTH, None)]
        right = back[index] if index < len(back) else []
        lines.append([*left, (" " * GUTTER, None), *right])
    if legend:
        lines.append([])
        lines.extend([(text, "legend")] for text in (CLIENT_LEGEND if client else LEGEND))
    return lines


def render_body_map(body_map: BodyMap, *, legend: bool = True) -> list[str]:
    """Plain text lines without colour (pain digits and severity symbols carry everything)."""
    return [
        "".join(text for text, _ in line).rstrip()
        for line in body_map_segments(body_map, legend=legend)
    ]


BODY_MAP_CSS = """
pre.body-map { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; line-height: 1.2; }
pre.body-map .bm-title { font-weight: bold; }
pre.body-map .bm-art { color: #777; }
pre.body-map .bm-pain-mild, pre.body-map .bm-sev-1 { color: #2e7d32; font-weight: bold; }
pre.body-map .bm-pain-moderate, pre.body-map .bm-sev-2 { color: #b26a00; font-weight: bold; }
pre.body-map .bm-pain-severe, pre.body-map .bm-sev-3 { color: #c62828; font-weight: bold; }
""".strip()


def render_body_map_html(body_map: BodyMap, *, legend: bool = True) -> str:
    """A `<pre class="body-map">` block with classed spans (style with BODY_MAP_CSS)."""
    out = []
    for line in body_map_segments(body_map, legend=legend):
        parts = []
        for text, style in line:
            escaped = html.escape(text)
            parts.append(f'<span class="bm-{style}">{escaped}</span>' if style else escaped)
        out.append("".join(parts).rstrip())
    return '<pre class="body-map">' + "\n".join(out) + "</pre>"


def _side_word(side: Side | None) -> str:
    return "" if side is None else f"{side.value} "


def body_map_details(body_map: BodyMap, knowledge: Knowledge | None = None) -> list[str]:
    """One line per cell with something in it, in words (region order of the knowledge base)."""
    order: Sequence[str] = list(knowledge.pain_regions) if knowledge is not None else []
    rank = {region: index for index, region in enumerate(order)}

    def sort_key(cell: Cell) -> tuple[int, str, str]:
        side = "" if cell.side is None else cell.side.value
        return (rank.get(cell.region, len(rank)), cell.region, side)

    lines = []
    for cell in sorted(body_map.cells.values(), key=sort_key):
        region = knowledge.region_name(cell.region) if knowledge else cell.region
        parts = []
        if cell.pain is not None:
            parts.append(f"pain {cell.pain}/10 ({pain_band(cell.pain)})")
        for mark in cell.marks:
            if mark.kind == "finding":
                item = knowledge.checklist.get(mark.id) if knowledge else None
                label = item.label if item else mark.id
            else:
                label = knowledge.muscle_name(mark.id) if knowledge else mark.id
            words = SEVERITY_NAMES[mark.severity]
            extra = f", {mark.detail}" if mark.detail else ""
            parts.append(f"{label} {SEVERITY_SYMBOLS.get(mark.severity, '?')} {words}{extra}")
        lines.append(f"{_side_word(cell.side)}{region}: " + "; ".join(parts))
    return lines
