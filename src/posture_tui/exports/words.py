"""Small wording helpers shared by the handout and the note: sides, dates, names of ids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, tzinfo

from posture_tui.domain.analysis import Exercise
from posture_tui.domain.common import Phase, Side, severity_word
from posture_tui.domain.dose import Dose
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.domain.records import Assessment
from posture_tui.engine.index import index_for
from posture_tui.knowledge.model import Knowledge

# How each continuum phase is introduced to a client, in words without jargon.
PHASE_TITLES: dict[Phase, str] = {
    Phase.INHIBIT: "Release tight spots",
    Phase.LENGTHEN: "Stretch",
    Phase.ACTIVATE: "Strengthen",
    Phase.INTEGRATE: "Put it together",
}
PHASE_INTROS: dict[Phase, str] = {
    Phase.INHIBIT: "Ease tight, overworked muscles with a foam roller or a ball. "
    "Rest on the tender spot and breathe; it should feel like firm pressure, never sharp pain.",
    Phase.LENGTHEN: "Slowly lengthen the muscles you just released. "
    "Stretch to the first feeling of tension, not to pain, and hold without bouncing.",
    Phase.ACTIVATE: "Wake up muscles that have become weak or lazy. "
    "Move slowly, pause at the end of the movement and lower with control.",
    Phase.INTEGRATE: "Practise whole-body movements that use your new posture in everyday life.",
}


def side_word(side: Side | None) -> str:
    """A side for the clinical note; midline items have none."""
    return side.value if side is not None else "midline"


def client_side(side: Side | None) -> str:
    """A side in words a client understands (an exercise without one uses both at once)."""
    if side is Side.LEFT:
        return "Your left side"
    if side is Side.RIGHT:
        return "Your right side"
    if side is Side.BILATERAL:
        return "Both sides"
    return "Both sides at once"


# Therapist's tempo words in a client's (the shipped doses' and common hand-typed ones).
_TEMPO_WORDS: tuple[tuple[str, str], ...] = (
    (r"\b(\d+) s hold at end range\b", r"hold \1 seconds at the end of the movement"),
    (r"\b(\d+) s lowering\b", r"take \1 seconds to lower"),
    (r"\bat end range\b", "at the end of the movement"),
    (r"\bend range\b", "the end of the movement"),
    (r"\b(\d+) to (\d+) s\b", r"\1 to \2 seconds"),
    (r"\b(\d+) s\b", r"\1 seconds"),
    (r"\breps\b", "times"),
    (r"\brep\b", "time"),
    (r"^controlled$", "move slowly and smoothly"),
)
_ROUNDS = {1: "once", 2: "twice", 3: "three times"}


def _plain(text: str) -> str:
    for pattern, words in _TEMPO_WORDS:
        text = re.sub(pattern, words, text)
    return text


def client_dose(dose: Dose) -> str:
    """How much of an exercise to do, in a client's words: "Do this 12 times, twice." or
    "Hold for 30 seconds." (Dose.text() is the therapist's wording, in the note.)"""
    rounds = _ROUNDS.get(dose.sets, f"{dose.sets} times")
    if dose.reps is not None:
        text = f"Do this {dose.reps} times"
        if dose.hold_s is not None:
            text += f", holding {dose.hold_s} seconds each time"
    elif dose.hold_s is not None:
        text = f"Hold for {dose.hold_s} seconds"
    else:
        text = "Do this"
    if dose.sets > 1:
        text += f", {rounds}"
    text += "."
    if dose.tempo:
        tempo = _plain(dose.tempo.strip())
        text += f" {tempo[:1].upper()}{tempo[1:]}{'' if tempo.endswith('.') else '.'}"
    return text


def client_frequency(dose: Dose) -> str:
    """How often, in a client's words ("Every day", "3 to 5 days a week")."""
    words = {"daily": "Every day", "weekly": "Once a week"}
    frequency = dose.frequency.strip()
    known = words.get(frequency.lower())
    return known or f"{frequency[:1].upper()}{frequency[1:]}"


def severity_text(severity: int) -> str:
    """Severity as a word and a digit, so nothing depends on colour."""
    try:
        return f"{severity_word(severity)} ({severity})"
    except KeyError:
        return str(severity)


def long_date(value: date) -> str:
    """A date a client reads without confusion between day and month (25 November 2026)."""
    return f"{value.day} {value:%B %Y}"


# The clinic's time zone while an export is built (clinic settings); None: the system's zone.
_ZONE: ContextVar[tzinfo | None] = ContextVar("export_zone", default=None)


@contextmanager
def shown_in(zone: tzinfo | None) -> Iterator[None]:
    """Times built into an export inside this block are shown in `zone` (None: local)."""
    token = _ZONE.set(zone)
    try:
        yield
    finally:
        _ZONE.reset(token)


def local(value: datetime) -> datetime:
    """A stored (UTC) time in the clinic's zone (settings), else the workstation's."""
    return value.astimezone(_ZONE.get()) if value.tzinfo is not None else value


def zone_name(value: datetime) -> str:
    """The zone a shown time is in: the IANA name of the clinic's zone, else its abbreviation."""
    zone = _ZONE.get()
    key = getattr(zone, "key", None)
    return str(key) if key else (local(value).tzname() or "local time")


def stamp(value: datetime | None) -> str:
    """A time for the record: ISO date, minutes and the zone when known, in local time."""
    if value is None:
        return "-"
    value = local(value)
    text = value.strftime("%Y-%m-%d %H:%M")
    zone = value.tzname()
    return f"{text} {zone}" if zone else text


def visit_date(assessment: Assessment) -> date:
    """The day the assessment was made, in local time."""
    return local(assessment.created).date()


def exercise_target(exercise: Exercise, knowledge: Knowledge) -> str:
    """What an exercise works on: a muscle, else the whole pattern it retrains."""
    if exercise.muscle:
        return knowledge.muscle_name(exercise.muscle)
    if exercise.pattern and exercise.pattern in knowledge.patterns:
        return f"Whole body ({knowledge.patterns[exercise.pattern].name})"
    return "Whole body"


def client_target(exercise: Exercise, knowledge: Knowledge) -> str:
    """Where an exercise works, in the client's words: the muscle's lay name, else its region's
    plain name; never a Latin name, a pattern's name or an id."""
    muscle = knowledge.muscles.get(exercise.muscle or "")
    if muscle is None:
        return "Your whole body" if not exercise.muscle else "The area your therapist showed you"
    words = muscle.lay_name
    if not words and muscle.region in knowledge.pain_regions:
        words = client_region(muscle.region, knowledge)
    words = words or "the area your therapist showed you"
    return f"{words[:1].upper()}{words[1:]}"


def item_label(item: str, knowledge: Knowledge) -> str:
    """The label of a finding or measurement id (the id itself when the knowledge base lacks it)."""
    known = knowledge.checklist.get(item)
    if known is not None:
        return known.label
    measurement = knowledge.measurements.get(item)
    return measurement.label if measurement is not None else item


def condition_label(condition: str, knowledge: Knowledge) -> str:
    """Why a technique was left out: a screened condition's name, else the engine's reason id
    in words (session time, endangerment site, ...)."""
    known = knowledge.contraindications.get(condition)
    return known.name if known is not None else condition.replace("_", " ").capitalize()


def condition_details(entry: ContraindicationEntry, knowledge: Knowledge) -> str:
    """A condition's recorded details in a few words: "Knee, left", "24 weeks", "cleared by ..."."""
    parts = []
    if entry.region:
        parts.append(knowledge.region_name(entry.region))
    if entry.side is not None:
        parts.append(entry.side.value)
    if entry.weeks is not None:
        parts.append(f"{entry.weeks} weeks")
    if entry.severity:
        parts.append(entry.severity)
    if entry.cleared:
        parts.append(f"cleared by {entry.cleared_by} on {entry.cleared_on}")
    return ", ".join(parts)


def region_label(region: str | None, knowledge: Knowledge) -> str:
    """A pain region's name for the note."""
    return knowledge.region_name(region) if region else "-"


def client_region(region: str, knowledge: Knowledge) -> str:
    """A pain region in the client's words."""
    known = knowledge.pain_regions.get(region)
    if known is None:
        return region
    return known.client_name or known.name


def technique_target(
    muscle: str | None, region: str | None, side: Side | None, knowledge: Knowledge
) -> str:
    """The muscle or region a technique is applied to, with its side."""
    if muscle:
        target = knowledge.muscle_name(muscle)
    elif region:
        target = knowledge.region_name(region)
    else:
        target = "-"
    return f"{target}, {side.value}" if side is not None else target


def named(text: str, knowledge: Knowledge) -> str:
    """Engine text with any measurement or finding id in it ("raised by cva_deg") replaced by
    its label: records stored by earlier versions hold the ids, so the note names them here."""
    index = index_for(knowledge)
    if not text or index.label_ids is None:
        return text
    return index.label_ids.sub(lambda match: index.labels_by_id[match.group(1)], text)


def finding_side(item: str, side: Side | None, knowledge: Knowledge) -> str:
    """A finding's side for the note: a finding of one side whose side is not known (one
    derived from a measurement) says so rather than "midline"."""
    known = knowledge.checklist.get(item)
    if side is None and known is not None and known.sided:
        return "side not recorded"
    return side_word(side)
