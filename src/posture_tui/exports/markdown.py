"""Markdown renderer: record text is escaped so it cannot open tables, links, HTML or headings."""

from __future__ import annotations

import re

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

# Characters with inline meaning anywhere in a line (CommonMark lets any ASCII punctuation be
# backslash-escaped; these are the ones that can change structure or inject HTML).
_INLINE = re.compile(r"([\\`*_\[\]<>|#~&])")
# Line starts that would open a list, a quote or a heading underline; and a numbered list, whose
# marker is escaped at its punctuation (a backslash before a digit would show literally).
_LINE_START = re.compile(r"^(\s*)([-+=>])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


def escape(text: str) -> str:
    """One line of record text as literal Markdown."""
    escaped = _INLINE.sub(r"\\\1", text)
    escaped = _LINE_START.sub(r"\1\\\2", escaped)
    return _NUMBERED.sub(r"\1\\\2", escaped)


def escape_block(text: str) -> str:
    """Several lines of record text; each stays its own line (hard break), never structure."""
    lines = [escape(" ".join(line.split())) for line in text.split("\n")]
    return "  \n".join(line for line in lines if line)


def _fence(lines: tuple[str, ...]) -> str:
    """A backtick fence longer than any run of backticks in the lines, so none can close it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def _figure(block: Figure) -> list[str]:
    """A fenced code block: shown in a monospace font as it is, nothing inside is Markdown."""
    fence = _fence(block.text_lines)
    return [f"{fence}text", *block.text_lines, fence]


def _table(block: Table) -> list[str]:
    if not block.rows:
        return [f"_{escape(block.empty)}_"]
    lines = [
        "| " + " | ".join(escape(col) for col in block.columns) + " |",
        "|" + "|".join("---" for _ in block.columns) + "|",
    ]
    for row in block.rows:
        lines.append("| " + " | ".join(escape(cell) or " " for cell in row) + " |")
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        text = escape_block(block.text)
        return [f"_{text}_" if block.emphasis and "\n" not in text else text]
    if isinstance(block, Subheading):
        return [f"### {escape(block.text)}"]
    if isinstance(block, Fields):
        return [f"- **{escape(label)}:** {escape(value)}" for label, value in block.rows]
    if isinstance(block, Bullets):
        if not block.items:
            return [f"_{escape(block.empty)}_"]
        return [f"- {escape(item)}" for item in block.items]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, PhotoBlock):  # the picture is in the HTML and PDF only
        lines = [f"**{escape(block.caption)}**", ""]
        lines += [f"- {escape(line)}" for line in block.lines]
        return lines + ([f"_{escape(block.missing)}_"] if block.missing else [])
    if isinstance(block, Item):
        lines = [f"### {block.number}\\. {escape(block.title)}", ""]
        lines += [f"- **{escape(label)}:** {escape(value)}" for label, value in block.fields]
        if block.text:
            lines += ["", escape_block(block.text)]
        return lines
    raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover


def render_markdown(document: Document) -> str:
    """The whole document as Markdown text ending in one newline."""
    parts: list[list[str]] = [[f"# {escape(document.title)}"]]
    if document.letterhead:  # the clinic (settings): name in bold, address and phone below
        first, *rest = document.letterhead
        parts.insert(0, ["  \n".join([f"**{escape(first)}**", *map(escape, rest)])])
    parts.append([f"- **{escape(label)}:** {escape(value)}" for label, value in document.meta])
    for section in document.sections:
        parts.append([f"## {escape(section.heading)}"])
        parts.extend(_block(block) for block in section.blocks)
    if document.footer:
        parts.append(["---", escape_block(document.footer)])
    if document.page_footer:
        parts.append([escape(document.page_footer)])
    return "\n\n".join("\n".join(part) for part in parts if part) + "\n"
