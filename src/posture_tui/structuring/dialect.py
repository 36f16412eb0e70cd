"""How errors name the kinds of value of a format: a TOML table is a JSON object."""

from __future__ import annotations

from attrs import frozen


@frozen
class Dialect:
    """The words for each kind of value in one format's errors."""

    table: str
    boolean: str
    null: str = "null"

    def kind(self, value: object) -> str:
        """How an error names the kind of value it got (never the value: it may be health data)."""
        if value is None:
            return self.null
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


TOML = Dialect(table="a table", boolean="a boolean")
JSON = Dialect(table="an object", boolean="true/false")
