"""Clinic settings: the clinic's name, address, phone and logo, each therapist's display name,
credentials and licence number, the time zone and the paper size, from one TOML file.

The file lives in the user config folder (platformdirs; e.g. ~/.config/posture-tui/settings.toml)
unless --config or $POSTURE_TUI_CONFIG names another. Without a file at the default place the
workstation works as it always did. Nothing in it is health data; an example written by
`write_example` is private (0600) all the same. A bad file is one line naming the file and key.
"""

from __future__ import annotations

import os
import struct
import tomllib
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from attrs import field, frozen

from posture_tui.domain.text import safe
from posture_tui.knowledge.reader import Context, KnowledgeError, Node, structure_node
from posture_tui.structuring.dialect import TOML
from posture_tui.structuring.rules import OneOf, Text

APP_NAME = "posture-tui"
CONFIG_ENV = "POSTURE_TUI_CONFIG"
FILE_NAME = "settings.toml"
PAPERS = ("a4", "letter")
MAX_FILE = 256 * 1024  # bytes of settings TOML read at most
MAX_LOGO = 2 * 1024 * 1024  # bytes of a logo image
MAX_TEXT = 200  # characters of one setting (a name, a phone number)
LOGO_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}

EXAMPLE = """\
# posture-tui clinic settings. Every key is optional; an unknown key is an error.

# An IANA time zone for the times shown in exports (default: this computer's zone).
time_zone = "America/New_York"
# Paper size of PDF exports: "a4" or "letter" (export --paper overrides it).
paper = "letter"

[clinic]
name = "Harbor Street Manual Therapy"
address = "12 Harbor Street, Suite 3\\nPortland, ME 04101"
phone = "(207) 555-0142"
# A PNG or JPEG file, relative to this file's folder or absolute.
# logo = "logo.png"

# One table per therapist, keyed by the login name the records store.
[therapists.dana]
name = "Dana Lee"
credentials = "LMT, NMT"
licence = "MA-12345"
"""


class SettingsError(Exception):
    """The settings file is unreadable or invalid: one line naming the file and the key."""

    def __init__(self, message: str) -> None:
        super().__init__(safe(message))


@frozen
class Therapist:
    """How a therapist's login is shown on exports."""

    login: str
    name: str
    credentials: str = ""
    licence: str = ""

    def signature(self) -> str:
        """The name, credentials and licence: Dana Lee, LMT, NMT, licence MA-12345."""
        parts = [self.name]
        if self.credentials:
            parts.append(self.credentials)
        if self.licence:
            parts.append(f"licence {self.licence}")
        return ", ".join(parts)


@frozen
class Logo:
    """A checked logo image: its bytes, kind ("png" or "jpeg") and size in pixels."""

    data: bytes = field(repr=False)
    kind: str
    width: int
    height: int

    @property
    def mime(self) -> str:
        return LOGO_TYPES[self.kind]


@frozen
class ClinicSettings:
    """Everything the settings file may hold; the empty settings are today's behaviour."""

    clinic_name: str = ""
    address: tuple[str, ...] = ()
    phone: str = ""
    logo: Logo | None = None
    therapists: dict[str, Therapist] = field(factory=dict)
    time_zone: str | None = None  # an IANA name; None: the system's local zone
    paper: str | None = None  # "a4" or "letter"; None: a4
    source: Path | None = None  # the file read, if any

    @property
    def zone(self) -> tzinfo | None:
        """The zone exports show times in; None is the system's local zone."""
        return ZoneInfo(self.time_zone) if self.time_zone else None

    def local(self, value: datetime) -> datetime:
        """A stored time in the clinic's zone."""
        return value.astimezone(self.zone) if value.tzinfo is not None else value

    def therapist(self, login: str | None) -> Therapist | None:
        return self.therapists.get(login) if login else None

    def therapist_name(self, login: str | None) -> str:
        """The display name for a login (the login itself when the settings have none)."""
        found = self.therapist(login)
        return found.name if found else (login or "-")

    def letterhead(self) -> tuple[str, ...]:
        """The clinic's name, address lines and phone, for the top of every export."""
        lines = [self.clinic_name, *self.address]
        if self.phone:
            lines.append(f"Phone {self.phone}")
        return tuple(line for line in lines if line)

    def contact(self) -> str:
        """The clinic name and phone joined by a dot (either may be missing), for footers."""
        return " · ".join(part for part in (self.clinic_name, self.phone) if part)


NO_SETTINGS = ClinicSettings()


