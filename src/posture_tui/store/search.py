"""Client search: accent- and case-insensitive name substrings and whole or partial birth dates."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the quick client list (quick_list.py) imports this without attrs
    from datetime import date

    from posture_tui.store.api import ClientSummary


class _Marks(dict[int, int | None]):
    """str.translate table dropping combining marks, filled in as characters are first seen."""

    def __missing__(self, codepoint: int) -> int | None:
        kept = None if unicodedata.combining(chr(codepoint)) else codepoint
        self[codepoint] = kept
        return kept


_MARKS = _Marks()


def fold(text: str) -> str:
    """Lower case without accents: "Zoë Müller" -> "zoe muller"."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():  # ASCII has no combining marks
        decomposed = decomposed.translate(_MARKS)
    return decomposed.casefold()


def date_forms(value: date | None) -> str:
    """Every way a therapist may type a birth date, joined so one substring test finds it."""
    if value is None:
        return ""
    d, m, y = f"{value.day:02d}", f"{value.month:02d}", f"{value.year:04d}"
    return " ".join(
        (f"{y}-{m}-{d}", f"{d}.{m}.{y}", f"{d}/{m}/{y}", f"{value.day}.{value.month}.{y}")
    )


class SearchRow:
    """A summary with its search text: the folded name and the birth date forms, built when
    a search first reads them (listing every client at start-up needs neither)."""

    __slots__ = ("_haystack", "summary")

    def __init__(self, summary: ClientSummary) -> None:
        self.summary = summary
        self._haystack: str | None = None

    @property
    def haystack(self) -> str:
        if self._haystack is None:
            name = fold(self.summary.name)
            self._haystack = f"{name}\x00{date_forms(self.summary.birth_date)}"
        return self._haystack


def row(summary: ClientSummary) -> SearchRow:
    return SearchRow(summary)


def tokens(query: str) -> list[str]:
    return fold(query).split()


def matches(item: SearchRow, words: list[str]) -> bool:
    """Every word must appear in the name or in the birth date."""
    return all(word in item.haystack for word in words)


def recent_first(rows: list[SearchRow]) -> list[SearchRow]:
    """Most recently changed first; ties by name."""

    def key(item: SearchRow) -> tuple[float, str]:
        updated = item.summary.updated
        # casefold, not fold: ties are rare and ordering them needs no accent folding
        order = -updated.timestamp() if updated is not None else float("inf")
        return (order, item.summary.name.casefold())

    return sorted(rows, key=key)


def search(rows: list[SearchRow], query: str) -> list[ClientSummary]:
    """Rows (already in display order) whose name or birth date has every word of `query`."""
    words = tokens(query)
    if any(ch < " " or ch == "\x7f" for word in words for ch in word):
        return []  # no name or date holds a control character (a NUL would match the joins)
    found = rows
    for word in words:  # narrowing word by word keeps each pass a plain substring test
        found = [item for item in found if word in item.haystack]
    return [item.summary for item in found]
