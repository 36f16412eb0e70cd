"""`posture-tui start` (the default command): open the workstation on a store."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from posture_tui.cli import common
from posture_tui.cli.errors import CliError

if TYPE_CHECKING:
    from collections.abc import Callable

    from posture_tui.knowledge.model import Knowledge
    from posture_tui.store.repository import TinyRepository

DEMO_CLIENTS = 12
DEMO_VISITS = 3


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "start",
        help="open the workstation (the default when no command is given)",
        description="Open the keyboard-driven workstation. F1 shows the keys on every screen.",
    )
    common.add_store_options(parser)
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help="turn mouse reporting off (saves bandwidth over slow SSH links)",
    )
    parser.add_argument(
        "--therapist",
        metavar="NAME",
        help="name recorded on new assessments and signatures (default: your login name)",
    )
    parser.set_defaults(func=run)


def _offer_demo(repository: TinyRepository, knowledge: Callable[[], Knowledge]) -> None:
    """With an empty store on a terminal, offer to fill it with synthetic demo clients.

    Never over work: any draft (of any login), client file or index row means the store is
    in use, and the offer would stand between a therapist and a kept visit."""
    from posture_tui.engine.analyze import analyze
    from posture_tui.use_cases.demo import generate

    layout = repository.layout
    if repository.has_drafts() or layout.has_client_files() or repository.client_page("", 1).total:
        return
    try:
        answer = input("The store is empty. Fill it with synthetic demo clients? [y/N] ")
    except EOFError:
        return
    if answer.strip().lower() in {"y", "yes"}:
        generate(repository, knowledge(), analyze, clients=DEMO_CLIENTS, assessments=DEMO_VISITS)
        print(
            f"Added {DEMO_CLIENTS} demo clients, listed as (demo); "
            "`posture-tui demo --remove` removes them and nothing else."
        )


def check_writable(repository: TinyRepository) -> None:
    """Refuse a store this user cannot write: the workstation keeps unsaved work as a draft in
    the store, and a store that takes no draft would lose it (and used to quit with status 0).
    A file is made and removed again in the drafts folder; nothing else is touched."""
    import errno
    import os

    folder = repository.layout.drafts
    try:
        fd = os.open(
            folder / f".probe-{os.getpid()}",
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
            0o600,
        )
    except OSError as error:
        reason = {
            errno.EACCES: "permission denied",
            errno.EPERM: "permission denied",
            errno.EROFS: "read-only file system",
            errno.ENOSPC: "no space left on the device",
        }.get(error.errno or 0, error.strerror or type(error).__name__)
        raise CliError(
            f"store {repository.path} cannot be written by you ({reason}): the workstation "
            "needs to keep drafts there; `posture-tui clients` and `export` can still read it",
            code=1,
        ) from None
    os.close(fd)
    os.unlink(folder / f".probe-{os.getpid()}")


def run(args: argparse.Namespace) -> int:
    from posture_tui.store.errors import StoreError
    from posture_tui.tui.app import build_app

    clinic = common.clinic_settings(args)  # a bad settings file: one line, before anything opens
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CliError("start needs a terminal (for scripts use analyze, export or import)", code=2)
    knowledge = common.knowledge_source(args)
    repository = common.open_repository(args)
    check_writable(repository)
    try:
        _offer_demo(repository, lambda: common.knowledge(args))
    except StoreError as error:
        raise CliError(f"store: {error}", code=1) from None
    app = build_app(
        repository,
        knowledge,
        no_mouse=args.no_mouse,
        therapist=args.therapist or None,
        clinic=clinic,
    )
    app.run()
    return app.return_code or 0
