"""The knowledge base as merged for a clinic: its entries, with the file behind each key (for
`posture-tui knowledge show` and `list`)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from posture_tui.knowledge.loader import (
    KEYED_SECTIONS,
    LIST_SECTIONS,
    Merged,
    _extra_raw,
    _shipped_raw,
)
from posture_tui.knowledge.reader import KnowledgeError

SHIPPED = "shipped"


def merged_base(extra_dir: Path | None) -> Merged:
    """The raw sections as merged from the shipped files and every *.toml in `extra_dir`."""
    merged = Merged()
    for name, raw in [*_shipped_raw(), *(_extra_raw(extra_dir) if extra_dir else [])]:
        merged.add_file(name, copy.deepcopy(raw))
    return merged


def _origin(merged: Merged, path: tuple[str, ...], extra_dir: Path | None) -> str:
    """The file that set a key (both, for a list one file changed with append or remove)."""
    origin, _ = merged.locate(path)
    named = [merged.edited_from[path], origin] if path in merged.edited_from else [origin]
    shown = [
        name if extra_dir and Path(name).parent == extra_dir else f"{SHIPPED} {name}"
        for name in named
    ]
    return " + ".join(shown)


def section_lines(merged: Merged, section: str, extra_dir: Path | None) -> list[str]:
    """One line per entry of a section: its id (or number), its name, and where it is from."""
    value = merged.data.get(section)
    if section not in KEYED_SECTIONS + LIST_SECTIONS:
        known = ", ".join(KEYED_SECTIONS + LIST_SECTIONS)
        raise KnowledgeError(f"{section}: unknown section (expected one of: {known})")
    if isinstance(value, dict):
        entries = list(value.items())
    else:
        entries = [(f"[{n}]", entry) for n, entry in enumerate(value or [])]
    lines = []
    for key, entry in entries:
        label = ""
        if isinstance(entry, dict):
            label = str(entry.get("name") or entry.get("label") or entry.get("item") or "")
        origin = _origin(merged, (section, key), extra_dir)
        lines.append(f"{key}  {label}  ({origin})".replace("    ", "  "))
    return lines


def entry_lines(merged: Merged, what: str, extra_dir: Path | None) -> list[str]:
    """An entry (`SECTION.ID`) as merged: each key, its value, and the file that set it."""
    section, _, entry_id = what.partition(".")
    table = merged.data.get(section)
    entry = table.get(entry_id) if isinstance(table, dict) else None
    if not isinstance(entry, dict):
        raise KnowledgeError(f"{what}: no such entry (see `posture-tui knowledge list {section}`)")
    lines = [f"[{section}.{entry_id}]"]

    def add(prefix: tuple[str, ...], value: dict[str, Any]) -> None:
        for key, item in value.items():
            path = (*prefix, key)
            if isinstance(item, dict):
                add(path, item)
                continue
            shown = ".".join(path[2:])
            text = json.dumps(item, ensure_ascii=False)
            lines.append(f"{shown} = {text}    # {_origin(merged, path, extra_dir)}")

    add((section, entry_id), entry)
    return lines
