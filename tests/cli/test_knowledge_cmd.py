"""`posture-tui knowledge check|list|show`: a clinic's folder checked, and the base as merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture_tui.cli.main import run

CLINIC = """
[muscles.upper_trapezius]
exercises = { append = ["chin_tuck"] }

[techniques.instrument_assisted]
name = "Instrument-assisted soft tissue"
layer = "fascia"
minutes = 5
description = "Strokes with a steel tool along the fascia."
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "clinic.toml").write_text(CLINIC)
    return folder


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(["knowledge", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_warns_of_a_technique_the_plan_never_takes(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "check", str(clinic))
    assert code == 0 and "knowledge base is valid (the shipped files and 1 of" in out
    assert err.count("\n") == 1  # the clinic's entry only, not the shipped ones
    assert "warning: techniques.instrument_assisted: the plan never takes it" in err


def test_show_gives_each_key_with_the_file_that_set_it(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "show", "muscles.upper_trapezius", "--dir", str(clinic))
    lines = out.splitlines()
    assert code == 0 and lines[0] == "[muscles.upper_trapezius]"
    name = next(line for line in lines if line.startswith("name = "))
    assert name.endswith("# shipped muscles.toml")
    exercises = next(line for line in lines if line.startswith("exercises = "))
    assert '"chin_tuck"]' in exercises
    assert exercises.endswith(f"# shipped muscles.toml + {clinic / 'clinic.toml'}")


def test_list_names_each_entry_and_its_file(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "list", "techniques", "--dir", str(clinic))
    assert code == 0 and "gua_sha  Gua sha  (shipped techniques.toml)" in out
    assert f"instrument_assisted  Instrument-assisted soft tissue  ({clinic}" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("show", "muscles.no_such_muscle"), "muscles.no_such_muscle: no such entry"),
        (("list", "no_section"), "no_section: unknown section"),
        (("check", "/no/such/folder"), "/no/such/folder: not a folder"),
    ],
)
def test_a_wrong_name_is_one_line_with_status_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], expected: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == "" and expected in err and err.count("\n") == 1
