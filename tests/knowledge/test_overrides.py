"""A clinic's --knowledge folder adds entries and overrides shipped ones by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture_tui.domain.common import Phase
from posture_tui.knowledge.loader import KnowledgeError, load_knowledge

NEW_MUSCLE = """
[muscles.brachioradialis]
name = "Brachioradialis"
region = "arm"
referral_zones = ["hand"]
exercises = ["wrist_extensor_stretch"]

[exercises.wrist_extensor_stretch]
name = "Wrist extensor stretch"
phase = "lengthen"
dose = "lengthen"
instruction = "Straighten your arm, palm down, and gently bend the wrist with the other hand."
"""


def test_adds_entries_that_reference_each_other(clinic_dir: Path) -> None:
    (clinic_dir / "arm.toml").write_text(NEW_MUSCLE)
    kb = load_knowledge(clinic_dir)
    assert kb.muscles["brachioradialis"].referral_zones == ("hand",)
    stretch = kb.exercises["wrist_extensor_stretch"]
    assert stretch.phase is Phase.LENGTHEN and stretch.dose.hold_s == 30
    assert "upper_trapezius" in kb.muscles, "shipped entries stay"


def test_overrides_only_the_given_keys(clinic_dir: Path) -> None:
    (clinic_dir / "doses.toml").write_text(
        "[exercises.chin_tuck]\n"
        'dose = { sets = 3, reps = 10, tempo = "5 s hold", frequency = "daily" }\n'
        "[patterns.upper_crossed.rule]\nmin_core = 3\n"
    )
    kb = load_knowledge(clinic_dir)
    chin_tuck = kb.exercises["chin_tuck"]
    assert (chin_tuck.dose.sets, chin_tuck.dose.reps, chin_tuck.dose.frequency) == (3, 10, "daily")
    assert chin_tuck.name == "Chin tuck", "keys the clinic did not give keep their shipped value"
    rule = kb.patterns["upper_crossed"].rule
    assert rule.min_core == 3
    assert "forward_head" in rule.core


def test_override_does_not_leak_into_the_shipped_base(clinic_dir: Path) -> None:
    (clinic_dir / "x.toml").write_text('[muscles.upper_trapezius]\nname = "Trapezius (upper)"\n')
    assert load_knowledge(clinic_dir).muscles["upper_trapezius"].name == "Trapezius (upper)"
    assert load_knowledge().muscles["upper_trapezius"].name == "Upper trapezius"
    assert load_knowledge() is load_knowledge(), "the shipped base is cached"


def test_later_files_win_in_name_order(clinic_dir: Path) -> None:
    (clinic_dir / "a.toml").write_text('[pain_regions.neck]\nclient_name = "neck (a)"\n')
    (clinic_dir / "b.toml").write_text('[pain_regions.neck]\nclient_name = "neck (b)"\n')
    assert load_knowledge(clinic_dir).pain_regions["neck"].client_name == "neck (b)"


def test_list_entries_with_the_same_identity_are_replaced(clinic_dir: Path) -> None:
    (clinic_dir / "comp.toml").write_text(
        "[[compensations]]\n"
        'item = "head_tilt"\ncompensates_for = "shoulder_elevated"\nrelation = "same_side"\n'
        'why = "Clinic wording."\n'
        "[[measurement_rules]]\n"
        'measurement = "cva_deg"\nitem = "forward_head"\nbelow = 35\nseverity = 3\n'
    )
    shipped = load_knowledge()
    kb = load_knowledge(clinic_dir)
    assert len(kb.compensations) == len(shipped.compensations)
    pair = [
        c
        for c in kb.compensations
        if (c.item, c.compensates_for) == ("head_tilt", "shoulder_elevated")
    ]
    assert [c.why for c in pair] == ["Clinic wording."]
    assert len(kb.measurement_rules) == len(shipped.measurement_rules) + 1


def test_other_files_in_the_folder_are_ignored(clinic_dir: Path) -> None:
    (clinic_dir / "notes.txt").write_text("not knowledge")
    assert load_knowledge(clinic_dir).patterns.keys() == load_knowledge().patterns.keys()


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="not a folder"):
        load_knowledge(tmp_path / "nowhere")


def test_a_clinic_sets_its_own_session_and_first_visit_numbers(clinic_dir: Path) -> None:
    (clinic_dir / "session.toml").write_text(
        "[settings.session]\nmin_hands_on_minutes = 20\n"
        "[techniques.cupping]\nfirst_visit_most_minutes = 4\n"
    )
    kb = load_knowledge(clinic_dir)
    assert kb.settings.session.min_hands_on_minutes == 20
    assert (
        kb.settings.session.overhead_minutes == load_knowledge().settings.session.overhead_minutes
    )
    assert kb.techniques["cupping"].first_visit_most_minutes == 4
