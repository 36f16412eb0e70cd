"""Options and lookups shared by subcommands: the store path and the knowledge base."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from posture_tui.cli.errors import CliError

if TYPE_CHECKING:
    from posture_tui.knowledge.model import Knowledge
    from posture_tui.settings import ClinicSettings
    from posture_tui.store.repository import TinyRepository

DB_ENV = "POSTURE_TUI_DB"
KNOWLEDGE_ENV = "POSTURE_TUI_KNOWLEDGE"


def add_db_option(parser: argparse.ArgumentParser, *, global_option: bool = False) -> None:
    """--db before or after the subcommand; a subcommand's copy never hides the global one."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if global_option else argparse.SUPPRESS,
        help=f"store folder (default: ${DB_ENV}, else the user data folder)",
    )


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """--config FILE: the clinic settings (before the subcommand)."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="clinic settings file (default: $POSTURE_TUI_CONFIG, else settings.toml in the "
        "user config folder, used when it exists)",
    )


def clinic_settings(args: argparse.Namespace) -> ClinicSettings:
    """The clinic settings of --config, $POSTURE_TUI_CONFIG or the user config folder; a bad
    file ends the command with one line naming the file and the key (status 2)."""
    from posture_tui.settings import SettingsError, load_settings

    try:
        return load_settings(getattr(args, "config", None))
    except SettingsError as error:
        raise CliError(f"settings: {error}", code=2) from None


def store_path(args: argparse.Namespace) -> Path:
    """--db, else $POSTURE_TUI_DB, else the platform's user data folder."""
    from posture_tui.store.location import default_store_path

    given = getattr(args, "db", None) or os.environ.get(DB_ENV)
    return Path(given).expanduser() if given else default_store_path()


def _knowledge_dir(args: argparse.Namespace) -> Path | None:
    given = getattr(args, "knowledge", None) or os.environ.get(KNOWLEDGE_ENV)
    return Path(given).expanduser() if given else None


def knowledge(args: argparse.Namespace) -> Knowledge:
    """The shipped knowledge base, extended by --knowledge DIR or $POSTURE_TUI_KNOWLEDGE."""
    from posture_tui.knowledge.loader import KnowledgeError, load_knowledge

    try:
        return load_knowledge(_knowledge_dir(args))
    except KnowledgeError as error:
        raise CliError(f"knowledge base: {error}", code=2) from None


def knowledge_source(args: argparse.Namespace) -> Knowledge | Callable[[], Knowledge]:
    """For the workstation: a clinic's own files are read now, so a mistake in them is reported
    before the screen opens; the shipped base alone is handed over as its loader, which the
    app calls once its first screen is drawn."""
    if _knowledge_dir(args) is not None:
        return knowledge(args)
    return _shipped_knowledge


def _shipped_knowledge() -> Knowledge:
    from posture_tui.knowledge.loader import load_knowledge  # its modules load with it

    return load_knowledge()


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """--db and --shared-group, for commands that may create the store."""
    add_db_option(parser)
    parser.add_argument(
        "--shared-group",
        metavar="GROUP",
        help="share the store with this group (folders 2770, files 0660)",
    )


def open_repository(args: argparse.Namespace, *, create: bool = True) -> TinyRepository:
    """The store named by --db / $POSTURE_TUI_DB / the default; permission warnings go to stderr.

    Commands that only read (`create=False`) do not create a store where there is none.
    """
    from posture_tui.store.errors import StoreError
    from posture_tui.store.repository import open_store

    path = store_path(args)
    if not create and not path.exists():
        raise CliError(f"no store at {path} (see --db, or `posture-tui import` to start one)", 1)
    try:
        repo = open_store(path, shared_group=getattr(args, "shared_group", None))
    except StoreError as error:
        raise CliError(str(error), code=1) from None
    for warning in repo.permission_warnings():
        print(f"posture-tui: warning: {warning}", file=sys.stderr)
    return repo
