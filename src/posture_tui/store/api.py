"""The repository interface the CLI and the UI program against (implemented in repository.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from attrs import frozen

if TYPE_CHECKING:  # the records (and their engine classes) load only when a record is read
    from posture_tui.domain.records import Assessment, Client, Draft


@frozen
class ClientSummary:
    """One row of the client list."""

    id: str
    name: str
    birth_date: date | None
    assessments: int
    last_assessed: datetime | None
    updated: datetime | None
    synthetic: bool = False  # a demo client; rows written before this field read as real


@frozen
class ClientPage:
    """The first rows of a client listing in display order, how many match, how many exist."""

    rows: tuple[ClientSummary, ...]
    matched: int
    total: int
    more: bool = False  # more match than `matched` (a listing counts only so far)


class Repository(Protocol):
    """What the app needs from a store. Every save bumps `revision`; saving a record whose
    revision is older than the stored one raises ConflictError."""

    def list_clients(self, search: str = "") -> list[ClientSummary]: ...

    def client_page(self, search: str = "", limit: int | None = None) -> ClientPage: ...

    def get_client(self, client_id: str) -> Client: ...

    def save_client(self, client: Client) -> Client: ...

    def delete_client(self, client_id: str) -> None: ...

    def list_assessments(self, client_id: str) -> list[Assessment]:
        """Latest revision of each assessment of the client, newest first."""
        ...

    def get_assessment(
        self, client_id: str, assessment_id: str, revision: int | None = None
    ) -> Assessment: ...

    def assessment_revisions(self, client_id: str, assessment_id: str) -> list[Assessment]: ...

    def save_assessment(self, assessment: Assessment) -> Assessment:
        """Save a draft (raises SignedError for a signed one)."""
        ...

    def sign_assessment(
        self, client_id: str, assessment_id: str, by: str, *, revision: int | None = None
    ) -> Assessment:
        """Sign the stored draft; with `revision`, only if that is still the stored one."""
        ...

    def amend_assessment(self, client_id: str, assessment_id: str, by: str) -> Assessment:
        """A new draft revision of a signed assessment; the signed one stays readable."""
        ...

    def delete_assessment(self, client_id: str, assessment_id: str) -> None: ...

    def store_photo(
        self, client_id: str, data: bytes, suffix: str, *, new_client: bool = False
    ) -> str:
        """Keep a photo's bytes for a save to name (by the SHA-256 this returns)."""
        ...

    def photo_path(self, client_id: str, sha256: str, suffix: str) -> Path:
        """Where a kept photo's bytes are (for the notes and the preview)."""
        ...

    def saved_by(self, record_id: str, revision: int) -> tuple[str, datetime] | None:
        """Who saved that revision and when (the audit trail's login and time), if known."""
        ...

    def save_draft(self, draft: Draft) -> None:
        """Keep unsaved work under the draft's id (one draft per visit being edited)."""
        ...

    def load_draft(self, draft_id: str | None = None) -> Draft | None: ...

    def list_drafts(self) -> tuple[list[Draft], list[str]]:
        """This login's drafts, newest first, and a line for each that does not read."""
        ...

    def clear_draft(self, draft_id: str = "") -> None: ...

    def has_drafts(self) -> bool: ...

    def new_id(self) -> str: ...
