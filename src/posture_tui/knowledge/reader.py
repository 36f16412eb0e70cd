"""Typed, path-aware access to raw TOML tables: every error names the file and the key path."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, NoReturn, TypeVar, cast

import attrs

from posture_tui.domain.text import code_point, safe, unsafe_char

Path = tuple[str, ...]
E = TypeVar("E", bound=StrEnum)

_MISSING = object()
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


class KnowledgeError(Exception):
    """A knowledge file is unreadable or invalid; the message is one line naming file and key.

    Whatever the message quotes from the file (a key, a value) is passed through the one text
    sanitiser, so it never carries a control character to the terminal.
    """

    def __init__(self, message: str) -> None:
        super().__init__(safe(message))


def show_path(path: Path) -> str:
    """("patterns", "x", "muscles", "[0]", "role") -> "patterns.x.muscles[0].role"."""
    text = ""
    for part in path:
        text += part if part.startswith("[") or not text else "." + part
    return text


def type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class Context:
    """Where each raw value came from, plus the id references collected while reading."""

    def __init__(self, locate: Callable[[Path], tuple[str, Path]]) -> None:
        self.locate = locate  # key path -> (file name, key path as written in that file)
        self.refs: list[tuple[str, str, Path]] = []

    def fail(self, path: Path, message: str) -> NoReturn:
        file, shown = self.locate(path)
        raise KnowledgeError(f"{file}: {show_path(shown)}: {message}")


class Node:
    """One raw table at a key path."""

    def __init__(self, ctx: Context, path: Path, data: Mapping[str, object]) -> None:
        self.ctx = ctx
        self.path = path
        self.data = data

    @property
    def key(self) -> str:
        return self.path[-1]

    def fail(self, key: str | None, message: str) -> NoReturn:
        self.ctx.fail(self.path + ((key,) if key else ()), message)

    def only(self, *allowed: str) -> None:
        """Refuse keys the format does not know (a typo must not be silently ignored)."""
        for key in self.data:
            if key not in allowed:
                self.fail(key, f"unknown key (expected one of: {', '.join(allowed)})")

    def _get(self, key: str, default: object) -> object:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            self.fail(key, "missing required key")
        return default

    def text(self, key: str, default: object = _MISSING, *, empty_ok: bool = False) -> str:
        value = self._get(key, default)
        if not isinstance(value, str):
            self.fail(key, f"expected a string, got {type_name(value)}")
        if not value.strip() and not empty_ok and key in self.data:
            self.fail(key, "must not be empty")
        self._plain(key, value)
        return value

    def _plain(self, key: str, value: str) -> None:
        """Knowledge text is shown to therapists and clients: no control characters."""
        char = unsafe_char(value, multiline=True)
        if char is not None:
            self.fail(
                key, f"contains a control character ({code_point(char)}), which is not allowed"
            )

    def opt_text(self, key: str) -> str | None:
        if key not in self.data:
            return None
        return self.text(key)

    def integer(
        self,
        key: str,
        default: object = _MISSING,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"expected an integer, got {type_name(value)}")
        if minimum is not None and value < minimum:
            self.fail(key, f"must be at least {minimum}, got {value}")
        if maximum is not None and value > maximum:
            self.fail(key, f"must be at most {maximum}, got {value}")
        return value

    def opt_integer(self, key: str, *, minimum: int | None = None) -> int | None:
        if key not in self.data:
            return None
        return self.integer(key, minimum=minimum)

    def opt_number(self, key: str) -> float | None:
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, f"expected a number, got {type_name(value)}")
        return float(value)

    def flag(self, key: str, default: object = _MISSING) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {type_name(value)}")
        return value

    def texts(self, key: str, ref: str | None = None) -> tuple[str, ...]:
        """An array of strings; with `ref`, each is an id of that kind checked after loading."""
        value = self._get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"expected an array of strings, got {type_name(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item:
                self.ctx.fail((*self.path, key, f"[{index}]"), "expected a non-empty string")
            char = unsafe_char(item, multiline=True)
            if char is not None:
                self.ctx.fail(
                    (*self.path, key, f"[{index}]"),
                    f"contains a control character ({code_point(char)}), which is not allowed",
                )
            if ref:
                self.ctx.refs.append((ref, item, (*self.path, key, f"[{index}]")))
        if len(set(value)) != len(value):
            self.fail(key, "lists the same id twice")
        return tuple(value)

    def ref(self, kind: str, key: str, default: object = _MISSING) -> str:
        """A string that is the id of a `kind` entry (checked once everything is read)."""
        value = self.text(key, default)
        self.ctx.refs.append((kind, value, (*self.path, key)))
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: object = _MISSING) -> str:
        value = self.text(key, default)
        if value not in allowed:
            self.fail(key, f"'{value}' is not one of: {', '.join(allowed)}")
        return value

    def enum(self, key: str, kind: type[E], default: object = _MISSING) -> E:
        return kind(self.choice(key, tuple(member.value for member in kind), default))

    def table(self, key: str) -> Node:
        value = self._get(key, _MISSING)
        if not isinstance(value, dict):
            self.fail(key, f"expected a table, got {type_name(value)}")
        return Node(self.ctx, (*self.path, key), value)

    def tables(self, key: str) -> list[Node]:
        """An array of tables (TOML `[[key]]` or `key = [{...}]`)."""
        value = self._get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"expected an array of tables, got {type_name(value)}")
        nodes = []
        for index, item in enumerate(value):
            path = (*self.path, key, f"[{index}]")
            if not isinstance(item, dict):
                self.ctx.fail(path, f"expected a table, got {type_name(item)}")
            nodes.append(Node(self.ctx, path, item))
        return nodes

    def entries(self) -> list[Node]:
        """The id -> table entries of a keyed section (this node is the section)."""
        nodes = []
        for key, value in self.data.items():
            if not ID_PATTERN.fullmatch(key):
                self.fail(
                    key, "an id must be lower case letters, digits and _ (e.g. upper_trapezius)"
                )
            if not isinstance(value, dict):
                self.fail(key, f"expected a table, got {type_name(value)}")
            nodes.append(Node(self.ctx, (*self.path, key), value))
        return nodes


S = TypeVar("S")


def structure_node(node: Node, cls: type[S], key_field: str | None = None) -> S:
    """A raw table as an attrs class of the model, through the one strict converter.

    `key_field` is the field the entry's key fills (an id); the ids it refers to, found by the
    class's `Ref` rules, are collected on the context to check once everything is read.
    """
    from posture_tui.structuring.converter import structure
    from posture_tui.structuring.dialect import TOML
    from posture_tui.structuring.errors import ShapeError
    from posture_tui.structuring.refs import refs
    from posture_tui.structuring.rules import written_keys

    data = dict(node.data)
    allowed = written_keys(cls)
    for name in [key for key in data if key not in allowed]:
        if name in attrs.fields_dict(cast(Any, cls)):  # a field no file writes
            node.fail(name, TOML.unknown_key(name, allowed))
    if key_field is not None:
        data[key_field] = node.key
    try:
        built: S = structure(data, cls, TOML)
    except ShapeError as error:
        node.ctx.fail(node.path + error.path, error.problem)
    for kind, ident, path in refs(built):
        node.ctx.refs.append((kind, ident, node.path + path))
    return built
