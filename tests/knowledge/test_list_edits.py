"""A clinic file changes a shipped list with `{ append = [...], remove = [...] }` instead of
replacing it (adding one exercise to a muscle used to drop its three shipped ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture_tui.knowledge.loader import KnowledgeError, load_knowledge

SHIPPED = load_knowledge().muscles["upper_trapezius"].exercises


def _load(folder: Path, text: str) -> tuple[str, ...]:
    (folder / "clinic.toml").write_text(text)
    return load_knowledge(folder).muscles["upper_trapezius"].exercises


def test_append_keeps_the_shipped_entries_and_adds_once(clinic_dir: Path) -> None:
    edit = '[muscles.upper_trapezius]\nexercises = { append = ["chin_tuck", "chin_tuck"] }\n'
    assert _load(clinic_dir, edit) == (*SHIPPED, "chin_tuck")


def test_remove_and_append_together(clinic_dir: Path) -> None:
    edit = (
        "[muscles.upper_trapezius]\n"
        f'exercises = {{ remove = ["{SHIPPED[-1]}"], append = ["chin_tuck"] }}\n'
    )
    assert _load(clinic_dir, edit) == (*SHIPPED[:-1], "chin_tuck")


def test_a_plain_list_still_replaces_the_whole_list(clinic_dir: Path) -> None:
    assert _load(clinic_dir, '[muscles.upper_trapezius]\nexercises = ["chin_tuck"]\n') == (
        "chin_tuck",
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("{ replace = [] }", "a list is changed with append or remove, not replace"),
        ('{ remove = ["no_such_exercise"] }', "remove: 'no_such_exercise' is not in the list"),
        ('{ append = "chin_tuck" }', "exercises.append: expected an array, got a string"),
        ('{ append = ["no_such_exercise"] }', "no_such_exercise"),
    ],
)
def test_a_wrong_edit_is_one_line_naming_file_and_key(
    clinic_dir: Path, edit: str, message: str
) -> None:
    with pytest.raises(KnowledgeError) as caught:
        _load(clinic_dir, f"[muscles.upper_trapezius]\nexercises = {edit}\n")
    text = str(caught.value)
    assert "clinic.toml" in text and message in text and "\n" not in text
