"""The home program is filtered by the shipped exercise rules (CLINICAL.md 5.5), rule by rule."""

from __future__ import annotations

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from posture_tui.domain.analysis import Excluded, Exercise, Flag
from posture_tui.domain.common import Phase, Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.engine.exercise_safety import first_hit, loaded, pressed, rule_hits
from posture_tui.engine.exercises import Program as HomeProgram
from posture_tui.engine.exercises import home_program
from posture_tui.engine.index import index_for
from posture_tui.engine.targets import MuscleTarget
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import ExerciseDef, ExerciseRule

KB = load_knowledge()
INDEX = index_for(KB)
CONDITIONS = sorted({rule.condition for rule in KB.exercise_rules})
REGIONS = sorted(KB.pain_regions)
MUSCLES = sorted(KB.muscles)
Program = tuple[tuple[Exercise, ...], tuple[Excluded, ...]]


def target(muscle: str, phase: Phase, side: Side = Side.BILATERAL) -> MuscleTarget:
    over = side if phase in (Phase.INHIBIT, Phase.LENGTHEN) else None
    under = side if phase is Phase.ACTIVATE else None
    return MuscleTarget(muscle, KB.muscles[muscle].region, over, under, 1.0, ("test",))


def program(
    muscle: str, phase: Phase, *entries: ContraindicationEntry, side: Side = Side.BILATERAL
) -> Program:
    return _both(home_program(KB, INDEX, [target(muscle, phase, side)], [], entries))


def _both(program: HomeProgram) -> Program:
    """Every exercise prescribed, now or later, and what safety left out: a rule must keep an
    exercise out of both lists."""
    return (*program.exercises, *program.later), program.excluded


def ids(result: Program) -> set[str]:
    return {exercise.id for exercise in result[0]}


def left(result: Program, exercise: str) -> Excluded:
    found = [e for e in result[1] if e.technique == exercise]
    assert len(found) == 1, (exercise, result[1])
    return found[0]


def entry_for(rule: ExerciseRule, definition: ExerciseDef, muscle: str) -> ContraindicationEntry:
    """A client with the rule's condition, recorded where the exercise works, at its threshold."""
    region = None
    if rule.pressure_in_region or rule.loads_in_region:
        where = loaded if rule.loads_in_region else pressed
        region = next(iter(where(KB, definition, muscle)), None)
    return ContraindicationEntry(id=rule.condition, region=region, weeks=rule.min_weeks)


def first_picks() -> list[tuple[str, Phase, str]]:
    """Every (muscle, phase, exercise) the program picks for a muscle in that phase."""
    return [
        (muscle, phase, exercises[0])
        for muscle, phases in sorted(INDEX.exercises_by_muscle.items())
        for phase, exercises in phases.items()
        if phase is not Phase.INTEGRATE and exercises
    ]


def cases() -> list[tuple[int, str, Phase, str]]:
    found = []
    for number, rule in enumerate(KB.exercise_rules):
        for muscle, phase, exercise in first_picks():
            definition = KB.exercises[exercise]
            entry = entry_for(rule, definition, muscle)
            if rule_hits(KB, rule, entry, definition, muscle) is not None:
                found.append((number, muscle, phase, exercise))
    return found


CASES = cases()


def test_most_rules_meet_a_shipped_exercise() -> None:
    met = {number for number, *_ in CASES}
    unmet = {KB.exercise_rules[n].condition for n in range(len(KB.exercise_rules)) if n not in met}
    # no shipped exercise presses under the foot or holds the breath: probed synthetically below
    assert unmet <= {"diabetic_neuropathy", "pregnancy"}, unmet


@pytest.mark.parametrize(("number", "muscle", "phase", "exercise"), CASES)
def test_rule_leaves_out_and_replaces(
    number: int, muscle: str, phase: Phase, exercise: str
) -> None:
    rule = KB.exercise_rules[number]
    definition = KB.exercises[exercise]
    entry = entry_for(rule, definition, muscle)
    assert exercise in ids(program(muscle, phase)), "without the condition it stays"
    result = program(muscle, phase, entry)
    assert exercise not in ids(result)
    out = left(result, exercise)
    assert out.contraindication == rule.condition and out.muscle == muscle
    hit = first_hit(KB, definition, muscle, Side.BILATERAL, (entry,))
    assert hit is not None and out.reason == hit.reason
    passing = [
        r
        for r in definition.replacements
        if first_hit(KB, KB.exercises[r], muscle, Side.BILATERAL, (entry,)) is None
    ]
    assert out.instead == (passing[0] if passing else None)
    if out.instead is not None:
        used = next(e for e in result[0] if e.id == out.instead)
        assert used.muscle == muscle and used.phase is phase
        assert used.position == KB.exercises[out.instead].position


