"""Plain-text renderer: wrapped to 78 columns, wide (CJK) characters counted as two."""

from __future__ import annotations

import unicodedata

from posture_tui.exports.document import (
    Block,
    Bullets,
    Document,
    Fields,
    Figure,
    Item,
    Paragraph,
    PhotoBlock,
    Subheading,
    Table,
)

WIDTH = 78


def display_width(text: str) -> int:
    """Terminal columns a string takes: East Asian wide and full-width characters take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _split_long(word: str, width: int) -> list[str]:
    pieces, current = [], ""
    for char in word:
        if current and display_width(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def wrap(text: str, width: int = WIDTH, indent: str = "", first: str | None = None) -> list[str]:
    """Word-wrap one paragraph line; `first` replaces the indent on the first line."""
    lead = indent if first is None else first
    lines: list[str] = []
    current = lead
    room = width - display_width(lead)
    for word in text.split():
        chunks = _split_long(word, max(room, 10)) if display_width(word) > room else [word]
        for chunk in chunks:
            bare = current in (lead, indent)
            candidate = current + chunk if bare else f"{current} {chunk}"
            if display_width(candidate) > width and not bare:
                lines.append(current)
                current = indent + chunk
            else:
                current = candidate
    lines.append(current)
    return [line.rstrip() for line in lines]


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _table(block: Table) -> list[str]:
    if not block.rows:
        return [f"  {block.empty}"]
    if block.form:  # a form's empty cells are boxes to tick
        rows = [tuple(cell or "[]" for cell in row) for row in block.rows]
        block = Table(block.columns, rows, block.empty)
    widths = [display_width(col) for col in block.columns]
    for row in block.rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=True)]
    gaps = 2 + 2 * (len(widths) - 1)
    if sum(widths) + gaps > WIDTH:
        # Wrap the widest column inside what the others leave, if that leaves it room to read.
        widest = widths.index(max(widths))
        room = WIDTH - gaps - (sum(widths) - widths[widest])
        if room < 16:
            return _records(block)
        widths[widest] = room
    lines = [
        _row(block.columns, widths),
        "  " + "  ".join("-" * w for w in widths),
    ]
    for row in block.rows:
        lines += _wrapped_row(row, widths)
    return lines


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    return ("  " + "  ".join(_pad(c, w) for c, w in zip(cells, widths, strict=True))).rstrip()


def _wrapped_row(row: tuple[str, ...], widths: list[int]) -> list[str]:
    columns = [wrap(cell, width=w) if cell else [""] for cell, w in zip(row, widths, strict=True)]
    height = max(len(column) for column in columns)
    return [
        _row(tuple(col[i] if i < len(col) else "" for col in columns), widths)
        for i in range(height)
    ]


def _records(block: Table) -> list[str]:
    """A table too wide for the page: each row becomes a small labelled record."""
    lines: list[str] = []
    for row in block.rows:
        first = True
        for col, cell in zip(block.columns, row, strict=True):
            if not cell:
                continue
            lead = "  * " if first else "    "
            lines += wrap(f"{col}: {cell}", indent="      ", first=lead)
            first = False
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        lines: list[str] = []
        for line in block.text.split("\n"):
            if line.strip():
                lines += wrap(line)
        return lines
    if isinstance(block, Subheading):
        return [block.text, "-" * min(display_width(block.text), WIDTH)]
    if isinstance(block, Fields):
        return [
            line
            for label, value in block.rows
            for line in wrap(f"{label}: {value}", indent="    ", first="  ")
        ]
    if isinstance(block, Bullets):
        if not block.items:
            return [f"  {block.empty}"]
        return [line for item in block.items for line in wrap(item, indent="    ", first="  * ")]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return list(block.text_lines)  # drawn for 78 columns: never wrapped
    if isinstance(block, PhotoBlock):  # the picture is in the HTML and PDF only
        lines = wrap(block.caption)
        lines += [line for item in block.lines for line in wrap(item, indent="    ", first="  * ")]
        return lines + (wrap(block.missing, indent="  ", first="  ") if block.missing else [])
    if isinstance(block, Item):
        lines = wrap(block.title, indent="    ", first=f"{block.number}. ")
        for label, value in block.fields:
            lines += wrap(f"{label}: {value}", indent="      ", first="    ")
        for line in block.text.split("\n"):
            if line.strip():
                lines += wrap(line, indent="    ")
        return lines
    raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover


def render_text(document: Document) -> str:
    """The whole document as plain text ending in one newline."""
    title = wrap(document.title)
    parts: list[list[str]] = [[*title, "=" * min(max(map(display_width, title)), WIDTH)]]
    if document.letterhead:  # the clinic (settings) above the title
        parts.insert(0, [wrapped for line in document.letterhead for wrapped in wrap(line)])
    parts.append([line for k, v in document.meta for line in wrap(f"{k}: {v}", indent="    ")])
    for section in document.sections:
        heading = section.heading.upper()
        parts.append([heading, "=" * min(display_width(heading), WIDTH)])
        parts.extend(_block(block) for block in section.blocks)
    if document.footer:
        parts.append(["-" * WIDTH, *wrap(document.footer)])
    if document.page_footer:
        parts.append(wrap(document.page_footer))
    return "\n\n".join("\n".join(part) for part in parts) + "\n"
