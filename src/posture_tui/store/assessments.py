"""Assessment operations: revisions, conflicts, signing, amending, and bulk imports."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from attrs import evolve

from posture_tui.domain.common import DRAFT, SIGNED
from posture_tui.store import audit, codec
from posture_tui.store.core import StoreCore
from posture_tui.store.errors import ConflictError, NotFoundError, SignedError, StoreError
from posture_tui.store.layout import check_id
from posture_tui.store.photo_files import named, remove_files
from posture_tui.store.summary import Dated, stamp_of, summarize
from posture_tui.store.tables import RecordTable

if TYPE_CHECKING:
    from posture_tui.domain.records import Assessment, Client

BULK_SYNC_AFTER = 20  # client files per bulk write above which one os.sync replaces fsyncs


class AssessmentOps(StoreCore):
    """The assessment half of store.api.Repository."""

    def _client_record(self, client_id: str) -> RecordTable:
        """The client's record file; NotFoundError when the store has no such client."""
        record = self._record(client_id)
        if record.client() is None:
            raise NotFoundError(f"no client {client_id} in this store")
        return record

    def _revisions(self, client_id: str) -> tuple[RecordTable, list[tuple[int, Assessment]]]:
        record = self._client_record(client_id)
        return record, record.revisions()

    def _latest(self, client_id: str) -> tuple[RecordTable, dict[str, tuple[int, Assessment]]]:
        """The record and the newest revision of each assessment (older ones left unread)."""
        record = self._client_record(client_id)
        return record, record.latest()

    def list_assessments(self, client_id: str) -> list[Assessment]:
        """Latest revision of each assessment of the client, newest first."""
        _, newest = self._latest(client_id)
        items = [item for _, item in newest.values()]
        return sorted(items, key=lambda item: (item.created, item.id), reverse=True)

    def assessment_revisions(self, client_id: str, assessment_id: str) -> list[Assessment]:
        """Every stored revision of an assessment, oldest first."""
        _, revisions = self._revisions(client_id)
        found = sorted(
            (item for _, item in revisions if item.id == assessment_id),
            key=lambda item: item.revision,
        )
        if not found:
            raise NotFoundError(f"no assessment {assessment_id} for client {client_id}")
        return found

    def get_assessment(
        self, client_id: str, assessment_id: str, revision: int | None = None
    ) -> Assessment:
        if revision is None:
            _, newest = self._latest(client_id)
            if assessment_id not in newest:
                raise NotFoundError(f"no assessment {assessment_id} for client {client_id}")
            return newest[assessment_id][1]
        found = self.assessment_revisions(client_id, assessment_id)
        for item in found:
            if item.revision == revision:
                return item
        raise NotFoundError(f"assessment {assessment_id} has no revision {revision}")

    def record(self, client_id: str) -> tuple[Client, list[Assessment]]:
        """The client and every assessment revision (for export)."""
        record, revisions = self._revisions(client_id)
        client = record.client()
        assert client is not None
        items = sorted((item for _, item in revisions), key=lambda a: (a.created, a.id, a.revision))
        return client, items

    def _change(
        self,
        client_id: str,
        assessment_id: str,
        change: Callable[[Stored | None, datetime], tuple[Assessment, str]],
    ) -> Assessment:
        """Read-modify-write of one assessment under the lock; every revision is kept.

        `change(latest, now)` returns the new revision and the audit action.
        """
        check_id(assessment_id, "assessment id")
        with self.locked():
            record = self._client_record(client_id)
            # Only the revision being changed is decoded; the index row needs no more of the
            # client's other assessments than their ids and times.
            newest = record.newest()
            found = newest.get(assessment_id)
            current = Stored(record, *found) if found else None
            others = [
                _stamp(record, doc_id, doc)
                for key, (doc_id, doc) in newest.items()
                if key != assessment_id
            ]
            now = self.clock()
            saved, action = change(current, now)
            index = self._index()
            files = [record.storage, *index.storages([client_id])]
            with self._commit([client_id], files) as events:
                record.insert(saved)
                client = record.client()
                assert client is not None
                index.update([summarize(client, [*others, saved])])
                old = current.document() if current else None
                events.append(
                    audit.event(
                        now,
                        action,
                        assessment_id,
                        client=client_id,
                        revision=saved.revision,
                        fields=audit.changed_fields(old, codec.unstructure(saved)),
                    )
                )
                if _new_overrides(current, saved):
                    # Its own line, so a red-flag override is found without reading records;
                    # which red flag and why stay in the record (health data).
                    events.append(
                        audit.event(
                            now,
                            "assessment.red_flag_override",
                            assessment_id,
                            client=client_id,
                            revision=saved.revision,
                            fields=("overrides",),
                        )
                    )
        return saved

    def save_assessment(self, assessment: Assessment) -> Assessment:
        """Save a draft (SignedError for a signed one: amend it instead)."""
        if assessment.status != DRAFT:
            raise SignedError(f"assessment {assessment.id} is signed: amend it to change it")

        def change(current: Stored | None, now: datetime) -> tuple[Assessment, str]:
            found = current.revision if current else 0
            if assessment.revision != found:
                raise ConflictError(assessment.id, assessment.revision, found)
            if current is not None and current.is_signed:
                raise SignedError(f"assessment {assessment.id} is signed: amend it to change it")
            saved = evolve(assessment, revision=found + 1, updated=now)
            return saved, "assessment.update" if current else "assessment.create"

        return self._change(assessment.client_id, assessment.id, change)

    def sign_assessment(
        self, client_id: str, assessment_id: str, by: str, *, revision: int | None = None
    ) -> Assessment:
        def change(current: Stored | None, now: datetime) -> tuple[Assessment, str]:
            if current is None:
                raise NotFoundError(f"no assessment {assessment_id} for client {client_id}")
            if current.is_signed:
                raise SignedError(f"assessment {assessment_id} is already signed")
            # Sign only the revision the therapist has read: another session may have saved
            # a newer one since, and a signature must never cover what nobody reviewed.
            if revision is not None and current.revision != revision:
                raise ConflictError(assessment_id, revision, current.revision)
            saved = evolve(
                current.full(),
                status=SIGNED,
                signed_at=now,
                signed_by=by,
                revision=current.revision + 1,
                updated=now,
            )
            return saved, "assessment.sign"

        return self._change(client_id, assessment_id, change)

    def amend_assessment(self, client_id: str, assessment_id: str, by: str) -> Assessment:
        """A new draft revision of a signed assessment; the signed one stays readable."""

        def change(current: Stored | None, now: datetime) -> tuple[Assessment, str]:
            if current is None:
                raise NotFoundError(f"no assessment {assessment_id} for client {client_id}")
            if not current.is_signed:
                raise StoreError(
                    f"assessment {assessment_id} is a draft: save it, no need to amend"
                )
            saved = evolve(
                current.full(),
                status=DRAFT,
                signed_at=None,
                signed_by=None,
                revision=current.revision + 1,
                amends_revision=current.revision,
                amended_by=by,
                amended_at=now,
                updated=now,
            )
            return saved, "assessment.amend"

        return self._change(client_id, assessment_id, change)

    def delete_assessment(self, client_id: str, assessment_id: str) -> None:
        with self.locked():
            record, revisions = self._revisions(client_id)
            doomed = [(doc_id, item) for doc_id, item in revisions if item.id == assessment_id]
            if not doomed:
                raise NotFoundError(f"no assessment {assessment_id} for client {client_id}")
            if any(item.is_signed for _, item in doomed):
                raise SignedError(
                    f"assessment {assessment_id} has a signed revision: a signed record is kept"
                )
            index = self._index()
            rest = [item for _, item in revisions if item.id != assessment_id]
            unnamed = named(item for _, item in doomed) - named(rest)
            photos = sorted(self.layout.photos / name for name in unnamed)
            with self._commit(
                [client_id], [record.storage, *index.storages([client_id])], photos
            ) as events:
                record.remove([doc_id for doc_id, _ in doomed])
                remove_files(photos)
                client = record.client()
                assert client is not None
                index.update([summarize(client, rest)])
                events.append(
                    audit.event(self.clock(), "assessment.delete", assessment_id, client=client_id)
                )

    # ------------------------------------------------------------------ bulk
    def import_records(
        self,
        new: Sequence[tuple[Client, Sequence[Assessment]]] = (),
        added: Sequence[Assessment] = (),
        *,
        action: str = "import",
    ) -> None:
        """Store whole new clients and new assessments of existing ones, all under one lock.

        Values are stored as given (ids, revisions, times). Nothing is written unless every
        client id is free (for `new`) or present (for `added`) and no assessment id is taken.
        """
        by_client: dict[str, list[Assessment]] = {}
        for item in added:
            by_client.setdefault(item.client_id, []).append(item)
        new_ids = [client.id for client, _ in new]
        if len(set(new_ids)) != len(new_ids):
            raise StoreError("the same client id appears twice in one import")
        for client, items in new:
            for item in items:
                check_id(item.id, "assessment id")
                if item.client_id != client.id:
                    raise StoreError(f"assessment {item.id} names another client")
        for items in by_client.values():
            ids = [item.id for item in items]
            for assessment_id in ids:
                check_id(assessment_id, "assessment id")
            if len(set(ids)) != len(ids):
                raise StoreError("the same assessment id appears twice in one import")
        with self.locked():
            plans: list[tuple[RecordTable, Client, list[Assessment], list[Assessment]]] = []
            for client, items in new:
                record = self._record(client.id)
                if record.exists():
                    raise StoreError(f"client {client.id} already exists in this store")
                plans.append((record, client, list(items), []))
            for client_id, items in by_client.items():
                record, revisions = self._revisions(client_id)
                taken = {item.id for _, item in revisions} & {item.id for item in items}
                if taken:
                    raise StoreError(f"assessment {sorted(taken)[0]} already exists")
                owner = record.client()
                assert owner is not None
                plans.append((record, owner, items, [item for _, item in revisions]))
            index = self._index()
            ids = [client.id for _, client, _, _ in plans]
            files = [record.storage for record, *_ in plans] + index.storages(ids)
            with self._commit(ids, files) as events:
                summaries = []
                now = self.clock()
                bulk = len(plans) > BULK_SYNC_AFTER
                for record, client, items, old in plans:
                    record.storage.sync = not bulk
                    record.write_all(client, items)
                    summaries.append(summarize(client, [*old, *items]))
                    if not old:
                        events.append(
                            audit.event(
                                now,
                                f"{action}.client",
                                client.id,
                                client=client.id,
                                revision=client.revision,
                            )
                        )
                    events.extend(
                        audit.event(
                            now,
                            f"{action}.assessment",
                            item.id,
                            client=client.id,
                            revision=item.revision,
                        )
                        for item in items
                    )
                if bulk:
                    os.sync()  # one flush for the whole batch instead of one fsync per file
                index.update(summaries)


