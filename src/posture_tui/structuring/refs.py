"""The ids a structured value refers to, found through the `Ref` rules on its fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from posture_tui.structuring.errors import KeyPath
from posture_tui.structuring.rules import Ref
from posture_tui.structuring.validate import ruled_fields

Found = tuple[str, str, KeyPath]  # (kind, id, key path of the id)


def refs(value: Any, path: KeyPath = ()) -> Iterator[Found]:
    """Every (kind, id, path) an attrs value refers to; an empty or absent id refers to none."""
    for name, rules, entry_rules, _, nested in ruled_fields(type(value)):  # type: ignore[arg-type]
        held = getattr(value, name)
        here = (*path, name)
        ref = next((rule.kind for rule in (*rules, *entry_rules) if isinstance(rule, Ref)), None)
        if ref is not None and isinstance(held, str) and held:
            yield ref, held, here
        elif ref is not None and isinstance(held, tuple):
            for index, item in enumerate(held):
                yield ref, item, (*here, f"[{index}]")
        elif nested:
            yield from _inside(held, here)


def _inside(held: Any, path: KeyPath) -> Iterator[Found]:
    """The references of the attrs values a field holds: itself, an array's or a table's."""
    if isinstance(held, tuple):
        for index, item in enumerate(held):
            yield from _inside(item, (*path, f"[{index}]"))
    elif isinstance(held, dict):
        for key, item in held.items():
            yield from _inside(item, (*path, str(key)))
    elif attrs.has(type(held)):
        yield from refs(held, path)
