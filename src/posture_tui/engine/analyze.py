"""The engine's one entry point: an assessment and the client's intake in, an Analysis out."""

from __future__ import annotations

from collections.abc import Sequence

from posture_tui.domain.analysis import Analysis, Plan
from posture_tui.domain.assessment import AssessmentInput
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.engine.conflicts import finding_conflicts, muscle_clashes, settle_clashes
from posture_tui.engine.course import plan_course
from posture_tui.engine.exercises import home_program
from posture_tui.engine.findings import observe
from posture_tui.engine.index import index_for
from posture_tui.engine.red_flags import find_red_flags, postpone, postponement, unexplained_pain
from posture_tui.engine.rules import raise_flags
from posture_tui.engine.screening import screen_candidates
from posture_tui.engine.targets import rank_targets
from posture_tui.knowledge.model import Knowledge


def analyze(
    knowledge: Knowledge,
    assessment: AssessmentInput,
    pain: Sequence[PainEntry] = (),
    contraindications: Sequence[ContraindicationEntry] = (),
) -> Analysis:
    """Flags with evidence, a focused session and the course after it, and the home program.

    Pure and deterministic: the same input gives the same output; nothing is printed or stored.
    """
    index = index_for(knowledge)
    red_flags = find_red_flags(knowledge, pain, contraindications, assessment.overrides)
    pain = unexplained_pain(knowledge, red_flags, pain)
    observations = observe(knowledge, index, assessment.findings, assessment.measurements)
    finding_clashes, observations = finding_conflicts(knowledge, observations)
    flags = raise_flags(knowledge, index, observations, pain)
    targets = rank_targets(
        knowledge,
        flags,
        observations,
        pain,
        assessment.trigger_points,
        assessment.planned_targets,
    )
    screen = screen_candidates(knowledge, index, targets, pain)
    clashes = muscle_clashes(knowledge, flags, targets, observations)
    targets, home_targets = settle_clashes(targets, clashes)
    course = plan_course(
        knowledge,
        index,
        targets,
        contraindications,
        assessment.session_minutes,
        visit_number=assessment.visit_number,
        planned_focus=assessment.planned_focus,
    )
    program = home_program(
        knowledge,
        index,
        home_targets,
        flags,
        contraindications,
        carried=assessment.carried_exercises,
    )
    first_visit = assessment.visit_number <= 1
    plan = Plan(
        session_minutes=assessment.session_minutes,
        steps=course.steps,
        excluded=course.excluded,
        exercises=program.exercises,
        excluded_exercises=program.excluded,
        visit_number=assessment.visit_number,
        focus_regions=course.focus,
        series=course.series,
        frequency=knowledge.settings.course.frequency,
        reassess_at_visit=course.reassess_at_visit,
        note=knowledge.settings.session.first_visit_note if first_visit else "",
        exercises_later=program.later,
        program_minutes_per_day=program.minutes_per_day,
    )
    postponed = postponement(red_flags)
    if postponed is not None:
        plan = postpone(plan, postponed)
    return Analysis(
        flags=flags,
        plan=plan,
        derived=observations.notes,
        red_flags=red_flags,
        conflicts=(*finding_clashes, *clashes),
        screen_candidates=screen,
    )
