"""Read the shipped TOML files, reusing a JSON copy of the parse from the user cache folder.

tomllib is pure Python and takes ~15 ms on the shipped files; json takes well under 1 ms. The
cache is keyed by a hash of the TOML bytes, so an edited file is always parsed afresh. Any
problem with the cache (unwritable folder, corrupt file) silently falls back to parsing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from posture_tui.cache_folder import cache_dir as cache_dir
from posture_tui.knowledge.reader import KnowledgeError

Parsed = tuple[tuple[str, dict[str, Any]], ...]
CACHE_FORMAT = 1


def parse_toml(name: str, text: str) -> dict[str, Any]:
    import tomllib  # only when the cache misses or for a clinic's own files (a few ms to import)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(f"{name}: invalid TOML: {error}") from None


def shipped_texts() -> list[tuple[str, bytes]]:
    local = Path(__file__).with_name("data")
    if local.is_dir():  # the usual install: skip importlib.resources' ~3 ms of set-up
        return [(path.name, path.read_bytes()) for path in sorted(local.glob("*.toml"))]
    from importlib import resources  # a zipped install only: a few ms to import

    folder = resources.files("posture_tui.knowledge").joinpath("data")
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml")), key=lambda e: e.name
    )
    return [(entry.name, entry.read_bytes()) for entry in entries]


def read_shipped() -> Parsed:
    texts = shipped_texts()
    hasher = hashlib.sha256()
    for name, data in texts:
        hasher.update(f"{name}\0{len(data)}\0".encode())
        hasher.update(data)
    digest = hasher.hexdigest()[:32]
    folder = cache_dir()
    cache = folder / f"knowledge-{CACHE_FORMAT}-{digest}.json" if folder else None
    if cache is not None:
        cached = _read_cache(cache)
        if cached is not None:
            return cached
    parsed = tuple((name, parse_toml(name, data.decode("utf-8"))) for name, data in texts)
    if cache is not None:
        _write_cache(cache, parsed)
    return parsed


def _read_cache(path: Path) -> Parsed | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, list) or not all(
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and isinstance(entry[1], dict)
        for entry in data
    ):
        return None
    return tuple((entry[0], entry[1]) for entry in data)


def _write_cache(path: Path, parsed: Parsed) -> None:
    try:
        text = json.dumps([[name, raw] for name, raw in parsed])
    except (TypeError, ValueError):
        return  # a TOML date or time has no JSON form: just parse every time
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".knowledge-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, path)
        temp = None
        for old in path.parent.glob("knowledge-*.json"):
            if old != path:
                old.unlink(missing_ok=True)  # caches of earlier versions of the files
    except OSError:
        pass
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
