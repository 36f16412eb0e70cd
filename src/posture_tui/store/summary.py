"""Pure helpers over stored revisions: the newest revision of each assessment and index rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from posture_tui.domain.limits import EARLIEST_BIRTH, NAME_LENGTH
from posture_tui.domain.text import text_problem
from posture_tui.store.api import ClientSummary
from posture_tui.store.layout import is_id
from posture_tui.structuring.scalars import to_datetime, to_int, to_text

if TYPE_CHECKING:
    from posture_tui.domain.records import Client


class Dated(Protocol):
    """What an index row needs of an assessment revision."""

    @property
    def id(self) -> str: ...

    @property
    def revision(self) -> int: ...

    @property
    def created(self) -> datetime: ...

    @property
    def updated(self) -> datetime: ...


class Stamp(NamedTuple):
    """An assessment revision's id, number and times, read without decoding the rest."""

    id: str
    revision: int
    created: datetime
    updated: datetime


def stamp_of(doc: dict[str, Any]) -> Stamp | None:
    """The stamp of a stored assessment document, or None if it does not read plainly (the
    caller then decodes the document, which names what is wrong)."""
    try:
        return Stamp(
            to_text(doc["id"]),
            to_int(doc["revision"]),
            to_datetime(doc["created"]),
            to_datetime(doc["updated"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


D = TypeVar("D", bound=Dated)


def latest(revisions: Iterable[tuple[int, D]]) -> dict[str, tuple[int, D]]:
    """The newest revision of each assessment id, with its doc id."""
    newest: dict[str, tuple[int, D]] = {}
    for doc_id, item in revisions:
        held = newest.get(item.id)
        if held is None or item.revision > held[1].revision:
            newest[item.id] = (doc_id, item)
    return newest


def summarize(client: Client, revisions: Iterable[Dated]) -> ClientSummary:
    """The index row of a client, derived from its record file."""
    items = list(revisions)
    current = latest((0, item) for item in items)
    # The newest revisions only: a save reads no older one, and `check` must agree with it.
    stamps = [client.updated, client.created, *(item.updated for _, item in current.values())]
    known = [stamp for stamp in stamps if stamp is not None]
    return ClientSummary(
        id=client.id,
        name=client.name,
        birth_date=client.birth_date,
        assessments=len(current),
        last_assessed=max((item.created for _, item in current.values()), default=None),
        updated=max(known, default=None),
        synthetic=client.synthetic,
    )


def row_problem(row: ClientSummary, today: date | None = None) -> str | None:
    """What makes an index row one the record check would refuse in its client ("name: is 250
    characters long ..."), or None: a planted row is a damaged index, never drawn. Only the
    field and the problem, never the text (a control character by its code point)."""
    if not is_id(row.id):
        return "id: must be 1-64 letters, digits, '-' or '_'"
    problem = text_problem(row.name, max_length=NAME_LENGTH, required=True)
    if problem is not None:
        return f"name: {problem}"
    if row.birth_date is not None:
        if row.birth_date > (today or date.today()):
            return "birth_date: is in the future"
        if row.birth_date < EARLIEST_BIRTH:
            return f"birth_date: is before {EARLIEST_BIRTH.isoformat()}"
    if row.assessments < 0:
        return f"assessments: must be 0 or more, got {row.assessments}"
    return None
