"""Starting a visit session: new client, new or follow-up visit, an existing assessment, a draft."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from posture_tui.domain.records import Assessment, Client, Draft
from posture_tui.store.errors import NotFoundError
from posture_tui.tui.session import VisitSession

if TYPE_CHECKING:
    from posture_tui.tui.app import PostureApp


def _new_assessment(app: PostureApp, client: Client, last: Assessment | None) -> Assessment:
    now = app.clock()
    source = last if last is not None else None
    fields: dict[str, Any] = {
        "id": app.repository.new_id(),
        "client_id": client.id,
        "therapist": app.therapist,
        "created": now,
        "updated": now,
        "pain": source.pain if source else client.pain,
        "contraindications": source.contraindications if source else client.contraindications,
        "session_minutes": source.session_minutes if source else 60,
    }
    if source is not None:
        # The next visit of the course: it starts from the focus the course planned for it.
        plan = source.effective_plan
        fields["visit_number"] = source.visit_number + 1
        planned = next((v for v in plan.series if v.number == source.visit_number + 1), None)
        fields["planned_focus"] = planned.regions if planned is not None else ()
        fields["planned_targets"] = planned.targets if planned is not None else ()
        fields["carried_exercises"] = plan.exercises
    return Assessment(**fields)


def new_client_session(app: PostureApp) -> VisitSession:
    """A new client with a first visit; nothing is stored until the therapist saves."""
    now = app.clock()
    client = Client(id=app.repository.new_id(), name="", created=now, updated=now)
    session = VisitSession(
        app.knowledge, client, _new_assessment(app, client, None), is_new_client=True
    )
    session.recompute()
    return session


def new_visit_session(app: PostureApp, client_id: str) -> VisitSession:
    """A new visit; after a previous one it is a follow-up starting from the last intake."""
    client = app.repository.get_client(client_id)
    previous = app.repository.list_assessments(client_id)
    last = previous[0] if previous else None
    session = VisitSession(
        app.knowledge,
        client,
        _new_assessment(app, client, last),
        follow_up_of=last,
        client_base=client,
    )
    session.recompute()
    return session


def open_visit_session(
    app: PostureApp, client_id: str, assessment_id: str, revision: int | None = None
) -> VisitSession:
    client = app.repository.get_client(client_id)
    assessment = app.repository.get_assessment(client_id, assessment_id, revision)
    session = VisitSession(app.knowledge, client, assessment, client_base=client)
    if not assessment.is_signed:
        session.recompute()
    return session


def session_from_draft(app: PostureApp, draft: Draft) -> VisitSession:
    """Resume a kept draft exactly as it was; it stays unsaved until the therapist saves."""
    try:
        app.repository.get_client(draft.client.id)
        is_new = False
    except NotFoundError:
        is_new = True
    assessment = draft.assessment or _new_assessment(app, draft.client, None)
    session = VisitSession(
        app.knowledge,
        draft.client,
        assessment,
        is_new_client=is_new,
        follow_up_of=None if is_new else _visit_followed(app, assessment),
    )
    session.recompute()
    session.dirty = True
    session.client_dirty = True
    session.resumed_from = draft.id
    session.resume_at = (draft.pane, draft.item)
    return session


def _visit_followed(app: PostureApp, assessment: Assessment) -> Assessment | None:
    """The earlier visit a never-saved visit follows up, as when it was started."""
    if assessment.revision > 0:
        return None  # a saved visit reopens as any saved visit does
    from posture_tui.progress.pairs import visit_before

    visits = app.repository.list_assessments(assessment.client_id)
    if assessment.prefilled_from:
        return next((a for a in visits if a.id == assessment.prefilled_from), None)
    return visit_before(visits, assessment)
