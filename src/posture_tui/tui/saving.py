"""Saving a visit session: nothing is written when nothing changed, and a save that meets a
newer save of the same record is merged three ways (store/merge.py) before it is tried again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from attrs import frozen

from posture_tui.domain.records import DERIVED, RECORD, Assessment, Client, fields_marked
from posture_tui.store import audit, codec
from posture_tui.store.api import Repository
from posture_tui.store.errors import NotFoundError
from posture_tui.store.merge import Merge, Pick, merge, resolve
from posture_tui.tui.session import VisitSession, evolve

# Derived by the engine from what the therapist entered: a difference there alone is no change.
_DERIVED = fields_marked(Client, DERIVED) | fields_marked(Assessment, DERIVED)


def changed(old: Client | Assessment | None, new: Client | Assessment) -> list[str]:
    """The names of the fields the therapist changed (never values); all of them if no old."""
    fields = audit.changed_fields(
        codec.unstructure(old) if old is not None else None, codec.unstructure(new)
    )
    return [name for name in fields if name not in _DERIVED]


def client_base(repository: Repository, session: VisitSession) -> Client | None:
    """The stored revision the session's client started from, if it can still be read."""
    mine = session.client
    kept = session.client_base
    if kept is not None and kept.revision == mine.revision:
        return kept
    if mine.revision == 0 or session.is_new_client:
        return None
    try:
        stored = repository.get_client(mine.id)
    except NotFoundError:
        return None
    # Client revisions are not kept: a newer one is theirs, not what this session started from.
    return stored if stored.revision == mine.revision else None


def assessment_base(repository: Repository, session: VisitSession) -> Assessment | None:
    """The stored revision the session's assessment started from (every revision is kept)."""
    mine = session.assessment
    if mine.revision == 0:
        return None
    try:
        return repository.get_assessment(session.client.id, mine.id, mine.revision)
    except NotFoundError:
        return None


@frozen
class Outcome:
    """What a save did: the records written, and whether the client on screen was replaced
    by a newer save of another session (this one had not changed it)."""

    written: tuple[str, ...]
    refreshed: bool = False


def save_session(repository: Repository, session: VisitSession, now: datetime) -> Outcome:
    """Save what changed of the client, then of the assessment.

    A record the therapist did not change is not written: no revision, no audit entry. A
    client this session did not change but another session saved since is taken as theirs.
    Raises the store's errors (ConflictError when another session saved it first).
    """
    written = []
    refreshed = False
    if not (session.client_dirty or session.is_new_client):
        stored = repository.get_client(session.client.id)
        if stored.revision != session.client.revision:
            session.client = session.client_base = stored
            refreshed = True
    else:
        base = client_base(repository, session)
        if base is None or changed(base, session.client):
            session.client = repository.save_client(evolve(session.client, updated=now))
            written.append("client")
        else:
            session.client = base
        session.client_base = session.client
        session.client_dirty = False
        session.is_new_client = False
    mine = evolve(session.assessment, client_id=session.client.id)
    base_visit = assessment_base(repository, session)
    if base_visit is None or changed(base_visit, mine):
        session.assessment = repository.save_assessment(evolve(mine, updated=now))
        written.append("assessment")
    session.dirty = False
    return Outcome(tuple(written), refreshed)


@frozen
class Pending:
    """A save that met a newer save of the same record: what merged and what is to be asked.

    `who` and `at` say who saved theirs and when (the audit trail's login and time; the
    record's own time when the trail does not say). `signed`: theirs is a signed assessment,
    so mine can only go on as an amendment of it.
    """

    kind: Literal["client", "assessment"]
    theirs: Client | Assessment
    result: Merge
    who: str | None
    at: datetime | None
    signed: bool = False