@pytest.mark.parametrize("number", range(len(KB.exercise_rules)))
def test_rule_takes_effect_on_a_probe_and_nowhere_else(number: int) -> None:
    rule = KB.exercise_rules[number]
    probe = ExerciseDef(
        id="probe",
        name="Probe",
        phase=Phase.ACTIVATE,
        dose=KB.exercises["bird_dog"].dose,
        instruction="Probe.",
        position=rule.positions[0] if rule.positions else "standing",
        loads=(*rule.loads[:1], *(("self_pressure",) if rule.pressure_regions else ())),
        pressure_regions=rule.pressure_regions[:1],
        regions=rule.load_regions[:1] or ("hand",),
    )
    if rule.pressure_in_region and not (rule.positions or rule.loads or rule.pressure_regions):
        probe = evolve(probe, loads=("self_pressure",), pressure_regions=("hand",))
    entry = ContraindicationEntry(id=rule.condition, region="hand")
    assert rule_hits(KB, rule, entry, probe) is not None
    neutral = ExerciseDef(
        id="neutral",
        name="Neutral",
        phase=Phase.ACTIVATE,
        dose=probe.dose,
        instruction="Neutral.",
        position="standing",
        regions=("foot",),
    )
    assert rule_hits(KB, rule, evolve(entry, region="hand"), neutral) is None
    other = ContraindicationEntry(id="anaemia")
    assert rule_hits(KB, rule, other, probe) is None


def test_pregnancy_weeks() -> None:
    def pregnant(weeks: int | None) -> ContraindicationEntry:
        return ContraindicationEntry(id="pregnancy", weeks=weeks)

    # prone from week 13: lower trapezius gets the prone Y raise
    assert "prone_y_raise" in ids(program("lower_trapezius", Phase.ACTIVATE, pregnant(10)))
    at_14 = program("lower_trapezius", Phase.ACTIVATE, pregnant(14))
    assert "prone_y_raise" not in ids(at_14)
    assert left(at_14, "prone_y_raise").instead == "wall_angel"
    assert "week 13" in left(at_14, "prone_y_raise").reason
    # supine from week 20: the chin tuck lies on the back
    assert "chin_tuck" in ids(program("deep_neck_flexors", Phase.ACTIVATE, pregnant(19)))
    at_20 = program("deep_neck_flexors", Phase.ACTIVATE, pregnant(20))
    assert left(at_20, "chin_tuck").instead == "wall_chin_tuck"
    assert "wall_chin_tuck" in ids(at_20)
    # weeks not recorded: past week 20, so both go, and the reason says why
    unknown = program("deep_neck_flexors", Phase.ACTIVATE, pregnant(None))
    assert "weeks not recorded, so treated as past week 20" in left(unknown, "chin_tuck").reason
    prone = left(program("lower_trapezius", Phase.ACTIVATE, pregnant(None)), "prone_y_raise")
    assert "weeks not recorded, so treated as past week 13" in prone.reason
    assert "prone_y_raise" not in ids(program("lower_trapezius", Phase.ACTIVATE, pregnant(None)))
    # curl-ups and belly self-release go at any week
    early = program("rectus_abdominis", Phase.ACTIVATE, pregnant(8))
    assert "curl_up" not in ids(early) and left(early, "curl_up").instead == "pallof_press"
    belly = program("rectus_abdominis", Phase.INHIBIT, pregnant(8))
    assert left(belly, "abdominal_relaxation").instead == "seated_belly_breathing"


def test_osteoporosis_no_flexion_offers_non_flexion_core() -> None:
    bones = ContraindicationEntry(id="osteoporosis")
    core = program("rectus_abdominis", Phase.ACTIVATE, bones)
    assert "curl_up" not in ids(core)
    assert left(core, "curl_up").instead == "pallof_press"
    assert "pallof_press" in ids(core)
    low_back = program("lumbar_erectors", Phase.LENGTHEN, bones)
    assert "knees_to_chest_stretch" not in ids(low_back)
    assert left(low_back, "knees_to_chest_stretch").instead is None  # the forward lean flexes too
    roll = program("thoracic_erectors", Phase.INHIBIT, bones)
    assert left(roll, "upper_back_roll").instead is None
    twist = program("gluteus_minimus", Phase.LENGTHEN, bones)
    assert left(twist, "cross_over_hip_stretch").instead == "tfl_stretch"
    assert "bird_dog" in ids(program("lumbar_erectors", Phase.ACTIVATE, bones))


