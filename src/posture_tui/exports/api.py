"""One entry point for the CLI and the TUI: build, render and safely write an export."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from posture_tui.domain.records import Assessment, Client
from posture_tui.exports.document import Document
from posture_tui.exports.errors import ExportError
from posture_tui.exports.formats import FORMATS, TEXT_FORMATS, WHATS
from posture_tui.exports.handout import DEFAULT_REVIEW_WEEKS, build_handout
from posture_tui.exports.html import render_html
from posture_tui.exports.markdown import render_markdown
from posture_tui.exports.note import build_note
from posture_tui.exports.text import render_text
from posture_tui.exports.words import visit_date
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.compare import compare_assessments

__all__ = [
    "FORMATS",
    "TEXT_FORMATS",
    "WHATS",
    "build_document",
    "default_export_dir",
    "default_filename",
    "ensure_private_dir",
    "export_bytes",
    "render",
    "write_export",
    "write_private",
]
EXPORTS_ENV = "POSTURE_TUI_EXPORTS"
APP_NAME = "posture-tui"


def build_document(
    what: str,
    client: Client,
    assessment: Assessment,
    knowledge: Knowledge,
    *,
    review_weeks: int = DEFAULT_REVIEW_WEEKS,
    earlier: Assessment | None = None,
) -> Document:
    """The handout or the clinical note of one assessment; given an `earlier` assessment of the
    client, it also says what changed since that visit."""
    comparison = compare_assessments(earlier, assessment) if earlier is not None else None
    if what == "handout":
        return build_handout(
            client, assessment, knowledge, review_weeks=review_weeks, comparison=comparison
        )
    if what == "note":
        return build_note(client, assessment, knowledge, comparison)
    raise ExportError(f"unknown export {what!r} (use handout or note)")


def render(document: Document, fmt: str, *, paper: str = "a4") -> bytes:
    """The document in one format, as the bytes of the file (UTF-8 for the text formats)."""
    if fmt == "md":
        return render_markdown(document).encode("utf-8")
    if fmt == "txt":
        return render_text(document).encode("utf-8")
    if fmt == "html":
        return render_html(document).encode("utf-8")
    if fmt == "pdf":
        from posture_tui.exports.pdf import render_pdf  # fpdf2 loads only when a PDF is made

        return render_pdf(document, paper=paper)
    raise ExportError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")


def export_bytes(
    what: str,
    fmt: str,
    client: Client,
    assessment: Assessment,
    knowledge: Knowledge,
    *,
    review_weeks: int = DEFAULT_REVIEW_WEEKS,
    paper: str = "a4",
    earlier: Assessment | None = None,
) -> bytes:
    """Build and render in one call."""
    document = build_document(
        what, client, assessment, knowledge, review_weeks=review_weeks, earlier=earlier
    )
    return render(document, fmt, paper=paper)


def default_export_dir() -> Path:
    """$POSTURE_TUI_EXPORTS, else an `exports` folder in the user's data folder (kept private)."""
    given = os.environ.get(EXPORTS_ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "exports"


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", part).strip("-") or "x"


def default_filename(what: str, client: Client, assessment: Assessment, fmt: str) -> str:
    """A file name made of ids and the date only: a client's name never lands in a path."""
    day = visit_date(assessment).isoformat()
    return f"{what}-{_safe(client.id)}-{_safe(assessment.id)}-r{assessment.revision}-{day}.{fmt}"


def ensure_private_dir(folder: Path) -> None:
    """Create the folder (and missing parents) as 0700; an existing folder is left as it is."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    except OSError as error:
        raise ExportError(f"cannot create folder {folder}: {error.strerror or error}") from None


def write_private(path: Path, data: bytes) -> Path:
    """Write the file atomically with mode 0600 (health data); returns its absolute path."""
    path = path.expanduser()
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    try:
        handle, temp = tempfile.mkstemp(prefix=".export-", dir=folder)  # created 0600
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    return path.resolve()


def write_export(data: bytes, path: Path | None, default_name: str) -> Path:
    """Write to `path`, or to the default exports folder under `default_name`."""
    if path is None:
        folder = default_export_dir()
        ensure_private_dir(folder)
        path = folder / default_name
    return write_private(path, data)
