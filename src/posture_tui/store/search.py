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
    """A summary with its precomputed search keys."""

    summary: ClientSummary
    name_key: str
    date_key: str


def row(summary: ClientSummary) -> SearchRow:
    return SearchRow(summary, fold(summary.name), date_forms(summary.birth_date))


def tokens(query: str) -> list[str]:
    return fold(query).split()


def matches(item: SearchRow, words: list[str]) -> bool:
    """Every word must appear in the name or in the birth date."""
    return all(word in item.name_key or word in item.date_key for word in words)


def recent_first(items: list[ClientSummary]) -> list[ClientSummary]:
    """Most recently changed first; ties by name."""

    def key(summary: ClientSummary) -> tuple[float, str]:
        stamp = summary.updated.timestamp() if summary.updated is not None else float("-inf")
        return (-stamp, fold(summary.name))

    return sorted(items, key=key)


def search(rows: list[SearchRow], query: str) -> list[ClientSummary]:
    words = tokens(query)
    found = (
        [item.summary for item in rows if matches(item, words)]
        if words
        else [item.summary for item in rows]
    )
    return recent_first(found)
