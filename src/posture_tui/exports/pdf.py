"""PDF renderer (fpdf2) with embedded Unicode fonts: Noto Sans, and Noto Sans CJK as fallback."""

from __future__ import annotations

import io
import logging
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

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
from posture_tui.exports.errors import ExportError
from posture_tui.exports.figures import draw_pdf, pdf_size
from posture_tui.exports.fonts import (
    body_codepoints,
    cjk_subset_file,
    fallback_characters,
    font_codepoints,
    needs_greek_cyrillic,
    static_body_fonts,
)
from posture_tui.exports.formats import PAPERS

# fpdf2 logs missing glyphs by quoting them, which would put record text (health data) in a log.
logging.getLogger("fpdf").setLevel(logging.ERROR)
BODY = "NotoSans"
CJK = "NotoSansCJK"
MISSING = "?"
MONO = "Courier"  # a PDF core font: text figures are ASCII, so nothing needs embedding
FIGURE_MAX_SIZE = 9.0  # points; smaller when the figure's columns need it to fit the page
PT = 25.4 / 72  # millimetres per point
LONGEST_WORD_MM = 45.0  # the widest word a table column widens for; wider ones break
# Colour only repeats what the digits and symbols say (as in the HTML export).
FIGURE_COLOURS: dict[str, tuple[int, int, int]] = {
    "art": (110, 110, 110),
    "pain-mild": (46, 125, 50),
    "sev-1": (46, 125, 50),
    "pain-moderate": (154, 91, 0),
    "sev-2": (154, 91, 0),
    "pain-severe": (198, 40, 40),
    "sev-3": (198, 40, 40),
    "seen": (21, 101, 192),  # the handout's body map: found by the therapist
    "inferred": (110, 110, 110),  # worked out from the findings, not seen
}
FIGURE_BOLD = frozenset({"title", *FIGURE_COLOURS} - {"art"})
_BOLD = FontFace(emphasis="BOLD")
_HEADINGS = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


class _Pdf(FPDF):
    """FPDF with the export's fonts and a page-number footer."""

    def __init__(self, paper: str, footer_text: str, text: str, *, dense: bool = False) -> None:
        super().__init__(orientation="portrait", unit="mm", format=paper)
        # The therapist's note is a record read at a desk: a point smaller than the client's
        # handout keeps a typical visit to about three pages.
        self.text_size, self.text_line = (9.0, 4.4) if dense else (10.0, 5.0)
        self._footer_text = footer_text
        greek_cyrillic = needs_greek_cyrillic(text)
        for style, path in static_body_fonts(greek_cyrillic).items():
            self.add_font(BODY, style, str(path))
        self._covered = body_codepoints(greek_cyrillic)
        # The CJK font only when the text has characters the body font lacks, and then only a
        # subset of those characters (loading all 16 MB of it took half a second per export).
        others = fallback_characters(text, greek_cyrillic)
        if others:
            cjk = cjk_subset_file(others)
            drawn = font_codepoints(cjk)
            if drawn:  # none when the CJK font lacks them too (Arabic): they print as "?"
                try:
                    self.add_font(CJK, "", str(cjk))
                except FileNotFoundError:  # trimmed from the cache by another process just now
                    self.add_font(CJK, "", str(cjk_subset_file(others)))
                self.set_fallback_fonts([CJK], exact_match=False)
                self._covered = self._covered | drawn
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.alias_nb_pages()

    def normalize_text(self, text: str) -> str:
        """A character no embedded font has becomes "?", so a lost letter shows instead of
        vanishing from the record."""
        covered = self._covered
        return "".join(c if ord(c) in covered or c in "\n " else MISSING for c in text)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(BODY, "", 8)
        self.cell(0, 5, f"{self._footer_text}  ·  page {self.page_no()} of {{nb}}", align="C")


def _para(pdf: _Pdf, text: str, style: str = "", size: float = 0, height: float = 0) -> None:
    pdf.set_font(BODY, style, size or pdf.text_size)
    height = height or pdf.text_line
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, height, line, align="L", new_x="LMARGIN", new_y="NEXT")


