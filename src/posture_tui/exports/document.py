"""A neutral document model (sections of blocks) that every export renderer draws."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from attrs import field, frozen

from posture_tui.domain.text import without_unsafe
from posture_tui.exports.figures import Picture

if TYPE_CHECKING:
    from posture_tui.settings import Logo

# Control characters (C0, C1, DEL), bidi overrides and line separators could move a terminal's
# cursor, clear the screen or hide text when a text export is printed: the one text rule
# (domain/text.py) leaves them out.


def clean(text: object) -> str:
    """Record text made safe to place in any format: no control characters, no stray spaces,
    accents precomposed (NFC) so every renderer and font sees one character per letter."""
    value = unicodedata.normalize("NFC", "" if text is None else str(text))
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return without_unsafe(value, multiline=True).strip()


def one_line(text: object) -> str:
    """Record text for a cell or a title: newlines and runs of spaces become one space."""
    return " ".join(clean(text).split())


def _rows(value: object) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(one_line(cell) for cell in row) for row in value)  # type: ignore[attr-defined]


def _pairs(value: object) -> tuple[tuple[str, str], ...]:
    return tuple((one_line(k), one_line(v)) for k, v in value)  # type: ignore[attr-defined]


def _lines(value: object) -> tuple[str, ...]:
    return tuple(one_line(line) for line in value)  # type: ignore[attr-defined]


@frozen
class Paragraph:
    """Running text; may hold several lines (kept as separate lines by every renderer)."""

    text: str = field(converter=clean)
    emphasis: bool = False


@frozen
class Subheading:
    """A heading inside a section."""

    text: str = field(converter=one_line)


@frozen
class Fields:
    """Label and value pairs, shown as a short definition list."""

    rows: tuple[tuple[str, str], ...] = field(converter=_pairs)


@frozen
class Bullets:
    """A plain list of one-line items."""

    items: tuple[str, ...] = field(converter=_lines)
    empty: str = "None recorded."


@frozen
class Table:
    """Rows of one-line cells under column headings."""

    columns: tuple[str, ...] = field(converter=_lines)
    rows: tuple[tuple[str, ...], ...] = field(converter=_rows)
    empty: str = "None recorded."
    # A form to fill in (the handout's tick log): every empty cell is a box, and the table is
    # kept whole on one page.
    form: bool = False


Span = tuple[str, str | None]  # text and a style name (None: plain)
# Style names become HTML class names: letters, digits and hyphens only.
_STYLE = re.compile(r"[^a-z0-9-]")


def _span_text(text: object) -> str:
    """Span text keeps its spaces (columns line up) but loses control characters and breaks."""
    value = unicodedata.normalize("NFC", "" if text is None else str(text))
    return without_unsafe(value.replace("\t", " ").replace("\r", "").replace("\n", " "))


def _figure_lines(value: object) -> tuple[tuple[Span, ...], ...]:
    return tuple(
        tuple(
            (_span_text(text), (_STYLE.sub("", style.lower()) or None) if style else None)
            for text, style in line
        )
        for line in value  # type: ignore[attr-defined]
    )


@frozen
class Figure:
    """Preformatted lines drawn in a monospace font exactly as given (a text figure such as the
    body map); each line is spans of text with an optional style name used for colour only."""

    lines: tuple[tuple[Span, ...], ...] = field(converter=_figure_lines)

    @property
    def text_lines(self) -> tuple[str, ...]:
        """The lines as plain text, trailing spaces dropped."""
        return tuple("".join(text for text, _ in line).rstrip() for line in self.lines)

    @property
    def width(self) -> int:
        """Columns of the widest line."""
        return max((len(line) for line in self.text_lines), default=0)


@frozen
class Item:
    """A numbered entry with a title, label/value details and a sentence (an exercise card)."""

    number: int
    title: str = field(converter=one_line)
    fields: tuple[tuple[str, str], ...] = field(converter=_pairs)
    text: str = field(default="", converter=clean)
    # the exercise's start and end position (exports/figures.py): drawn in HTML and PDF only
    picture: Picture | None = None


@frozen
class PhotoBlock:
    """A visit's photo with its landmarks and plumb line drawn over it (JPEG bytes; empty when
    it could not be drawn, `missing` saying why) and its measures, one line each: the text
    formats show the caption and the lines only."""

    caption: str = field(converter=one_line)
    lines: tuple[str, ...] = field(converter=_lines)
    image: bytes = b""
    width: int = 0  # the drawn image's pixels
    height: int = 0
    missing: str = field(default="", converter=one_line)


Block = Paragraph | Subheading | Fields | Bullets | Table | Item | Figure | PhotoBlock


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


@frozen
class Section:
    """A headed part of a document."""

    heading: str = field(converter=one_line)
    blocks: tuple[Block, ...] = field(factory=tuple, converter=_blocks)


def _sections(value: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(value)


@frozen
class Document:
    """A whole export: title, header facts, sections and a closing line.

    `kind` is "handout" or "note"; `created` fixes the PDF's creation date so the same record
    always exports to the same bytes.
    """

    kind: str
    title: str = field(converter=one_line)
    meta: tuple[tuple[str, str], ...] = field(converter=_pairs)
    sections: tuple[Section, ...] = field(converter=_sections)
    created: datetime
    footer: str = field(default="", converter=clean)
    # The clinic (settings): its name, address and phone at the top, its logo beside them, and
    # the line at the foot of every PDF page (empty: "posture-tui client handout").
    letterhead: tuple[str, ...] = field(default=(), converter=_lines)
    logo: Logo | None = None
    page_footer: str = field(default="", converter=one_line)

    def all_text(self) -> str:
        """Every piece of text in the document, one per line (to choose fonts by script)."""
        parts = [self.title, self.footer, *(text for pair in self.meta for text in pair)]
        parts += [*self.letterhead, self.page_footer]
        for section in self.sections:
            parts.append(section.heading)
            for block in section.blocks:
                parts.extend(_block_text(block))
        return "\n".join(parts)


def _block_text(block: Block) -> list[str]:
    if isinstance(block, Paragraph | Subheading):
        return [block.text]
    if isinstance(block, Fields):
        return [text for pair in block.rows for text in pair]
    if isinstance(block, Bullets):
        return [*block.items, block.empty]
    if isinstance(block, Table):
        return [*block.columns, *(cell for row in block.rows for cell in row), block.empty]
    if isinstance(block, Figure):
        return list(block.text_lines)
    if isinstance(block, PhotoBlock):
        return [block.caption, *block.lines, block.missing]
    return [block.title, block.text, *(text for pair in block.fields for text in pair)]
