"""One entry point for the CLI and the TUI: build, render and safely write an export."""

from __future__ import annotations

import errno
import importlib
import os
import re
import stat
import tempfile
from pathlib import Path

from attrs import evolve

from posture_tui.domain.records import Assessment, Client
from posture_tui.exports.document import Document
from posture_tui.exports.errors import ExportError
from posture_tui.exports.formats import BY_ID, DEFAULT_REVIEW_WEEKS, FORMATS, TEXT_FORMATS, WHATS
from posture_tui.exports.handout import build_handout
from posture_tui.exports.note import build_note
from posture_tui.exports.photo_section import PhotoBytes, photo_section
from posture_tui.exports.words import shown_in, visit_date
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.compare import compare_assessments
from posture_tui.settings import NO_SETTINGS, ClinicSettings

__all__ = [
    "FORMATS",
    "TEXT_FORMATS",
    "WHATS",
    "ExportExistsError",
    "build_document",
    "default_export_dir",
    "default_filename",
    "ensure_private_dir",
    "export_bytes",
    "free_name",
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
    clinic: ClinicSettings = NO_SETTINGS,
    photos: PhotoBytes | None = None,
    handout_photos: bool = False,
) -> Document:
    """The handout or the clinical note of one assessment; given an `earlier` assessment of the
    client, it also says what changed since that visit. The clinic settings give the letterhead,
    the therapists' names, credentials and licences, and the zone times are shown in. With
    `photos` (a kept photo's bytes), the note shows the visit's photos drawn with their
    landmarks after the objective findings; the handout only when `handout_photos`."""
    if what not in WHATS:
        raise ExportError(f"unknown export {what!r} (use handout or note)")
    comparison = (
        compare_assessments(earlier, assessment, knowledge) if earlier is not None else None
    )
    with shown_in(clinic.zone):
        if what == "handout":
            document = build_handout(
                client,
                assessment,
                knowledge,
                review_weeks=review_weeks,
                comparison=comparison,
                clinic=clinic,
            )
        else:
            document = build_note(client, assessment, knowledge, comparison, clinic=clinic)
    if photos is not None and (what == "note" or handout_photos):
        heading = "Posture photos" if what == "note" else "Your posture photos"
        section = photo_section(
            assessment, knowledge, photos, heading, for_client=what == "handout"
        )
        if section is not None:  # in the note after O: Objective, in the handout after the findings
            sections = list(document.sections)
            sections.insert(min(2 if what == "note" else 1, len(sections)), section)
            document = evolve(document, sections=sections)
    return with_letterhead(document, clinic)


def with_letterhead(document: Document, clinic: ClinicSettings) -> Document:
    """The document with the clinic's name, address, phone and logo at the top and its name
    and phone at the foot of every PDF page."""
    contact = clinic.contact()
    kind = "client handout" if document.kind == "handout" else "clinical note"
    return evolve(
        document,
        letterhead=clinic.letterhead(),
        logo=clinic.logo,
        page_footer=f"{contact} · {kind}" if contact else "",
    )


def render(document: Document, fmt: str, *, paper: str | None = None) -> bytes:
    """The document in one format, as the bytes of the file (UTF-8 for the text formats); the
    format's module is imported only now (fpdf2 loads only when a PDF is made)."""
    spec = BY_ID.get(fmt)
    if spec is None:
        raise ExportError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    draw = getattr(importlib.import_module(spec.module), spec.render)
    drawn = draw(document, paper=paper or "a4") if spec.paged else draw(document)
    return drawn.encode("utf-8") if isinstance(drawn, str) else bytes(drawn)


def export_bytes(
    what: str,
    fmt: str,
    client: Client,
    assessment: Assessment,
    knowledge: Knowledge,
    *,
    review_weeks: int = DEFAULT_REVIEW_WEEKS,
    paper: str | None = None,
    earlier: Assessment | None = None,
    clinic: ClinicSettings = NO_SETTINGS,
    photos: PhotoBytes | None = None,
    handout_photos: bool = False,
) -> bytes:
    """Build and render in one call; the paper is `paper`, else the clinic's, else A4."""
    document = build_document(
        what,
        client,
        assessment,
        knowledge,
        review_weeks=review_weeks,
        earlier=earlier,
        clinic=clinic,
        photos=photos,
        handout_photos=handout_photos,
    )
    return render(document, fmt, paper=paper or clinic.paper)


def default_export_dir() -> Path:
    """$POSTURE_TUI_EXPORTS, else an `exports` folder in the user's data folder (kept private)."""
    given = os.environ.get(EXPORTS_ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "exports"


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", part).strip("-") or "x"


def default_filename(
    what: str,
    client: Client,
    assessment: Assessment,
    fmt: str,
    clinic: ClinicSettings = NO_SETTINGS,
) -> str:
    """A file name made of ids and the date only: a client's name never lands in a path. The
    date is the visit's day in the clinic's zone (settings), as the document itself shows it."""
    with shown_in(clinic.zone):
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


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in a word for an error line."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _existing(path: Path) -> os.stat_result | None:
    """The path's own status (a symbolic link is not followed), or None when nothing is there."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None


class ExportExistsError(ExportError):
    """The output path names a regular file and replacing it was not asked for."""


def write_private(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write a regular file atomically with mode 0600 (health data); its absolute path.

    Only regular files are ever written: a folder, device, named pipe, socket or symbolic link
    at the path is refused, whatever `force` says (renaming over `/dev/null` as root would turn
    the device into a file). An existing regular file is replaced only with `force`; without
    it, ExportExistsError, and a file that appears meanwhile is never overwritten either.
    """
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    found = _existing(path)
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise ExportError(f"cannot write {path}: it is {_kind(found.st_mode)}")
    if found is not None and not force:
        raise ExportExistsError(f"{path} exists (use --force to replace it)")
    try:
        handle, temp = tempfile.mkstemp(prefix=".export-", dir=folder)  # created 0600
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, 0o600)
            _place(Path(temp), path, force=force)
        finally:
            Path(temp).unlink(missing_ok=True)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    return path.resolve()


def _place(temp: Path, path: Path, *, force: bool) -> None:
    """Move the written temp file to `path`: replace a regular file only with `force`."""
    if not force:
        try:
            os.link(temp, path)  # fails if anything is there by now, a dangling link too
            return
        except FileExistsError:
            raise ExportExistsError(f"{path} exists (use --force to replace it)") from None
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
        # A file system without hard links: create the file exclusively and copy into it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as stream:
            stream.write(temp.read_bytes())
            stream.flush()
            os.fsync(stream.fileno())
        return
    found = _existing(path)  # again, just before the rename: it may have changed meanwhile
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise ExportError(f"cannot write {path}: it is {_kind(found.st_mode)}")
    os.replace(temp, path)


def free_name(path: Path) -> Path:
    """`path`, or the first of `stem-2.ext`, `stem-3.ext`, ... that names nothing yet."""
    candidate = path
    number = 1
    while os.path.lexists(candidate):
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def write_export(data: bytes, path: Path | None, default_name: str, *, force: bool = False) -> Path:
    """Write to `path`, or to the default exports folder under `default_name`; there an
    earlier export of the same name is kept and the new one gets the next free name
    (`-2`, `-3`, ...) unless `force` replaces it."""
    if path is None:
        folder = default_export_dir()
        ensure_private_dir(folder)
        path = folder / default_name
        if not force:
            while True:
                try:
                    return write_private(free_name(path), data)
                except ExportExistsError:
                    continue  # another export took that name meanwhile: the next one
    return write_private(path, data, force=force)
