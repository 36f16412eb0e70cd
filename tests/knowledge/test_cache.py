"""The JSON copy of the shipped parse is used only while it matches the TOML files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posture_tui.knowledge import shipped


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("knowledge-*.json"))


def test_first_read_writes_the_cache_and_it_matches_the_toml(private_cache: Path) -> None:
    parsed = shipped.read_shipped()
    [cache] = cache_files(private_cache)
    assert json.loads(cache.read_text()) == [[name, raw] for name, raw in parsed]
    assert shipped.read_shipped() == parsed


def test_the_cache_is_used_when_the_files_are_unchanged(private_cache: Path) -> None:
    shipped.read_shipped()
    [cache] = cache_files(private_cache)
    data = json.loads(cache.read_text())
    data[0][1]["marker"] = True
    cache.write_text(json.dumps(data))
    assert shipped.read_shipped()[0][1].get("marker") is True


def test_edited_files_are_parsed_afresh(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped.read_shipped()
    texts = shipped.shipped_texts()
    edited = [(name, data.replace(b'name = "Neck"', b'name = "Cervical"')) for name, data in texts]
    monkeypatch.setattr(shipped, "shipped_texts", lambda: edited)
    regions = dict(shipped.read_shipped())["regions.toml"]
    assert regions["pain_regions"]["neck"]["name"] == "Cervical"
    assert len(cache_files(private_cache)) == 1, "the stale cache is removed"


@pytest.mark.parametrize("junk", ["{not json", "[1, 2]", '[["regions.toml", 3]]'])
def test_a_corrupt_cache_falls_back_to_parsing(private_cache: Path, junk: str) -> None:
    good = shipped.read_shipped()
    [cache] = cache_files(private_cache)
    cache.write_text(junk)
    assert shipped.read_shipped() == good


def test_an_unwritable_cache_folder_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(shipped, "cache_dir", lambda: blocker / "sub")
    assert dict(shipped.read_shipped())["regions.toml"]["pain_regions"]["neck"]


def test_the_cache_can_be_switched_off(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSTURE_TUI_NO_CACHE", "1")
    shipped.read_shipped()
    assert cache_files(private_cache) == []