def test_dvt_history_removes_the_leg_rolls_not_the_stretch() -> None:
    dvt = ContraindicationEntry(id="dvt_history")
    release = program("gastrocnemius", Phase.INHIBIT, dvt)
    assert "calf_release" not in ids(release)
    out = left(release, "calf_release")
    assert out.instead is None and "DVT" in out.reason and out.region == "calf"
    assert "gastrocnemius_stretch" in ids(program("gastrocnemius", Phase.LENGTHEN, dvt))
    # stricter than the contract's calves: the thighs carry the deep veins too
    thigh = program("hamstrings", Phase.INHIBIT, dvt)
    assert "hamstring_release" not in ids(thigh)
    assert "thighs" in left(thigh, "hamstring_release").reason
    assert "glute_release" in ids(program("gluteus_maximus", Phase.INHIBIT, dvt))


def test_recent_surgery_takes_that_limb_on_that_side() -> None:
    knee = ContraindicationEntry(id="recent_surgery", region="knee", side=Side.LEFT)
    for side in (Side.LEFT, Side.BILATERAL):
        assert "glute_release" not in ids(
            program("gluteus_maximus", Phase.INHIBIT, knee, side=side)
        )
    assert "glute_release" in ids(program("gluteus_maximus", Phase.INHIBIT, knee, side=Side.RIGHT))
    assert "band_row" in ids(program("rhomboids", Phase.ACTIVATE, knee, side=Side.LEFT))


def test_lymphedema_stops_self_release_on_the_limb_not_strengthening() -> None:
    arm = ContraindicationEntry(id="lymphedema", region="arm")
    assert "upper_trapezius_release" not in ids(program("upper_trapezius", Phase.INHIBIT, arm))
    assert "band_external_rotation" in ids(program("rotator_cuff", Phase.ACTIVATE, arm))
    assert "calf_release" in ids(program("gastrocnemius", Phase.INHIBIT, arm))


def test_varicose_veins_in_and_below_the_region() -> None:
    veins = ContraindicationEntry(id="varicose_veins", region="thigh_back")
    assert "hamstring_release" not in ids(program("hamstrings", Phase.INHIBIT, veins))
    assert "calf_release" not in ids(program("gastrocnemius", Phase.INHIBIT, veins))
    assert "glute_release" in ids(program("gluteus_maximus", Phase.INHIBIT, veins))
    anywhere = ContraindicationEntry(id="varicose_veins")
    out = left(program("pectoralis_major", Phase.INHIBIT, anywhere), "pectoral_release")
    assert "region not recorded" in out.reason


def test_integrate_exercises_are_checked_too() -> None:
    surgery = ContraindicationEntry(id="recent_surgery", region="knee")
    flag = Flag("lower_crossed", "Lower crossed", ("test",), 1.0, "strong")
    exercises, excluded = _both(home_program(KB, INDEX, [], [flag], [surgery]))
    integrate = KB.patterns["lower_crossed"].integrate
    assert integrate and not set(integrate) & {e.id for e in exercises}
    assert {e.technique for e in excluded} >= set(integrate)
    assert {e.id for e in _both(home_program(KB, INDEX, [], [flag], []))[0]} == set(integrate)


def test_program_exercises_carry_position_and_loads() -> None:
    exercises, _ = program("rectus_abdominis", Phase.ACTIVATE)
    curl = next(e for e in exercises if e.id == "curl_up")
    assert curl.position == "supine" and "spinal_flexion" in curl.loads


@st.composite
def clients(draw: st.DrawFn) -> tuple[ContraindicationEntry, ...]:
    chosen = draw(st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=4))
    return tuple(
        ContraindicationEntry(
            id=c,
            region=draw(st.none() | st.sampled_from(REGIONS)),
            side=draw(st.none() | st.sampled_from(list(Side))),
            weeks=draw(st.none() | st.integers(1, 42)),
        )
        for c in chosen
    )


@settings(max_examples=150, deadline=None)
@given(
    muscles=st.lists(st.sampled_from(MUSCLES), unique=True, min_size=1, max_size=8),
    over=st.booleans(),
    side=st.sampled_from(list(Side)),
    entries=clients(),
)
def test_no_program_exercise_is_one_a_rule_excludes(
    muscles: list[str], over: bool, side: Side, entries: tuple[ContraindicationEntry, ...]
) -> None:
    phase = Phase.INHIBIT if over else Phase.ACTIVATE
    targets = [target(muscle, phase, side) for muscle in muscles]
    exercises, excluded = _both(home_program(KB, INDEX, targets, [], entries))
    for exercise in exercises:
        definition = KB.exercises[exercise.id]
        assert first_hit(KB, definition, exercise.muscle, exercise.side, entries) is None
    for out in excluded:
        assert out.reason and out.contraindication
        if out.instead is not None:
            assert out.instead in {e.id for e in exercises} | {e.technique for e in excluded}
