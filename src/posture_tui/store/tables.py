"""What the store engine needs from a record file and from the client index (any format)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from posture_tui.store.api import ClientSummary
from posture_tui.store.storage import AtomicStorage

if TYPE_CHECKING:
    from posture_tui.domain.records import Assessment, Client


class RecordTable(Protocol):
    """One client's file: the client and every assessment revision, for one operation."""

    path: Path
    storage: AtomicStorage

    def exists(self) -> bool: ...

    def client(self) -> Client | None: ...

    def revisions(self) -> list[tuple[int, Assessment]]:
        """(doc id, assessment) for every stored revision."""
        ...

    def latest(self) -> dict[str, tuple[int, Assessment]]:
        """(doc id, assessment) of the newest revision of each assessment, by assessment id."""
        ...

    def newest(self) -> dict[str, tuple[int, dict[str, Any]]]:
        """(doc id, stored document, undecoded) of the newest revision of each assessment."""
        ...

    def assessment_at(self, doc_id: int, doc: dict[str, Any]) -> Assessment: ...

    def put_client(self, client: Client) -> None: ...

    def insert(self, assessment: Assessment) -> None: ...

    def remove(self, doc_ids: list[int]) -> None: ...

    def write_all(self, client: Client, assessments: Iterable[Assessment]) -> None: ...

    def delete(self) -> None: ...


class IndexTable(Protocol):
    """The client index (all shards), for one operation."""

    def storages(self, client_ids: Iterable[str]) -> list[AtomicStorage]: ...

    def update(self, put: Iterable[ClientSummary] = (), drop: Iterable[str] = ()) -> None: ...

    def summaries(self) -> dict[str, ClientSummary]: ...

    def shard_summaries(self, shard: int) -> dict[str, ClientSummary]: ...

    def replace_all(self, summaries: Iterable[ClientSummary]) -> None: ...
