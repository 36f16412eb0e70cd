"""`posture-tui start`: options, and a clear one-line refusal without a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture_tui.cli.main import run


def test_start_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["start", "--help"])
    out = capsys.readouterr().out
    for option in ("--db", "--no-mouse", "--therapist"):
        assert option in out


def test_start_without_a_terminal_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["start", "--db", str(tmp_path / "store")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "needs a terminal" in err[0]


def test_the_demo_offer_never_stands_before_a_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15: a first client's intake kept as a draft (no record yet) gets no demo offer;
    a store with nothing in it does."""
    from posture_tui.cli.start_cmd import _offer_demo
    from posture_tui.domain.records import Client, Draft
    from posture_tui.store.repository import open_store

    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "n")
    repo = open_store(tmp_path / "store")
    _offer_demo(repo, lambda: None)  # type: ignore[arg-type, return-value]
    assert len(asked) == 1  # empty: offered
    client = Client(id="c-first", name="First Client")
    repo.save_draft(Draft(client, None, saved_at=repo.clock(), id="d-first"))
    _offer_demo(repo, lambda: None)  # type: ignore[arg-type, return-value]
    assert len(asked) == 1  # a draft: never offered
    repo.clear_draft("d-first")
    repo.save_client(client)
    _offer_demo(repo, lambda: None)  # type: ignore[arg-type, return-value]
    assert len(asked) == 1  # a record: never offered
