"""Pure helpers over stored revisions: the newest revision of each assessment and index rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from posture_tui.store.api import ClientSummary

if TYPE_CHECKING:
    from posture_tui.domain.records import Assessment, Client


def latest(revisions: Iterable[tuple[int, Assessment]]) -> dict[str, tuple[int, Assessment]]:
    """The newest revision of each assessment id, with its doc id."""
    newest: dict[str, tuple[int, Assessment]] = {}
    for doc_id, item in revisions:
        held = newest.get(item.id)
        if held is None or item.revision > held[1].revision:
            newest[item.id] = (doc_id, item)
    return newest


def summarize(client: Client, revisions: Iterable[Assessment]) -> ClientSummary:
    """The index row of a client, derived from its record file."""
    items = list(revisions)
    current = latest((0, item) for item in items)
    stamps = [client.updated, client.created, *(item.updated for item in items)]
    known = [stamp for stamp in stamps if stamp is not None]
    return ClientSummary(
        id=client.id,
        name=client.name,
        birth_date=client.birth_date,
        assessments=len(current),
        last_assessed=max((item.created for _, item in current.values()), default=None),
        updated=max(known, default=None),
    )
