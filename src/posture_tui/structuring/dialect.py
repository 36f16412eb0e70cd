"""How one format's errors word things: a TOML table is a JSON object, and a JSON value is
never quoted unless it is a short plain id (a document may carry health data anywhere)."""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from posture_tui.domain.text import HIDDEN, shown


class Dialect(NamedTuple):
    """The words of one format's errors."""

    table: str  # "a table" (TOML) or "an object" (JSON)
    boolean: str
    missing: str  # a required key left out
    # an unknown key is reported at its own path (TOML: keys are the clinic's words) or at its
    # table's, quoted only when plain (JSON: a key may be health data)
    unknown_at_key: bool
    quotes_values: bool  # TOML quotes a wrong value; JSON only a short plain id
    blank_text: bool  # text may be empty unless its field says otherwise (JSON) or not (TOML)
    distinct_texts: bool  # an array of texts is of ids, each listed once (TOML)
    most_items: int | None  # entries an array may have unless its field says otherwise

    def kind(self, value: object) -> str:
        """How an error names the kind of value it got."""
        if value is None:
            return "null"
        if isinstance(value, bool):
            return self.boolean
        if isinstance(value, int | float):
            return "a number"
        if isinstance(value, str):
            return "a string"
        if isinstance(value, list | tuple):
            return "an array"
        if isinstance(value, dict):
            return self.table
        return type(value).__name__

    def value(self, value: object) -> str:
        """A wrong value as an error may repeat it."""
        if isinstance(value, str):
            return f"'{value}'" if self.quotes_values else shown(value)
        return self.kind(value)

    def key(self, key: object) -> str:
        """A key as a path names it: a document's only when it is a short plain id."""
        if self.quotes_values or (isinstance(key, str) and shown(key) != HIDDEN):
            return str(key)
        return "(key not shown)"

    def not_one_of(self, value: object, allowed: Collection[str], noun: str = "") -> str:
        listed = ", ".join(allowed)
        if self.quotes_values and isinstance(value, str):
            where = f"{noun} (one of: {listed})" if noun else f"one of: {listed}"
            return f"'{value}' is not {where}"
        return f"must be one of {listed}, got {self.value(value)}"

    def unknown_key(self, key: object, allowed: Collection[str]) -> str:
        """An unknown key's message: the keys the format knows, and the one a typo meant."""
        import difflib  # only when there is a typo to name: not on the way to the client list

        plain = isinstance(key, str) and (self.quotes_values or shown(key) != HIDDEN)
        close = difflib.get_close_matches(str(key), list(allowed), n=1) if plain else []
        hint = f"; did you mean '{close[0]}'?" if close else ""
        named = "" if self.unknown_at_key else f" {shown(key)}"
        return f"unknown key{named} (expected one of: {', '.join(allowed)}){hint}"


TOML = Dialect(
    table="a table",
    boolean="a boolean",
    missing="missing required key",
    unknown_at_key=True,
    quotes_values=True,
    blank_text=False,
    distinct_texts=True,
    most_items=None,
)
JSON = Dialect(
    table="an object",
    boolean="true/false",
    missing="is required",
    unknown_at_key=False,
    quotes_values=False,
    blank_text=True,
    distinct_texts=False,
    most_items=500,
)
STORE = JSON._replace(most_items=None)
"""The store's own files: JSON, as long as the store has let them grow."""