def _fields(pdf: _Pdf, rows: tuple[tuple[str, str], ...], indent: float = 0) -> None:
    pdf.set_font(BODY, "", pdf.text_size)
    width = pdf.epw - indent
    with pdf.table(
        borders_layout="NONE",
        first_row_as_headings=False,
        col_widths=(32, width - 32),  # labels are short; the value gets the rest
        width=width,
        align="RIGHT" if indent else "LEFT",
        text_align="LEFT",
        padding=(0.6, 1.2),
        line_height=pdf.text_line - 0.2,
    ) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label, style=_BOLD)
            row.cell(value or "-")


def _col_widths(pdf: _Pdf, block: Table) -> tuple[float, ...]:
    """Column widths in mm: every column at least as wide as its longest word (its heading's
    too, in bold), so words never break across lines; the room left goes to the columns whose
    text is longer than that, in proportion. A word wider than LONGEST_WORD_MM (a pasted URL,
    a run of CJK characters without spaces) counts as that wide and breaks inside its cell:
    taken whole, it squeezed the other columns below one character and fpdf2 refused to render
    the table."""
    pad = 2 * 1.2 + 0.6  # the cell's padding either side, and a little for rounding
    words: list[float] = []
    natural: list[float] = []
    for i, column in enumerate(block.columns):
        pdf.set_font(BODY, "B", 9)
        word = max((pdf.get_string_width(w) for w in column.split()), default=0.0)
        whole = pdf.get_string_width(column)
        pdf.set_font(BODY, "", 9)
        for row in block.rows:
            cell = row[i]
            word = max(word, *(pdf.get_string_width(w) for w in cell.split()), 0.0)
            whole = max(whole, pdf.get_string_width(cell))
        words.append(min(word, LONGEST_WORD_MM) + pad)
        natural.append(max(whole + pad, words[-1]))
    room = pdf.epw - sum(words)
    if room <= 0:  # only when truly long words fill the width: those words break
        return tuple(words)
    extra = [n - w for n, w in zip(natural, words, strict=True)]
    if sum(extra) <= room:  # everything fits on one line: spread the spare room evenly
        spare = (room - sum(extra)) / len(words)
        return tuple(n + spare for n in natural)
    return tuple(w + room * e / sum(extra) for w, e in zip(words, extra, strict=True))


