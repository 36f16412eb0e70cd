"""Self-contained printable HTML: inline CSS, no external assets, every record text escaped."""

from __future__ import annotations

import base64
from functools import cache
from html import escape as _escape
from importlib.resources import files

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
from posture_tui.exports.figures import html as figure_html
from posture_tui.exports.fonts import cjk_font_face

# Nothing may load from anywhere: no scripts, images, fonts or links to other sites.
CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"
# The family name the stylesheet lists for Chinese, Japanese and Korean text.
CJK_FAMILY = "posture-tui CJK"
# A word this long may break inside a table cell (no shipped word comes close).
LONG_RUN = 30


def escape(text: str) -> str:
    """Text as HTML character data or attribute value."""
    return _escape(text, quote=True)


@cache
def stylesheet() -> str:
    """The export stylesheet shipped beside this module."""
    return files("posture_tui.exports").joinpath("export.css").read_text(encoding="utf-8")


def _lines(text: str) -> str:
    return "<br>\n".join(escape(line) for line in text.split("\n") if line.strip())


def _dl(rows: tuple[tuple[str, str], ...], css: str) -> str:
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f'<dl class="{css}">{items}</dl>'


def _long(cell: str) -> str:
    """The class of a cell with a run of LONG_RUN characters or more without a space: only
    there may the browser break inside a word."""
    return ' class="long"' if any(len(word) >= LONG_RUN for word in cell.split()) else ""


def _table(block: Table) -> str:
    if not block.rows:
        return f'<p class="empty">{escape(block.empty)}</p>'
    head = "".join(f'<th scope="col">{escape(col)}</th>' for col in block.columns)
    body = "".join(
        "<tr>" + "".join(f"<td{_long(cell)}>{escape(cell)}</td>" for cell in row) + "</tr>\n"
        for row in block.rows
    )
    css = ' class="form"' if block.form else ""
    return f"<table{css}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def _figure(block: Figure) -> str:
    """A `<pre>` kept whole on one printed page; styled spans only colour what the text says."""
    lines = []
    for line in block.lines:
        parts = [
            f'<span class="f-{style}">{escape(text)}</span>' if style else escape(text)
            for text, style in line
            if text
        ]
        lines.append("".join(parts))
    return '<figure class="figure"><pre>' + "\n".join(lines) + "</pre></figure>"


def _photo(block: PhotoBlock) -> str:
    """The drawn photo as a data: URI (nothing loads from anywhere), its caption, its measures."""
    picture = ""
    if block.image:
        data = base64.b64encode(block.image).decode("ascii")
        picture = (
            f'<img alt="{escape(block.caption)} with its landmarks and plumb line" '
            f'width="{block.width}" height="{block.height}" src="data:image/jpeg;base64,{data}">'
        )
    missing = f'<p class="empty">{escape(block.missing)}</p>' if block.missing else ""
    items = "".join(f"<li>{escape(line)}</li>" for line in block.lines)
    measures = f"<ul>{items}</ul>" if items else ""
    return (
        f'<figure class="photo">{picture}<figcaption>{escape(block.caption)}</figcaption>'
        f"{missing}{measures}</figure>"
    )


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        css = ' class="emphasis"' if block.emphasis else ""
        return f"<p{css}>{_lines(block.text)}</p>"
    if isinstance(block, Subheading):
        return f"<h3>{escape(block.text)}</h3>"
    if isinstance(block, Fields):
        return _dl(block.rows, "fields")
    if isinstance(block, Bullets):
        if not block.items:
            return f'<p class="empty">{escape(block.empty)}</p>'
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, PhotoBlock):
        return _photo(block)
    if isinstance(block, Item):
        text = f'<p class="instruction">{_lines(block.text)}</p>' if block.text else ""
        pose = figure_html(block.picture) + "\n" if block.picture is not None else ""
        return (
            f'<article class="exercise">\n<h3>{block.number}. {escape(block.title)}</h3>\n'
            f"{_dl(block.fields, 'fields')}\n{text}\n{pose}</article>"
        )
    raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover


def _letterhead(document: Document) -> str:
    """The clinic (settings): its logo as a data: URI beside its name, address and phone."""
    if not document.letterhead and document.logo is None:
        return ""
    logo = ""
    if document.logo is not None:
        data = base64.b64encode(document.logo.data).decode("ascii")
        logo = f'<img class="logo" alt="" src="data:{document.logo.mime};base64,{data}">'
    first, *rest = (*document.letterhead, "")
    lines = f"<strong>{escape(first)}</strong>" + "".join(
        f"<br>{escape(line)}" for line in rest if line
    )
    return f'<div class="letterhead">{logo}<p>{lines}</p></div>\n'


def render_html(document: Document) -> str:
    """The whole document as one HTML page that opens offline and prints on A4 or Letter."""
    sections = "\n".join(
        f"<section>\n<h2>{escape(section.heading)}</h2>\n"
        + "\n".join(_block(block) for block in section.blocks)
        + "\n</section>"
        for section in document.sections
    )
    footer = f"<footer><p>{_lines(document.footer)}</p></footer>\n" if document.footer else ""
    if document.page_footer:
        footer += f'<p class="page-footer">{escape(document.page_footer)}</p>\n'
    body = (
        f"<header>\n{_letterhead(document)}<h1>{escape(document.title)}</h1>\n"
        f"{_dl(document.meta, 'meta')}\n</header>\n"
        f"<main>\n{sections}\n</main>\n{footer}"
    )
    # A name in Chinese, Japanese or Korean prints on any machine: its characters travel inline.
    font_face = cjk_font_face(document.all_text(), CJK_FAMILY)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(document.title)}</title>\n"
        f"<style>\n{font_face}{stylesheet()}</style>\n</head>\n"
        f'<body class="{escape(document.kind)}">\n{body}</body>\n</html>\n'
    )
