"""Raw TOML tables at their key paths, structured by the one converter: every error names
the file that set the key and the key path as written there."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NoReturn, TypeVar, cast

import attrs

from posture_tui.domain.text import safe
from posture_tui.structuring.dialect import TOML
from posture_tui.structuring.errors import show_path

Path = tuple[str, ...]
S = TypeVar("S")
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


class KnowledgeError(Exception):
    """A knowledge file is unreadable or invalid; the message is one line naming file and key.

    Whatever the message quotes from the file (a key, a value) is passed through the one text
    sanitiser, so it never carries a control character to the terminal.
    """

    def __init__(self, message: str) -> None:
        super().__init__(safe(message))


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

    def entries(self) -> list[Node]:
        """The id -> table entries of a keyed section (this node is the section)."""
        nodes = []
        for key, value in self.data.items():
            if not ID_PATTERN.fullmatch(key):
                self.fail(
                    key, "an id must be lower case letters, digits and _ (e.g. upper_trapezius)"
                )
            if not isinstance(value, dict):
                self.fail(key, f"expected a table, got {TOML.kind(value)}")
            nodes.append(Node(self.ctx, (*self.path, key), value))
        return nodes


def structure_node(node: Node, cls: type[S], key_field: str | None = None) -> S:
    """A raw table as an attrs class of the model, through the one strict converter.

    `key_field` is the field the entry's key fills (an id); the ids it refers to, found by the
    class's `Ref` rules, are collected on the context to check once everything is read.
    """
    from posture_tui.structuring.converter import structure
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