def _start_height(pdf: _Pdf, block: Figure | Table) -> float:
    """Height (mm) of a whole figure, or of a table's heading row and first row: what must
    fit under a heading for the heading not to stand alone at the foot of a page."""
    if isinstance(block, Figure):
        return _figure_height(pdf, block)
    if not block.rows:
        return 6.0
    widths = _col_widths(pdf, block)
    height = 0.0
    for style, cells in (("B", block.columns), ("", block.rows[0])):
        pdf.set_font(BODY, style, 9)
        lines = max(
            int(pdf.get_string_width(cell) // max(width - 3.0, 1.0)) + 1
            for cell, width in zip(cells, widths, strict=True)
        )
        height += lines * 4.4 + 1.6
    return height


FORM_ROW = 6.5  # mm: a box a client can tick with a pen


def _table_height(pdf: _Pdf, block: Table) -> float:
    """Height (mm) of a whole table (a form's rows are at least FORM_ROW high)."""
    widths = _col_widths(pdf, block)
    height = 2.0
    for style, cells in (("B", block.columns), *(("", row) for row in block.rows)):
        pdf.set_font(BODY, style, 9)
        lines = max(
            int(pdf.get_string_width(cell) // max(width - 3.0, 1.0)) + 1
            for cell, width in zip(cells, widths, strict=True)
        )
        height += max(lines * 4.4 + 1.6, FORM_ROW if block.form and style == "" else 0.0)
    return height


def _paragraph_height(pdf: _Pdf, block: Paragraph) -> float:
    pdf.set_font(BODY, "I" if block.emphasis else "", pdf.text_size)
    lines = sum(
        int(pdf.get_string_width(line) // pdf.epw) + 1 for line in block.text.split("\n") if line
    )
    return pdf.text_line * lines + 1.5


def _lead_height(pdf: _Pdf, blocks: tuple[Block, ...]) -> float:
    """Height (mm) of a section's heading, its opening paragraphs and the first thing after
    them (a whole card, figure or form; a table's first row; a few lines of anything else):
    what must fit for the heading not to stand alone at the foot of a page."""
    height = 14.0  # the heading and its rule
    for block in blocks:
        if isinstance(block, Paragraph):
            height += _paragraph_height(pdf, block)
            continue
        if isinstance(block, Item):
            height += _item_height(pdf, block)
        elif isinstance(block, Table) and block.form:
            height += _table_height(pdf, block)
        elif isinstance(block, Figure | Table):
            height += _start_height(pdf, block)
        elif isinstance(block, PhotoBlock):
            height += max(_photo_size(pdf, block)[1], 20) + 4
        else:
            height += 12
        break
    return min(height, pdf.eph * 0.7)  # never more than most of a page


def _table(pdf: _Pdf, block: Table) -> None:
    if not block.rows:
        _para(pdf, block.empty, "I")
        return
    if block.form and pdf.will_page_break(_table_height(pdf, block)):
        pdf.add_page()  # a form to fill in stays on one page
    pdf.set_font(BODY, "", 9)
    with pdf.table(
        col_widths=_col_widths(pdf, block),
        width=pdf.epw,
        headings_style=_HEADINGS,
        text_align="LEFT",
        padding=(0.8, 1.2),
        line_height=4.4,
        repeat_headings=1,
        min_row_height=FORM_ROW if block.form else 0,  # a form's boxes: tall enough to tick
    ) as table:
        table.row(block.columns)
        for cells in block.rows:
            table.row([cell or " " for cell in cells])
    pdf.ln(2)


PICTURE_SHARE = 0.45  # at most this share of a card's width goes to its picture
PICTURE_GAP = 4.0  # mm between a card's text and its picture


def _card_columns(pdf: _Pdf, block: Item) -> tuple[float, float]:
    """Widths (mm) of a card's text and of its picture beside it (0: no picture)."""
    width = pdf.epw - 6
    if block.picture is None:
        return width, 0.0
    picture = pdf_size(block.picture, width * PICTURE_SHARE)[0]
    return width - picture - PICTURE_GAP, picture


def _item_height(pdf: _Pdf, block: Item) -> float:
    """Height (mm) of a whole exercise card: its title, then its words with the picture beside
    them (below them, a card was a third of a page and left the foot of pages empty)."""
    text_width, picture_width = _card_columns(pdf, block)
    pdf.set_font(BODY, "", pdf.text_size)
    text_lines = sum(
        int(pdf.get_string_width(line) // text_width) + 1 for line in block.text.split("\n") if line
    )
    value_width = text_width - 32 - 2.4
    field_lines = sum(
        int(pdf.get_string_width(value) // value_width) + 1 for _, value in block.fields
    )
    words = 5.5 * field_lines + pdf.text_line * text_lines
    picture = pdf_size(block.picture, picture_width)[1] + 2 if block.picture is not None else 0.0
    return 8 + max(words, picture) + 3


def _item(pdf: _Pdf, block: Item) -> None:
    # An exercise card never splits across two pages: start a new page when it would not fit.
    if pdf.will_page_break(_item_height(pdf, block)):
        pdf.add_page()
    _para(pdf, f"{block.number}. {block.title}", "B", 11, 6)
    text_width, picture_width = _card_columns(pdf, block)
    top = pdf.get_y()
    bottom = top
    if block.picture is not None:  # the start and end position, as vector line art
        x = pdf.l_margin + 6 + text_width + PICTURE_GAP
        bottom = top + draw_pdf(pdf, block.picture, x, top + 1, picture_width) + 2
    left, right = pdf.l_margin, pdf.r_margin
    pdf.set_left_margin(left + 6)  # the words keep to their column, left of the picture
    pdf.set_right_margin(right + picture_width + (PICTURE_GAP if picture_width else 0))
    try:
        pdf.set_x(pdf.l_margin)
        _fields(pdf, block.fields)
        if block.text:
            pdf.set_font(BODY, "", pdf.text_size)
            pdf.multi_cell(0, pdf.text_line, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
    finally:
        pdf.set_left_margin(left)
        pdf.set_right_margin(right)
    pdf.set_y(max(pdf.get_y(), bottom))
    pdf.ln(2.5)


def _ascii(text: str) -> str:
    return "".join(char if " " <= char <= "~" else MISSING for char in text)


def _runs(line: tuple[tuple[str, str | None], ...]) -> list[tuple[str, str, tuple[int, ...]]]:
    """Spans merged into runs of one font style and colour: (text, style, colour)."""
    runs: list[tuple[str, str, tuple[int, ...]]] = []
    for text, name in line:
        style = "B" if name in FIGURE_BOLD else ""
        colour = FIGURE_COLOURS.get(name or "", (0, 0, 0))
        if runs and runs[-1][1:] == (style, colour):
            runs[-1] = (runs[-1][0] + text, style, colour)
        elif text:
            runs.append((text, style, colour))
    return runs


def _figure_size(pdf: _Pdf, block: Figure) -> tuple[float, float]:
    """Font size (pt) that fits the widest line in the page width, and the line height (mm)."""
    pdf.set_font(MONO, "", 10)
    per_point = pdf.get_string_width("M") / 10  # a Courier column, in mm per point of size
    size = min(FIGURE_MAX_SIZE, pdf.epw / (max(block.width, 1) * per_point))
    return size, size * PT * 1.2


def _figure_height(pdf: _Pdf, block: Figure) -> float:
    return _figure_size(pdf, block)[1] * len(block.lines) + 2


def _figure(pdf: _Pdf, block: Figure) -> None:
    """Monospace lines as given, the font scaled down so the widest fits the page width, and
    the whole figure kept on one page."""
    size, height = _figure_size(pdf, block)
    if pdf.will_page_break(_figure_height(pdf, block)):
        pdf.add_page()
    margin = pdf.c_margin
    pdf.c_margin = 0
    for line in block.lines:
        pdf.set_x(pdf.l_margin)
        for text, style, colour in _runs(line):
            pdf.set_font(MONO, style, size)
            pdf.set_text_color(*colour)
            text = _ascii(text)
            pdf.cell(pdf.get_string_width(text), height, text)
        pdf.ln(height)
    pdf.c_margin = margin
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)


PHOTO_HEIGHT = 110.0  # mm: a standing client, tall enough to see the landmarks


def _photo_size(pdf: _Pdf, block: PhotoBlock) -> tuple[float, float]:
    if not block.image or not block.width or not block.height:
        return 0.0, 0.0
    height = min(PHOTO_HEIGHT, pdf.eph * 0.6)
    width = height * block.width / block.height
    if width > pdf.epw * 0.6:
        width = pdf.epw * 0.6
        height = width * block.height / block.width
    return width, height


def _photo(pdf: _Pdf, block: PhotoBlock) -> None:
    """The drawn photo on the left, its caption and measures beside it, kept on one page."""
    width, height = _photo_size(pdf, block)
    words = pdf.text_line * (len(block.lines) * 2 + 3)
    if pdf.will_page_break(max(height, words) + 4):
        pdf.add_page()
    top, left = pdf.get_y(), pdf.l_margin
    if width:
        pdf.image(io.BytesIO(block.image), x=left, y=top, w=width, h=height)
        pdf.set_left_margin(left + width + 4)
        pdf.set_xy(left + width + 4, top)
    _para(pdf, block.caption, "B")
    if block.missing:
        _para(pdf, block.missing, "I")
    for line in block.lines:
        _para(pdf, f"• {line}")
    bottom = max(pdf.get_y(), top + height)
    pdf.set_left_margin(left)
    pdf.set_xy(left, bottom + 3)


def _block(pdf: _Pdf, block: Block) -> None:
    if isinstance(block, Paragraph):
        _para(pdf, block.text, "I" if block.emphasis else "")
        pdf.ln(1.5)
    elif isinstance(block, Subheading):
        if pdf.will_page_break(22):  # keep a heading with what follows it
            pdf.add_page()
        pdf.ln(1.5)
        _para(pdf, block.text, "B", 11, 6)
    elif isinstance(block, Fields):
        _fields(pdf, block.rows)
    elif isinstance(block, Bullets):
        if not block.items:
            _para(pdf, block.empty, "I")
        pdf.set_font(BODY, "", pdf.text_size)
        line = pdf.text_line
        for item in block.items:
            pdf.set_x(pdf.l_margin + 1)
            pdf.cell(5, line, "•")  # wrapped lines hang under the text, not under the bullet
            pdf.multi_cell(pdf.epw - 6, line, item, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Item):
        _item(pdf, block)
    elif isinstance(block, Figure):
        _figure(pdf, block)
    elif isinstance(block, PhotoBlock):
        _photo(pdf, block)
    else:  # pragma: no cover
        raise TypeError(f"unknown block {type(block).__name__}")


LOGO_HEIGHT = 16.0  # millimetres; a wide logo is narrower than LOGO_WIDTH
LOGO_WIDTH = 55.0


def _letterhead(pdf: _Pdf, document: Document) -> None:
    """The clinic (settings) above the title: its logo at the right, name, address and phone."""
    if not document.letterhead and document.logo is None:
        return
    top = pdf.get_y()
    bottom, room = top, 0.0  # 0: the lines may use the whole width
    if document.logo is not None:
        logo = document.logo
        height = min(LOGO_HEIGHT, LOGO_WIDTH * logo.height / logo.width)
        width = height * logo.width / logo.height
        try:
            pdf.image(io.BytesIO(logo.data), x=pdf.l_margin + pdf.epw - width, y=top, h=height)
        except Exception as error:  # a damaged image file: one line, not a traceback
            raise ExportError(f"clinic logo cannot be drawn ({type(error).__name__})") from None
        bottom, room = top + height, pdf.epw - width - 4
    for index, line in enumerate(document.letterhead):
        pdf.set_font(BODY, "B" if index == 0 else "", 11 if index == 0 else 9)
        pdf.multi_cell(room, 5.5 if index == 0 else 4.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), bottom) + 2)
    pdf.set_draw_color(150, 150, 150)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(3)


def render_pdf(document: Document, paper: str = "a4") -> bytes:
    """The whole document as PDF bytes (A4 or Letter); same document, same bytes."""
    if paper not in PAPERS:
        raise ExportError(f"unknown paper size {paper!r} (use a4 or letter)")
    pdf = _Pdf(
        PAPERS[paper],
        document.page_footer
        or "posture-tui " + ("client handout" if document.kind == "handout" else "clinical note"),
        document.all_text(),
        dense=document.kind == "note",
    )
    pdf.set_title(document.title)
    pdf.set_creator("posture-tui")
    pdf.set_lang("en")
    pdf.set_creation_date(document.created)
    pdf.add_page()
    _letterhead(pdf, document)
    _para(pdf, document.title, "B", 16, 8)
    pdf.ln(1)
    _fields(pdf, document.meta)
    for section in document.sections:
        if pdf.will_page_break(_lead_height(pdf, section.blocks)):
            pdf.add_page()
        pdf.ln(3)
        _para(pdf, section.heading, "B", 13, 7)
        pdf.set_draw_color(90, 90, 90)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        pdf.ln(2)
        for block, following in zip(section.blocks, (*section.blocks[1:], None), strict=True):
            if (  # a heading stays with the figure, or the first row of the table, under it
                isinstance(block, Subheading)
                and isinstance(following, Figure | Table)
                and pdf.will_page_break(_start_height(pdf, following) + 10)
            ):
                pdf.add_page()
            _block(pdf, block)
    if document.footer:
        pdf.ln(4)
        _para(pdf, document.footer, "I", 9, 4.5)
    output: Any = pdf.output()
    return bytes(output)
