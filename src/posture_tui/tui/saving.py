"""Saving a visit session to the repository, and the two ways out of a save conflict."""

from __future__ import annotations

from datetime import datetime

from posture_tui.store.api import Repository
from posture_tui.tui.session import VisitSession, evolve


def save_session(repository: Repository, session: VisitSession, now: datetime) -> None:
    """Save the client (when changed) then the assessment; raises the store's errors."""
    if session.client_dirty or session.is_new_client:
        session.client = repository.save_client(evolve(session.client, updated=now))
        session.client_dirty = False
        session.is_new_client = False
    assessment = evolve(session.assessment, updated=now, client_id=session.client.id)
    session.assessment = repository.save_assessment(assessment)
    session.dirty = False


def reload_record(repository: Repository, session: VisitSession, record_id: str) -> None:
    """Take the other session's version of the conflicting record."""
    if record_id == session.client.id:
        session.client = repository.get_client(record_id)
        session.client_dirty = False
        return
    session.assessment = repository.get_assessment(session.client.id, session.assessment.id)
    session.dirty = False
    if not session.read_only:
        session.recompute()
        session.dirty = False


def rebase_record(
    repository: Repository, session: VisitSession, record_id: str, therapist: str
) -> None:
    """Put my version on top of theirs, so saving makes it a new revision (theirs stays)."""
    if record_id == session.client.id:
        stored_client = repository.get_client(record_id)
        session.client = evolve(session.client, revision=stored_client.revision)
        return
    mine = session.assessment
    stored = repository.get_assessment(mine.client_id, mine.id)
    if stored.is_signed:
        stored = repository.amend_assessment(mine.client_id, mine.id, therapist)
        session.assessment = evolve(
            stored,
            findings=mine.findings,
            measurements=mine.measurements,
            session_minutes=mine.session_minutes,
            pain=mine.pain,
            contraindications=mine.contraindications,
            outcomes=mine.outcomes,
            analysis=mine.analysis,
            plan=mine.plan,
            notes=mine.notes,
            unconfirmed=mine.unconfirmed,
        )
    else:
        session.assessment = evolve(mine, revision=stored.revision)
