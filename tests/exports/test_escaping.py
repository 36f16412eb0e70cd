"""Record text never changes the structure of an export: HTML, Markdown and text injection."""

from __future__ import annotations

import html
import re
from functools import cache
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from posture_tui.exports.api import build_document, render
from posture_tui.exports.markdown import escape

from .records import with_name

SCRIPT = "<script>alert(1)</script>"
NASTY = "Ann | *bold* `code` [x](http://evil) <b>b</b>\n# Heading\n- item\n1. one & \\ _u_ ~s~"


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _outside_code(text: str) -> str:
    """Markdown or HTML without its code blocks (the body map's figure is literal text there)."""
    text = re.sub(r"^(`{3,})text\n.*?^\1$", "", text, flags=re.S | re.M)
    return re.sub(r"<pre><code.*?</code></pre>", "", text, flags=re.S)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("what", ["handout", "note"])
def test_html_shows_a_script_name_as_text(what, client, assessment, knowledge):
    evil = with_name(client, SCRIPT)
    therapist = attrs.evolve(assessment, therapist='"><img src=x onerror=alert(2)>')
    page = render(build_document(what, evil, therapist, knowledge), "html").decode()
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert SCRIPT in "".join(parser.text)  # shown to the reader, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onerror=alert(2)&gt;" in page and "<img" not in page


def test_html_is_self_contained(client, assessment, knowledge):
    page = render(build_document("handout", client, assessment, knowledge), "html").decode()
    assert not re.search(r"""(src|href)\s*=|@import|url\((?!data:)|<link|<script""", page, re.I)
    assert "default-src 'none'" in page  # nothing may load even if text slipped through
    assert "@media print" in page and "@page" in page
    assert '<meta charset="utf-8">' in page


@pytest.mark.parametrize("what", ["handout", "note"])
def test_markdown_text_cannot_break_structure(what, client, assessment, knowledge):
    evil = attrs.evolve(with_name(client, NASTY), complaints=NASTY)
    record = attrs.evolve(assessment, notes=NASTY, therapist="T | x")
    md = _outside_code(render(build_document(what, evil, record, knowledge), "md").decode())
    lines = md.splitlines()
    # one title line and only the headings the document itself makes
    assert sum(1 for line in lines if line.startswith("# ")) == 1
    assert not any(line.startswith("# Heading") or line == "- item" for line in lines)
    assert "<b>" not in md and "](" not in md.replace("\\](", "")
    for line in lines:
        if line.startswith("|"):
            # every table row has as many unescaped pipes as its header
            cells = re.split(r"(?<!\\)\|", line)
            header = next(h for h in reversed(lines[: lines.index(line) + 1]) if h.startswith("| "))
            assert len(cells) == len(re.split(r"(?<!\\)\|", header)), line


def test_markdown_escape_is_read_back_as_the_same_text():
    # A CommonMark reader (markdown-it-py, as Textual uses) shows the escaped text literally.
    for text in ["a|b", "*x*", "`c`", "<script>", "# h", "- item", "12. item", "[l](u)", "a & b"]:
        rendered = _md().render(escape(text)).strip()
        assert rendered == f"<p>{html.escape(text, quote=False)}</p>", text
    assert escape("plain words, 2 sets") == "plain words, 2 sets"
    assert escape("44.5 deg") == "44.5 deg"  # a number is not a list marker


def test_markdown_name_with_newlines_stays_on_its_line(client, assessment, knowledge):
    md = render(
        build_document("note", with_name(client, "Ann\n| a | b |\nLee"), assessment, knowledge),
        "md",
    ).decode()
    assert "# Clinical note: Ann \\| a \\| b \\| Lee" in md
    assert "- **Client:** Ann \\| a \\| b \\| Lee" in md


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_terminal_control_characters_are_removed(fmt, client, assessment, knowledge):
    evil = with_name(client, "Eve\x1b[2J\x1b]0;owned\x07\rMallory\x9b31m")
    out = render(build_document("handout", evil, assessment, knowledge), fmt).decode()
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\r" not in out
    assert "Eve" in out and "owned Mallory31m" in out  # the words stay, the controls go


def _cells_per_row(page: str) -> list[int]:
    return [len(re.findall(r"<t[dh]>", row)) for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)]


@cache
def _baseline() -> tuple[str, list[str]]:
    """The note of the plain record: Markdown read back, and the HTML's tags."""
    from .records import make_assessment, make_client, make_knowledge

    document = build_document("note", make_client(), make_assessment(), make_knowledge())
    reference = _Collect()
    reference.feed(render(document, "html").decode())
    return _md().render(render(document, "md").decode()), reference.tags


@settings(max_examples=25, deadline=None)
@given(name=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40))
def test_any_name_renders_as_text_in_markdown_and_html(name):
    from .records import make_assessment, make_client, make_knowledge

    baseline, tags = _baseline()
    document = build_document(
        "note", with_name(make_client(), name), make_assessment(), make_knowledge()
    )
    page = _md().render(render(document, "md").decode())
    # Same structure as with a plain name: the same headings and the same table shapes.
    assert page.count("<h1>") == 1 and page.count("<h2>") == baseline.count("<h2>")
    assert page.count("<h3>") == baseline.count("<h3>")
    assert _cells_per_row(page) == _cells_per_row(baseline)
    for tag in ("<script", "<b>", "<a ", "<img", "<em>", "<code>", "<strong>"):
        assert page.count(tag) == baseline.count(tag)
    parser = _Collect()
    parser.feed(render(document, "html").decode())
    assert parser.tags == tags


@pytest.mark.parametrize("what", ["handout", "note"])
def test_markdown_reads_back_without_stray_backslashes(what, client, assessment, knowledge):
    page = _md().render(render(build_document(what, client, assessment, knowledge), "md").decode())
    assert "\\" not in _outside_code(
        page
    )  # every escape was a real one, so none shows to the reader
    if what == "handout":
        for exercise in assessment.analysis.plan.exercises:
            assert re.search(rf"<h3>\d+\. {re.escape(exercise.name)}</h3>", page)
