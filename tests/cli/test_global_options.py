"""--db may stand before or after the subcommand; no command means `start`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posture_tui.cli.main import build_parser, run


def test_db_before_the_subcommand_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store"
    assert run(["demo", "--db", str(db), "--clients", "2", "--assessments", "1"]) == 0
    capsys.readouterr()
    assert run(["--db", str(db), "clients", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_db_after_the_subcommand_wins_over_nothing_and_no_command_means_start() -> None:
    parser = build_parser()
    assert parser.parse_args(["clients", "--db", "x"]).db == "x"
    assert parser.parse_args(["--db", "y", "clients"]).db == "y"
    assert parser.parse_args(["--db", "z", "start"]).func.__module__.endswith("start_cmd")


def test_start_without_a_terminal_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "start needs a terminal" in err
