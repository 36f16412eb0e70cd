"""The shipped exercise tags and safety rules (CLINICAL.md 5.5) are complete and well formed."""

# ruff: noqa: E501  (tables of one-line TOML snippets read better unwrapped)

from __future__ import annotations

from collections.abc import Callable

import pytest

from posture_tui.domain.common import Phase
from posture_tui.knowledge.model import LOADS, POSITIONS, Knowledge

Loader = Callable[..., str]
LYING = ("prone", "supine")


def test_every_exercise_has_a_valid_position_and_loads(kb: Knowledge) -> None:
    for exercise in kb.exercises.values():
        assert exercise.position in POSITIONS, exercise.id
        assert set(exercise.loads) <= set(LOADS), exercise.id
        assert ("self_pressure" in exercise.loads) == bool(exercise.pressure_regions), exercise.id
        assert set(exercise.pressure_regions) <= set(kb.pain_regions), exercise.id
        assert exercise.regions and set(exercise.regions) <= set(kb.pain_regions), exercise.id


def test_self_release_and_flexion_are_tagged(kb: Knowledge) -> None:
    for exercise in kb.exercises.values():
        text = exercise.instruction.lower()
        if exercise.phase is Phase.INHIBIT and ("roller" in text or "ball" in text):
            assert "self_pressure" in exercise.loads, exercise.id
        if "lie face down" in text:
            assert exercise.position == "prone", exercise.id
        if "lie on your back" in text:
            assert exercise.position == "supine", exercise.id
    assert {"spinal_flexion", "trunk_curl"} <= set(kb.exercises["curl_up"].loads)
    assert "spinal_flexion" in kb.exercises["knees_to_chest_stretch"].loads
    assert "spinal_roll" in kb.exercises["upper_back_roll"].loads
    assert kb.exercises["calf_release"].pressure_regions == ("calf",)


def test_replacements_keep_the_phase_and_leave_the_floor(kb: Knowledge) -> None:
    for exercise in kb.exercises.values():
        for replacement in exercise.replacements:
            assert kb.exercises[replacement].phase is exercise.phase, exercise.id
        if exercise.position in LYING and exercise.replacements:
            first = kb.exercises[exercise.replacements[0]]
            assert first.position not in LYING, exercise.id
    for lying in (
        "chin_tuck",
        "prone_t_raise",
        "prone_y_raise",
        "glute_bridge",
        "hamstring_stretch",
    ):
        assert kb.exercises[lying].replacements, lying
    core = kb.exercises[kb.exercises["curl_up"].replacements[0]]
    assert not {"spinal_flexion", "spinal_rotation", "trunk_curl"} & set(core.loads)


def test_rules_cover_clinical_5_5(kb: Knowledge) -> None:
    conditions = {rule.condition for rule in kb.exercise_rules}
    assert conditions >= {
        "pregnancy",
        "postpartum",
        "osteoporosis",
        "dvt_history",
        "varicose_veins",
        "skin_lesion",
        "recent_injury",
        "unhealed_fracture",
        "recent_surgery",
        "lymphedema",
        "diabetic_neuropathy",
        "uncontrolled_hypertension",
    }
    weeks = {(r.positions, r.min_weeks) for r in kb.exercise_rules if r.condition == "pregnancy"}
    assert {(("prone",), 13), (("supine",), 20)} <= weeks
    for rule in kb.exercise_rules:
        assert rule.reason.endswith("."), rule
        assert rule.condition in kb.contraindications, rule
    signs = " ".join(kb.handout_warnings["pregnancy"].signs)
    for sign in (
        "bleeding",
        "contractions",
        "fluid",
        "dizziness",
        "headache",
        "chest pain",
        "calf",
    ):
        assert sign in signs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[exercises.chin_tuck]\nposition = "upside_down"\n',
            "exercises.chin_tuck.position: 'upside_down' is not one of: standing",
        ),
        (
            '[exercises.chin_tuck]\nloads = ["juggling"]\n',
            "exercises.chin_tuck.loads[0]: 'juggling' is not one of: spinal_flexion",
        ),
        (
            '[exercises.chin_tuck]\nloads = ["self_pressure"]\n',
            "exercises.chin_tuck.loads: self_pressure needs the pressure_regions it presses on",
        ),
        (
            '[exercises.chin_tuck]\nreplacements = ["bird_dogg"]\n',
            "exercises.chin_tuck.replacements[0]: unknown exercise id 'bird_dogg' (did you mean 'bird_dog'?)",
        ),
        (
            '[exercises.chin_tuck]\nreplacements = ["calf_release"]\n',
            "exercises.chin_tuck.replacements[0]: 'calf_release' is an exercise of phase inhibit, not activate",
        ),
        (
            '[exercises.chin_tuck]\nreplacements = ["chin_tuck"]\n',
            "exercises.chin_tuck.replacements: an exercise cannot replace itself",
        ),
        (
            '[[exercise_rules]]\ncondition = "pregnancy"\nreason = "No."\n',
            "exercise_rules[0]: names nothing it rules out",
        ),
        (
            '[[exercise_rules]]\ncondition = "pregnant"\nreason = "No."\npositions = ["prone"]\n',
            "exercise_rules[0].condition: unknown contraindication id 'pregnant'",
        ),
        (
            '[[exercise_rules]]\ncondition = "dvt_history"\nreason = "No."\nloads = ["self_pressure"]\nextent = "limb"\n',
            "exercise_rules[0].extent: widens the condition's region",
        ),
        (
            '[handout_warnings.pregnancy]\ntitle = "Stop"\nsigns = []\n',
            "handout_warnings.pregnancy.signs: list at least one sign",
        ),
    ],
)
def test_bad_tags_and_rules_are_refused(load_error: Loader, text: str, expected: str) -> None:
    message = load_error(clinic=text)
    assert "clinic.toml" in message
    assert expected in message
