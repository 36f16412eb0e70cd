"""The body map in the note and the handout: side-correct cells in every format, kept literal."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from io import BytesIO

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader
from tests.progress.test_body_map import cells, figure_row

from posture_tui.exports.api import build_document, render
from posture_tui.exports.document import Document, Figure, Section

from .test_html_pdf import pdf_text


def _map_lines(text: str) -> list[str]:
    """The figure's lines in a text or Markdown export (from its title to the foot row)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "FRONT (client facing you:" in line)
    end = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("foot"))
    return lines[start : end + 1]


@pytest.mark.parametrize("fmt", ["md", "txt"])
@pytest.mark.parametrize("what", ["handout", "note"])
def test_right_pain_is_on_the_viewers_left_from_the_front_and_right_from_behind(
    what, fmt, client, assessment, knowledge
):
    text = render(build_document(what, client, assessment, knowledge), fmt).decode()
    lines = _map_lines(text)
    # the record: right neck pain 6 with a severe flagged muscle on both sides of the neck (in
    # the handout: inferred, not seen)
    mark = "~" if what == "handout" else "#"
    assert cells(figure_row(lines, "front", "neck")) == (f"[ 6{mark}]", f"[  {mark}]")
    assert cells(figure_row(lines, "back", "neck")) == (f"[  {mark}]", f"[ 6{mark}]")
    assert cells(figure_row(lines, "front", "temple"))[0] == "[ 6 ]"
    assert all(len(line) <= 78 for line in lines)


def test_note_has_the_legend_the_painful_regions_in_words_and_the_rest_in_one_line(
    client, assessment, knowledge
):
    text = render(build_document("note", client, assessment, knowledge), "txt").decode()
    assert "Body map" in text
    assert "Legend: [ 6*] = pain 6/10 (NPRS)" in text
    assert "Head, temple, right: pain 6/10 (moderate)" in text
    flat = " ".join(text.split())
    # the other marked regions in one line: their findings and muscles are in O and A
    assert "Also marked, for the findings in O and the muscles in A: " in flat
    assert "Top of shoulder, Chest" in flat
    assert "muscles flagged" not in flat


def test_handout_explains_the_map_in_plain_words(client, assessment, knowledge):
    text = render(build_document("handout", client, assessment, knowledge), "txt").decode()
    found = text[text.index("WHAT WE FOUND") : text.index("STEP 1")]
    assert "FRONT (client facing you:" in found
    assert "your right side is on its left" in " ".join(found.split())
    assert "Legend:" not in found and "NPRS" not in found  # no clinical legend for the client


def test_markdown_shows_the_map_as_one_literal_code_block(client, assessment, knowledge):
    md = render(build_document("note", client, assessment, knowledge), "md").decode()
    page = MarkdownIt("commonmark").render(md)
    assert page.count("<pre><code") == 1
    code = page[page.index("<pre><code") : page.index("</code></pre>")]
    assert "face/jaw [   ] \\ = / [   ] face/jaw" in code  # backslashes shown, not escapes


def _figure_document(*lines: str) -> Document:
    figure = Figure([[(line, "pain-severe")] for line in lines])
    return Document(
        kind="note",
        title="t",
        meta=[],
        sections=[Section("s", [figure])],
        created=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_a_figure_line_cannot_close_its_fence_or_inject_html():
    document = _figure_document("````", "<b>x</b> [a](b)", "\x1b[2J end")
    page = MarkdownIt("commonmark").render(render(document, "md").decode())
    assert page.count("<pre><code") == 1 and "<b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt; [a](b)" in page and "\x1b" not in page
    html_page = render(document, "html").decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in html_page and "<b>" not in html_page
    # a style name only ever becomes a class of letters, digits and hyphens
    styled = Figure([[("x", '"><script>alert(1)</script>')]])
    assert styled.lines == ((("x", "scriptalert1script"),),)


class _Pre(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "pre"

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


@pytest.mark.parametrize("what", ["handout", "note"])
def test_html_map_reads_as_the_text_map_with_colour_classes(what, client, assessment, knowledge):
    document = build_document(what, client, assessment, knowledge)
    page = render(document, "html").decode()
    parser = _Pre()
    parser.feed(page)
    shown = [line.rstrip() for line in "".join(parser.text).splitlines()]
    text_map = _map_lines(render(document, "txt").decode())
    assert shown[: len(text_map)] == text_map
    assert '<span class="f-pain-moderate"> 6</span>' in page
    assert "break-inside: avoid" in page


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_pdf_map_fits_one_page_with_the_cells_in_place(paper, client, assessment, knowledge):
    data = render(build_document("note", client, assessment, knowledge), "pdf", paper=paper)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages]
    holding = [text for text in pages if "FRONT (client facing you:" in text]
    assert len(holding) == 1
    page_text = holding[0]
    assert "foot [ ]_/ \\_[ ] foot" in page_text  # the last row is on the same page
    assert "neck [ 6#] | | [ #] neck" in page_text  # front: the client's right on the left
    assert "neck [ #] | | [ 6#] neck" in page_text  # back: the client's right on the right
    assert "Head, temple, right: pain 6/10 (moderate)" in pdf_text(data)


def test_pdf_keeps_the_body_map_heading_with_the_map_wherever_it_falls(assessment, knowledge):
    from posture_tui.exports.body_map import note_body_map, visit_body_map
    from posture_tui.exports.document import Paragraph

    blocks = note_body_map(visit_body_map(assessment, assessment.pain, knowledge), knowledge)
    for filler in range(0, 56, 6):  # push the heading down the first page, line by line
        document = Document(
            kind="note",
            title="t",
            meta=[],
            sections=[Section("s", [*(Paragraph(f"line {n}") for n in range(filler)), *blocks])],
            created=datetime(2026, 1, 1, tzinfo=UTC),
        )
        pages = [page.extract_text() for page in PdfReader(BytesIO(render(document, "pdf"))).pages]
        holding = [text for text in pages if "Body map" in text]
        assert len(holding) == 1, filler
        assert "FRONT (client facing you:" in holding[0] and "Legend:" in holding[0], filler
