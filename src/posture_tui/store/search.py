"""Client search: accent- and case-insensitive name substrings and whole or partial birth dates."""

from __future__ import annotations

import unicodedata
from datetime import date

from attrs import frozen

from posture_tui.store.api import ClientSummary


def fold(text: str) -> str:
    """Lower case without accents: "Zoë Müller" -> "zoe muller"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def date_forms(value: date | None) -> str:
    """Every way a therapist may type a birth date, joined so one substring test finds it."""
    if value is None:
        return ""
    d, m, y = f"{value.day:02d}", f"{value.month:02d}", f"{value.year:04d}"
    return " ".join(
        (f"{y}-{m}-{d}", f"{d}.{m}.{y}", f"{d}/{m}/{y}", f"{value.day}.{value.month}.{y}")
    )


@frozen
class SearchRow:
    """A summary with its precomputed search text (folded name and birth date forms)."""

    summary: ClientSummary
    name_key: str
    haystack: str


def row(summary: ClientSummary) -> SearchRow:
    name = fold(summary.name)
    return SearchRow(summary, name, f"{name}\x00{date_forms(summary.birth_date)}")


def tokens(query: str) -> list[str]:
    return fold(query).split()


def matches(item: SearchRow, words: list[str]) -> bool:
    """Every word must appear in the name or in the birth date."""
    return all(word in item.haystack for word in words)


def recent_first(rows: list[SearchRow]) -> list[SearchRow]:
    """Most recently changed first; ties by name."""

    def key(item: SearchRow) -> tuple[float, str]:
        updated = item.summary.updated
        return (-updated.timestamp() if updated is not None else float("inf"), item.name_key)

    return sorted(rows, key=key)


def search(rows: list[SearchRow], query: str) -> list[ClientSummary]:
    """Rows (already in display order) whose name or birth date has every word of `query`."""
    words = tokens(query)
    found = rows
    for word in words:  # narrowing word by word keeps each pass a plain substring test
        found = [item for item in found if word in item.haystack]
    return [item.summary for item in found]
