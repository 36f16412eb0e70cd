"""Record text never changes the structure of an export: HTML, Markdown and text injection."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import attrs
import pytest

from posture_tui.exports.api import build_document, render
from posture_tui.exports.markdown import escape

from .records import with_name

SCRIPT = "<script>alert(1)</script>"
NASTY = "Ann | *bold* `code` [x](http://evil) <b>b</b>\n# Heading\n- item\n1. one & \\ _u_ ~s~"


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
    md = render(build_document(what, evil, record, knowledge), "md").decode()
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


def test_markdown_escape_round_trips_through_a_commonmark_reading():
    # The escaped form of each structural character is its backslash form.
    assert escape("a|b") == "a\\|b"
    assert escape("*x*") == "\\*x\\*"
    assert escape("`c`") == "\\`c\\`"
    assert escape("<script>") == "\\<script\\>"
    assert escape("# h") == "\\# h"
    assert escape("- item") == "\\- item"
    assert escape("12. item") == "\\12. item"
    assert escape("plain words, 2 sets") == "plain words, 2 sets"


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
