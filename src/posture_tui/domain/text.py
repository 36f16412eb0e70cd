"""The one rule for text from data: what may never be stored, and how it is shown safely.

Record and knowledge text never carries a control character (C0, DEL, C1: ESC, BEL, NUL, CSI,
OSC ...), a lone surrogate or a bidirectional override: every way in refuses them (`unsafe_char`).
Whatever still reaches a terminal, a widget or an error passes through `safe`, which writes
each such character as U+FFFD (the replacement character, shown as a box or question mark), so
an escape sequence can never act on the terminal, and never as Textual or Rich markup either.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"
"""What `safe` shows in place of a control character or bidi override."""

BIDI_CONTROLS = frozenset(
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)
)
LINE_BREAKS = frozenset("\n\t\r")
"""Allowed in multi-line text (notes, complaints): newline, tab and carriage return."""
_SEPARATORS = frozenset("\u2028\u2029")  # line and paragraph separators: not a terminal's


def is_unsafe(char: str) -> bool:
    """A character no record or knowledge text may hold (outside `LINE_BREAKS` where allowed)."""
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS


def unsafe_char(text: str, *, multiline: bool = False) -> str | None:
    """The first character `text` may not hold, or None (the fast path for ordinary text)."""
    if text.isprintable():
        return None
    for char in text:
        if multiline and char in LINE_BREAKS:
            continue
        if is_unsafe(char):
            return char
    return None


_SAFE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,40}")
HIDDEN = "(value not shown)"
"""What an error message says in place of a value that is not a short plain id."""


def shown(value: object) -> str:
    """A value fit for an error message: a short plain id as is, anything else withheld
    (a value from a record or document may be health data)."""
    if isinstance(value, str) and _SAFE_ID.fullmatch(value):
        return repr(value)
    return HIDDEN


def code_point(char: str) -> str:
    """How an error names a character without printing it: U+001B."""
    return f"U+{ord(char):04X}"


def text_problem(
    value: str, *, max_length: int, multiline: bool = False, required: bool = False
) -> str | None:
    """What breaks the rule for a text of a record (empty where `required`, too long, or a
    control character, named by its code point), or None; never a part of the text."""
    if required and not value.strip():
        return "must not be empty"
    if len(value) > max_length:
        return f"is {len(value)} characters long, at most {max_length} allowed"
    char = unsafe_char(value, multiline=multiline)
    if char is not None:
        return f"contains a control character ({code_point(char)}), which is not allowed"
    return None


def safe(text: object, *, multiline: bool = False) -> str:
    """Text fit for a terminal: every control character, bidi override and line separator is
    U+FFFD; with `multiline`, newlines stay (a tab becomes a space, CR LF a newline)."""
    value = "" if text is None else str(text)
    if value.isprintable():
        return value
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(
        char
        if (multiline and char == "\n") or not (is_unsafe(char) or char in _SEPARATORS)
        else REPLACEMENT
        for char in value
    )


def without_unsafe(text: str, *, multiline: bool = False) -> str:
    """`text` with the characters `safe` would replace left out (for exported files, where a
    placeholder would only clutter the page); newlines stay with `multiline`."""
    if text.isprintable():
        return text
    return "".join(
        char
        for char in text
        if (multiline and char == "\n") or not (is_unsafe(char) or char in _SEPARATORS)
    )