def default_settings_path() -> Path:
    """e.g. ~/.config/posture-tui/settings.toml on Linux (honours $XDG_CONFIG_HOME)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / FILE_NAME


def settings_path(given: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    """The file to read and whether it was named (--config, else $POSTURE_TUI_CONFIG): a named
    file must exist; the default one may be absent."""
    named = os.fspath(given) if given else os.environ.get(CONFIG_ENV)
    if named:
        return Path(named).expanduser(), True
    return default_settings_path(), False


def load_settings(given: str | os.PathLike[str] | None = None) -> ClinicSettings:
    """The settings from --config (`given`), $POSTURE_TUI_CONFIG or the default place."""
    path, named = settings_path(given)
    if not named and not os.path.exists(path):  # also a config folder this user cannot enter
        return NO_SETTINGS
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE + 1)
    except FileNotFoundError:
        if named:
            raise SettingsError(f"settings file {path}: no such file") from None
        return NO_SETTINGS
    except IsADirectoryError:
        raise SettingsError(f"settings file {path}: it is a folder") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SettingsError(f"settings file {path}: cannot be read ({reason})") from None
    return parse_settings(raw, path)


def parse_settings(raw: bytes, path: Path) -> ClinicSettings:
    """Settings from the bytes of a TOML file; `path` names it in errors and anchors the logo."""

    name = str(path)
    if len(raw) > MAX_FILE:
        raise SettingsError(f"{name}: larger than {MAX_FILE // 1024} KB; is it the right file?")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SettingsError(f"{name}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{name}: invalid TOML: {error}") from None
    root = Node(Context(lambda key_path: (name, key_path)), (), data)
    try:
        return _read(root, path)
    except KnowledgeError as error:
        raise SettingsError(str(error)) from None


OneLine = Annotated[str, Text(MAX_TEXT, required=True)]


@frozen
class _Therapist:
    """`[therapists.LOGIN]` as the file writes it."""

    name: OneLine | None = None  # None: the login
    credentials: OneLine = ""
    licence: OneLine = ""


@frozen
class _Clinic:
    """`[clinic]` as the file writes it; an address given as one text is read as its lines."""

    name: OneLine = ""
    address: tuple[Annotated[str, Text(MAX_TEXT)], ...] = ()
    phone: OneLine = ""
    logo: str | None = None


@frozen
class _File:
    """The whole settings file."""

    time_zone: str | None = None
    paper: Annotated[str | None, OneOf(PAPERS)] = None
    clinic: _Clinic | None = None
    therapists: dict[str, _Therapist] = field(factory=dict)


def _read(root: Node, path: Path) -> ClinicSettings:
    clinic = root.data.get("clinic")
    if isinstance(clinic, dict) and "address" in clinic:
        clinic_node = Node(root.ctx, ("clinic",), clinic)
        root = Node(
            root.ctx, (), {**root.data, "clinic": {**clinic, "address": _lines(clinic_node)}}
        )
    therapists = root.data.get("therapists")
    for login in therapists if isinstance(therapists, dict) else ():
        if not login.strip() or login != login.strip() or safe(login) != login:
            root.ctx.fail(
                ("therapists", login), "a login must be a plain name without spaces around it"
            )
    top = structure_node(root, _File)
    table = top.clinic or _Clinic()
    logo = None
    if table.logo is not None:
        logo = _logo(Node(root.ctx, ("clinic",), {}), table.logo, path)
    return ClinicSettings(
        clinic_name=table.name.strip(),
        address=tuple(line.strip() for line in table.address),
        phone=table.phone.strip(),
        logo=logo,
        therapists={
            login: Therapist(
                login=login,
                name=entry.name.strip() if entry.name is not None else login,
                credentials=entry.credentials.strip(),
                licence=entry.licence.strip(),
            )
            for login, entry in top.therapists.items()
        },
        time_zone=_zone(root, top.time_zone),
        paper=top.paper,
        source=path,
    )


def _zone(root: Node, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        root.fail("time_zone", f"'{value}' is not a known IANA time zone (e.g. Europe/London)")
    return value.strip()


def _lines(clinic: Node) -> object:
    """The address as its lines when written as one text (a list is read as it is)."""
    value = clinic.data["address"]
    if isinstance(value, str):
        return [line for line in value.split("\n") if line.strip()]
    if not isinstance(value, list):
        clinic.fail("address", f"expected a string or an array of strings, got {TOML.kind(value)}")
    return value


def _logo(clinic: Node, name: str, path: Path) -> Logo:
    given = Path(name).expanduser()
    file = given if given.is_absolute() else path.parent / given
    try:
        with file.open("rb") as stream:
            data = stream.read(MAX_LOGO + 1)
    except FileNotFoundError:
        clinic.fail("logo", f"{file}: no such file")
    except IsADirectoryError:
        clinic.fail("logo", f"{file}: it is a folder, not an image")
    except OSError as error:
        clinic.fail("logo", f"{file}: cannot be read ({error.strerror or type(error).__name__})")
    if len(data) > MAX_LOGO:
        clinic.fail("logo", f"{file}: larger than {MAX_LOGO // (1024 * 1024)} MB")
    found = image_size(data)
    if found is None:
        clinic.fail("logo", f"{file}: not a PNG or JPEG image")
    kind, width, height = found
    return Logo(data=data, kind=kind, width=width, height=height)


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """("png" | "jpeg", width, height) read from the image's header, or None when the bytes are
    not a whole-looking PNG or JPEG image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) > 33:
        width, height = struct.unpack(">II", data[16:24])
        return ("png", width, height) if width and height else None
    if not data.startswith(b"\xff\xd8"):
        return None
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return ("jpeg", width, height) if width and height else None
        if length < 2:
            return None
        index += 2 + length
    return None


def write_example(path: Path) -> Path:
    """Write the example settings to a new file (0600; its folder 0700 when created)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(EXAMPLE)
    return path
