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