def _stamp(record: RecordTable, doc_id: int, doc: dict[str, Any]) -> Dated:
    """An assessment's id, revision and times for the index row, decoded only if they do not
    read plainly (the decoding then names what is wrong)."""
    return stamp_of(doc) or record.assessment_at(doc_id, doc)


class Stored:
    """The newest stored revision of an assessment, decoded only if a change needs all of it:
    a save needs its number and whether it is signed, and decoding and checking a 50 KB
    revision was a third of what a save cost."""

    def __init__(self, record: RecordTable, doc_id: int, doc: dict[str, Any]) -> None:
        self._record, self._doc_id, self._doc = record, doc_id, doc
        self._full: Assessment | None = None
        revision, status = doc.get("revision"), doc.get("status")
        plain = type(revision) is int and status in (DRAFT, SIGNED)
        if not plain or doc.get("schema_version") != codec.SCHEMA_VERSION:
            self.full()  # not plainly readable, or an older format: decoding says what is wrong
        self.revision: int = (
            revision if isinstance(revision, int) and plain else self.full().revision
        )
        self.is_signed: bool = status == SIGNED if plain else self.full().is_signed

    def full(self) -> Assessment:
        if self._full is None:
            self._full = self._record.assessment_at(self._doc_id, self._doc)
        return self._full

    def document(self) -> dict[str, Any]:
        """Its fields as stored (what the audit compares the new revision with)."""
        if self._full is not None:
            data: dict[str, Any] = codec.unstructure(self._full)
            return data
        return {key: value for key, value in self._doc.items() if key != "schema_version"}

    def overrides(self) -> list[Any]:
        found = self.document().get("overrides", [])
        return found if isinstance(found, list) else []


def _new_overrides(before: Stored | None, after: Assessment) -> bool:
    """Whether the save adds a red-flag override the revision before did not have."""
    had = before.overrides() if before is not None else []
    return any(item not in had for item in codec.unstructure(after.overrides))
