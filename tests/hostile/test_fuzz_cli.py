"""Fuzz `posture-tui analyze` and `posture-tui import` in-process with hostile documents.

Whatever the file holds, each command ends with a clean result or one clean line on stderr:
never a traceback, never the internal-error guard, never raw terminal control characters
echoed back, and a failed import leaves every store file byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.hostile.conftest import size, snapshot
from tests.hostile.documents import VALID, encode, json_values, mutated, raw_bytes

from posture_tui.cli.main import run

EXAMPLES = size(100, 1500)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# ESC, the C1 controls (0x9b is a one-byte CSI), BEL and NUL must never reach a terminal.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(autouse=True)
def _shipped_knowledge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSTURE_TUI_KNOWLEDGE", raising=False)
    monkeypatch.delenv("POSTURE_TUI_DB", raising=False)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Any]]:
    """A store with one imported client; its id and its exported record."""
    from posture_tui.store.repository import open_store
    from posture_tui.use_cases.transfer import export_record

    folder = tmp_path_factory.mktemp("fuzz")
    store = folder / "store"
    source = folder / "valid.json"
    source.write_bytes(encode(VALID))
    code, out, err = invoke(["import", str(source), "--db", str(store)])
    assert code == 0, err
    client_id = out.split()[0]
    record = export_record(open_store(store), client_id)
    yield folder, client_id, json.loads(json.dumps(record))


def invoke(argv: list[str]) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of one command run in this process."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)
    out.flush()
    return code, raw.getvalue().decode("utf-8"), err.getvalue()


def assert_clean(code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err
    assert "internal error" not in err, err
    assert code in (0, 1, 2), (code, err)
    if code != 0:
        assert err.startswith("posture-tui: "), err
        assert err.count("\n") == 1 and err.endswith("\n"), err
        assert not out
    assert not RAW_CONTROL.search(err), ascii(err[:300])
    assert not RAW_CONTROL.search(out.replace("\n", "").replace("\t", "")), ascii(out[:300])


def analyze_and_import(folder: Path, payload: bytes) -> None:
    """Both commands on the same file; a failed import changes nothing in the store."""
    path = folder / "input.json"
    path.write_bytes(payload)
    assert_clean(*invoke(["analyze", str(path)]))
    assert_clean(*invoke(["analyze", str(path), "--format", "json"]))
    store = folder / "store"
    before = snapshot(store)
    code, out, err = invoke(["import", str(path), "--db", str(store)])
    assert_clean(code, out, err)
    if code != 0:
        assert snapshot(store) == before, f"a failed import changed the store: {err}"


@FUZZ
@given(value=json_values)
def test_random_json(workspace: tuple[Path, str, Any], value: Any) -> None:
    analyze_and_import(workspace[0], encode(value))


@FUZZ
@given(data=st.data())
def test_mutated_documents(workspace: tuple[Path, str, Any], data: st.DataObject) -> None:
    folder, client_id, _ = workspace
    base = json.loads(json.dumps(VALID))
    if data.draw(st.booleans()):
        base["client"]["id"] = client_id  # a follow-up visit for the stored client
    analyze_and_import(folder, encode(data.draw(mutated(base))))


@FUZZ
@given(data=st.data())
def test_mutated_records(workspace: tuple[Path, str, Any], data: st.DataObject) -> None:
    folder, _, record = workspace
    analyze_and_import(folder, encode(data.draw(mutated(record))))


@FUZZ
@given(payload=raw_bytes())
def test_raw_bytes(workspace: tuple[Path, str, Any], payload: bytes) -> None:
    analyze_and_import(workspace[0], payload)


def test_a_huge_document_is_refused_cleanly(workspace: tuple[Path, str, Any]) -> None:
    folder = workspace[0]
    doc = json.loads(json.dumps(VALID))
    doc["client"]["notes"] = "x" * 60_000_000
    analyze_and_import(folder, encode(doc))


def test_escape_sequences_never_reach_the_terminal(workspace: tuple[Path, str, Any]) -> None:
    """Names and notes with terminal escapes: refused or shown inert, in every command."""
    folder, client_id, _ = workspace
    for text in ("Ann\x1b[2JLee", "Ann\x1b]0;owned\x07", "Ann\x9b31mLee", "Ann\u202eLee"):
        doc = json.loads(json.dumps(VALID))
        doc["client"]["name"] = text
        doc["assessment"]["findings"][0]["note"] = text
        analyze_and_import(folder, encode(doc))
    store = str(folder / "store")
    for argv in (
        ["clients", "--db", store],
        ["clients", "--db", store, "--format", "json"],
        ["audit", "--db", store],
        ["export", client_id, "--db", store, "--format", "json"],
    ):
        assert_clean(*invoke(argv))
