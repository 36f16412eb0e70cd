"""conflicts.toml: the pairs of CLINICAL.md 3 are data, and bad entries are one-line errors."""

# ruff: noqa: E501  (tables of one-line TOML snippets read better unwrapped)

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge

Loader = Callable[..., str]

CLINICAL_PAIRS = {
    ("lumbar_lordosis_increased", "lumbar_lordosis_decreased"): False,
    ("thoracic_kyphosis_increased", "thoracic_kyphosis_decreased"): False,
    ("pelvic_tilt_anterior", "pelvic_tilt_posterior"): False,
    ("knee_valgus", "knee_varus"): True,
    ("feet_pronated", "feet_supinated"): True,
    ("knee_hyperextension", "knee_flexion"): True,
}


def test_shipped_pairs_are_the_clinical_ones(kb: Knowledge) -> None:
    shipped = {pair.items: pair.same_side for pair in kb.finding_conflicts}
    assert shipped == CLINICAL_PAIRS
    assert all(pair.text.strip() for pair in kb.finding_conflicts)


def test_length_tests_named_in_clinical(kb: Knowledge) -> None:
    assert "90/90" in kb.muscles["hamstrings"].length_test
    assert "Thomas" in kb.muscles["iliopsoas"].length_test
    assert "Thomas" in kb.muscles["rectus_femoris"].length_test
    assert "Ober" in kb.muscles["tensor_fasciae_latae"].length_test


def test_a_clinic_file_adds_a_pair_and_replaces_one_by_its_items(clinic_dir: Path) -> None:
    (clinic_dir / "clinic.toml").write_text(
        '[[finding_conflicts]]\nitems = ["knee_valgus", "knee_varus"]\ntext = "Clinic wording."\n'
        "\n"
        '[[finding_conflicts]]\nitems = ["head_tilt", "head_rotation"]\nsame_side = true\ntext = "Odd, but a clinic may."\n',
        encoding="utf-8",
    )
    kb = load_knowledge(clinic_dir)
    by_items = {pair.items: pair for pair in kb.finding_conflicts}
    assert len(kb.finding_conflicts) == len(CLINICAL_PAIRS) + 1
    assert by_items[("knee_valgus", "knee_varus")].text == "Clinic wording."
    assert not by_items[("knee_valgus", "knee_varus")].same_side
    assert by_items[("head_tilt", "head_rotation")].same_side


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[[finding_conflicts]]\nitems = ["knee_valgus", "knee_varuss"]\ntext = "t"\n',
            "clinic.toml: finding_conflicts[0].items[1]: unknown checklist item id 'knee_varuss' (did you mean 'knee_varus'?)",
        ),
        (
            '[[finding_conflicts]]\nitems = ["forward_head", "lumbar_lordosis_decreased"]\nsame_side = true\ntext = "t"\n',
            "clinic.toml: finding_conflicts[0].items[0]: 'forward_head' takes no side, so it cannot give one",
        ),
        (
            '[[finding_conflicts]]\nitems = ["knee_valgus"]\ntext = "t"\n',
            "clinic.toml: finding_conflicts[0].items: names 1 checklist items; a conflict is a pair",
        ),
        (
            '[[finding_conflicts]]\nitems = ["knee_valgus", "knee_valgus"]\ntext = "t"\n',
            "clinic.toml: finding_conflicts[0].items: lists the same id twice",
        ),
        (
            '[[finding_conflicts]]\nitems = ["knee_valgus", "knee_varus"]\n',
            "clinic.toml: finding_conflicts[0].text: missing required key",
        ),
        (
            '[[finding_conflicts]]\nitems = ["knee_valgus", "knee_varus"]\ntext = "t"\nside = "left"\n',
            "clinic.toml: finding_conflicts[0].side: unknown key",
        ),
        (
            "[muscles.hamstrings]\nlength_test = 9090\n",
            "clinic.toml: muscles.hamstrings.length_test: expected a string, got a number",
        ),
    ],
)
def test_bad_conflict_entries_name_file_and_key(
    load_error: Loader, text: str, expected: str
) -> None:
    assert expected in load_error(clinic=text)
