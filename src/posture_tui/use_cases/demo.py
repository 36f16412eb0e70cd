"""Synthetic clients and assessments for demos and load tests, seeded and written in bulk.

Findings are drawn from the knowledge base's own pattern rules (core, required and sided items),
so the demo raises a variety of patterns without any clinical id written here.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from posture_tui.domain.analysis import Analysis
from posture_tui.domain.assessment import AssessmentInput, Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.domain.records import DRAFT, SIGNED, Assessment, Client
from posture_tui.knowledge.model import Knowledge
from posture_tui.store.errors import NotFoundError
from posture_tui.store.repository import TinyRepository

Analyze = Callable[
    [Knowledge, AssessmentInput, Sequence[PainEntry], Sequence[ContraindicationEntry]], Analysis
]

FIRST_NAMES = (
    "Zoë", "Émile", "Jürgen", "Ana", "Łukasz", "Søren", "Chloé", "José", "François", "Ingrid",
    "Mia", "Noah", "Aoife", "Siobhán", "Mateo", "Lucía", "Björn", "Ayşe", "Dmitri", "Amélie",
    "Oliver", "Fatima", "Kenji", "Nadia", "Tomás", "Eleni", "Kwame", "Priya", "Hannah", "Ignacio",
)  # fmt: skip
LAST_NAMES = (
    "Müller", "Núñez", "Östberg", "García", "Dvořák", "O'Brien", "Nguyễn", "Kowalski", "Rossi",
    "Smith", "Jensen", "Lefèvre", "Yılmaz", "Papadopoulos", "Schröder", "Fernández", "Novák",
    "Okafor", "Tanaka", "Virtanen", "Brennan", "Costa", "Haddad", "Lindqvist", "Moreau", "Patel",
)  # fmt: skip
THERAPISTS = ("demo-anna", "demo-ben", "demo-carla")
CASE_POOL = 400  # distinct analysed cases; visits reuse them so 20,000 visits take seconds


def _id(rng: random.Random, prefix: str) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    return f"{prefix}-{''.join(rng.choice(alphabet) for _ in range(10))}"


def _side(rng: random.Random) -> Side:
    return rng.choice((Side.LEFT, Side.RIGHT, Side.RIGHT, Side.BILATERAL))


def _findings(rng: random.Random, knowledge: Knowledge) -> tuple[Finding, ...]:
    chosen: dict[str, None] = {}
    patterns = list(knowledge.patterns.values())
    for pattern in rng.sample(patterns, k=min(len(patterns), rng.randint(1, 2))):
        rule = pattern.rule
        core = list(rule.core)
        need = max(rule.min_core, min(len(core), rng.randint(rule.min_core, len(core))))
        for item in (*rng.sample(core, k=min(need, len(core))), *rule.required):
            chosen[item] = None
        pool = list(rule.sided_pool)
        for item in rng.sample(pool, k=min(len(pool), max(rule.min_sided, 0))):
            chosen[item] = None
        for item in rule.supporting:
            if rng.random() < 0.4:
                chosen[item] = None
    extra = list(knowledge.checklist)
    for item in rng.sample(extra, k=min(len(extra), rng.randint(1, 3))):
        chosen[item] = None
    findings = []
    for item in chosen:
        spec = knowledge.checklist.get(item)
        if spec is None:
            continue
        side = _side(rng) if spec.sided else None
        findings.append(Finding(item, rng.choice((1, 1, 2, 2, 3)), side))
    return tuple(findings)


# Realistic values for the shipped measurements (how often taken, and the range drawn from);
# any other measurement of the knowledge base is drawn within its own range.
_DEMO_NUMBERS = {
    "cva_deg": (0.6, 38.0, 58.0),
    "shoulder_height_diff_cm": (0.4, 0.0, 2.5),
    "iliac_crest_diff_cm": (0.3, 0.0, 2.0),
}


def _measurements(rng: random.Random, knowledge: Knowledge) -> Measurements:
    taken: dict[str, float | str | None] = {}
    for name, definition in knowledge.measurements.items():
        if definition.kind == "choice":
            taken[name] = rng.choice(definition.choices) if rng.random() < 0.4 else None
            continue
        share, low, high = _DEMO_NUMBERS.get(
            name, (0.4, definition.minimum or 0.0, definition.maximum or 10.0)
        )
        taken[name] = round(rng.uniform(low, high), 1) if rng.random() < share else None
    return Measurements(taken)


def _pain(rng: random.Random, knowledge: Knowledge) -> tuple[PainEntry, ...]:
    regions = list(knowledge.pain_regions)
    picked = rng.sample(regions, k=min(len(regions), rng.randint(0, 3)))
    return tuple(PainEntry(region, rng.randint(2, 8), _side(rng)) for region in picked)


def _contraindications(
    rng: random.Random, knowledge: Knowledge
) -> tuple[ContraindicationEntry, ...]:
    if rng.random() > 0.3:
        return ()
    entries = []
    regions = list(knowledge.pain_regions)
    # Red flags postpone a whole plan: demo clients carry conditions only, so every demo visit
    # has a plan to look at.
    conditions = [c for c in knowledge.contraindications.values() if not c.red_flag]
    for item in rng.sample(conditions, k=rng.randint(1, 2)):
        region = rng.choice(regions) if item.has_region and regions else None
        entries.append(ContraindicationEntry(item.id, region))
    return tuple(entries)


def _case(rng: random.Random, knowledge: Knowledge, analyze: Analyze) -> dict[str, Any]:
    parts: dict[str, Any] = {
        "findings": _findings(rng, knowledge),
        "measurements": _measurements(rng, knowledge),
        "session_minutes": rng.choice((45, 60, 60, 90)),
    }
    given = AssessmentInput(**parts)
    pain = _pain(rng, knowledge)
    contraindications = _contraindications(rng, knowledge)
    return {
        "findings": given.findings,
        "measurements": given.measurements,
        "session_minutes": given.session_minutes,
        "pain": pain,
        "contraindications": contraindications,
        "analysis": analyze(knowledge, given, pain, contraindications),
    }


def _birth_date(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randint(18 * 365, 85 * 365))


def generate(
    repo: TinyRepository,
    knowledge: Knowledge,
    analyze: Analyze,
    *,
    clients: int = 50,
    assessments: int = 3,
    seed: int = 1,
    batch: int = 250,
) -> list[str]:
    """Add `clients` synthetic clients with `assessments` visits each; their ids.

    Writes `batch` clients per store lock, so a big demo neither holds the lock for long
    nor pays one lock per record.
    """
    rng = random.Random(seed)
    now = repo.clock()
    cases = [_case(rng, knowledge, analyze) for _ in range(min(CASE_POOL, clients * assessments))]
    made: list[str] = []
    taken = {summary.id for summary in repo.list_clients()}
    pending: list[tuple[Client, list[Assessment]]] = []
    for _ in range(clients):
        client, visits = _client(rng, now, cases, assessments, taken)
        taken.add(client.id)
        pending.append((client, visits))
        made.append(client.id)
        if len(pending) >= batch:
            repo.import_records(pending, action="demo")
            pending = []
    if pending:
        repo.import_records(pending, action="demo")
    return made


def _client(
    rng: random.Random, now: datetime, cases: list[dict[str, Any]], count: int, taken: set[str]
) -> tuple[Client, list[Assessment]]:
    client_id = _id(rng, "c")
    while client_id in taken:  # a second demo run with the same seed adds new clients
        client_id = _id(rng, "c")
    first_visit = now - timedelta(days=rng.randint(43 * count + 1, 43 * count + 700))
    intake = rng.choice(cases) if cases else {}
    fields: dict[str, Any] = {
        "id": client_id,
        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "birth_date": _birth_date(rng, now.date()),
        "contact": f"+41 79 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "complaints": "Synthetic demo client.",
        "goals": "Demo goals.",
        "pain": intake.get("pain", ()),
        "contraindications": intake.get("contraindications", ()),
        "created": first_visit,
        "updated": first_visit,
        "revision": 1,
        "synthetic": True,
    }
    client = Client(**fields)
    visits = []
    when = first_visit
    for number in range(count):
        case = rng.choice(cases)
        therapist = rng.choice(THERAPISTS)
        signed = number < count - 1 or rng.random() < 0.5
        visit: dict[str, Any] = {
            **case,
            "id": _id(rng, "a"),
            "client_id": client_id,
            "therapist": therapist,
            "created": when,
            "updated": when,
            "status": SIGNED if signed else DRAFT,
            "revision": 2 if signed else 1,
            "signed_at": when if signed else None,
            "signed_by": therapist if signed else None,
            "visit_number": number + 1,
        }
        visits.append(Assessment(**visit))
        when += timedelta(days=rng.randint(5, 42), minutes=rng.randint(0, 600))
    return client, visits


def remove(repo: TinyRepository) -> list[str]:
    """Delete every synthetic (demo) client and nothing else; the ids removed.

    Each client is read from its own file under the store lock before it goes (a stale or
    planted index row marks nothing), and each deletion is its own `demo.remove` audit line.
    """
    removed: list[str] = []
    for summary in repo.list_clients():
        if not summary.synthetic:
            continue
        try:
            if not repo.get_client(summary.id).synthetic:
                continue  # the row says demo, the record does not: the record is the truth
            repo.delete_client(summary.id, only_synthetic=True, action="demo.remove")
        except NotFoundError:
            continue  # removed meanwhile by another session
        removed.append(summary.id)
    return removed