def prepare_merge(repository: Repository, session: VisitSession, record_id: str) -> Pending:
    """Merge the session's version of the record with the stored, newer one (nothing saved)."""
    base: Client | Assessment | None
    mine: Client | Assessment
    theirs: Client | Assessment
    kind: Literal["client", "assessment"]
    if record_id == session.client.id:
        kind = "client"
        theirs = repository.get_client(record_id)
        kept = session.client_base
        base = kept if kept is not None and kept.revision == session.client.revision else None
        mine = session.client
    else:
        kind = "assessment"
        mine = evolve(session.assessment, client_id=session.client.id)
        theirs = repository.get_assessment(mine.client_id, mine.id)
        base = assessment_base(repository, session)
    result = merge(
        codec.unstructure(base) if base is not None else None,
        codec.unstructure(mine),
        codec.unstructure(theirs),
    )
    saved = repository.saved_by(record_id, theirs.revision)
    who, at = saved if saved is not None else (None, theirs.updated)
    signed = isinstance(theirs, Assessment) and theirs.is_signed
    return Pending(kind, theirs, result, who, at, signed)


def apply_merge(
    repository: Repository,
    session: VisitSession,
    pending: Pending,
    picks: Sequence[Pick],
    therapist: str,
) -> None:
    """Put the merged record (conflicts settled by `picks`) in the session on top of theirs,
    so the next save writes it as a newer revision; theirs stays a revision of its own.

    Over a signed revision the merged record becomes an amendment of it (the signed one is
    never changed).
    """
    doc = resolve(pending.result, picks)
    if pending.kind == "client":
        client: Client = codec.structure(doc, Client)
        assert isinstance(pending.theirs, Client)
        session.client = evolve(client, revision=pending.theirs.revision)
        session.client_base = pending.theirs
        session.client_dirty = True
        session.dirty = True
        return
    merged: Assessment = codec.structure(doc, Assessment)
    assert isinstance(pending.theirs, Assessment)
    top = pending.theirs
    if pending.signed:
        top = repository.amend_assessment(top.client_id, top.id, therapist)
    order = {item: place for place, item in enumerate(session.knowledge.checklist)}
    findings = sorted(merged.findings, key=lambda f: order.get(f.item, len(order)))
    # the record's bookkeeping (revision, status, signature, amendment) is the stored one's
    kept = {name: getattr(top, name) for name in fields_marked(Assessment, RECORD)}
    session.assessment = evolve(merged, findings=tuple(findings), **kept)
    session.recompute()
    session.dirty = True


def reload_all(repository: Repository, session: VisitSession) -> None:
    """Take the stored version of every record on screen (a record never saved stays)."""
    try:
        client = repository.get_client(session.client.id)
    except NotFoundError:
        client = None
    if client is not None:
        session.client = client
        session.client_base = client
        session.client_dirty = False
        session.is_new_client = False
    mine = session.assessment
    try:
        stored = repository.get_assessment(session.client.id, mine.id)
    except NotFoundError:
        stored = None
    if stored is not None:
        session.assessment = stored
        session.dirty = False
        if not session.read_only:
            session.recompute()
    elif client is not None:
        # A visit not yet saved keeps its work, but shows the client's standing intake.
        session.assessment = evolve(
            mine, pain=client.pain, contraindications=client.contraindications
        )
        session.recompute()  # still unsaved: dirty as before


def picks_for(result: Merge, remembered: dict[Any, Pick]) -> list[Pick] | None:
    """The picks already made for these very conflicts (pain and contraindications are kept
    on both the client and the visit, so one question answers both); None if any is new."""
    picks: list[Pick] = []
    for conflict in result.conflicts:
        pick = remembered.get(_memo(conflict))
        if pick is None:
            return None
        picks.append(pick)
    return picks


def remember(result: Merge, picks: Sequence[Pick], remembered: dict[Any, Pick]) -> None:
    for conflict, pick in zip(result.conflicts, picks, strict=True):
        remembered[_memo(conflict)] = pick


def _memo(conflict: Any) -> Any:
    return (conflict.path, conflict.key, repr(conflict.mine), repr(conflict.theirs))
