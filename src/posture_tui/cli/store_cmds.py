"""Store subcommands: import, clients, demo, check and audit."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posture_tui.cli.common import add_db_option, add_store_options, open_repository, store_path
from posture_tui.cli.common import knowledge as load_knowledge_for
from posture_tui.cli.errors import CliError
from posture_tui.domain.text import safe

if TYPE_CHECKING:
    pass

MAX_IMPORT_BYTES = 50_000_000


def register(subparsers: Any) -> None:
    imp = subparsers.add_parser(
        "import",
        help="store assessment documents (or an exported record) as clients and assessments",
        description="Store an analyze-format document, a JSON array of them, or a record made by "
        "`export --format json`. Flags and plan are computed. A client.id naming an existing "
        "client adds the assessment to that client. Bad input stores nothing.",
    )
    imp.add_argument("file", metavar="FILE", help="JSON file; - reads stdin")
    add_store_options(imp)
    imp.set_defaults(func=run_import)

    clients = subparsers.add_parser("clients", help="list or search the clients in the store")
    clients.add_argument("--search", metavar="TEXT", default="", help="name or birth date")
    clients.add_argument("--format", choices=("text", "json"), default="text")
    add_store_options(clients)
    clients.set_defaults(func=run_clients)

    demo = subparsers.add_parser(
        "demo", help="fill the store with synthetic clients (for demos and load tests)"
    )
    demo.add_argument("--clients", type=_count, default=50, metavar="N", help="default 50")
    demo.add_argument(
        "--assessments",
        type=_visits,
        default=3,
        metavar="M",
        help=f"default 3, at most {MAX_DEMO_VISITS} (the visits lie about six weeks apart)",
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="default 1")
    demo.add_argument(
        "--remove",
        action="store_true",
        help="remove every synthetic (demo) client and nothing else",
    )
    add_store_options(demo)
    demo.set_defaults(func=run_demo)

    check = subparsers.add_parser(
        "check", help="verify the store (exit 0 healthy, 1 problems listed)"
    )
    check.add_argument("--repair", action="store_true", help="restore from backups and fix")
    reach = check.add_mutually_exclusive_group()
    reach.add_argument(
        "--incremental",
        action="store_true",
        help="verify only what changed since the last healthy check (a full check if none)",
    )
    reach.add_argument(
        "--deep",
        action="store_true",
        help="decode every record, whatever the last healthy check verified",
    )
    add_db_option(check)
    check.set_defaults(func=run_check)

    audit = subparsers.add_parser("audit", help="show the audit trail (who changed what, when)")
    audit.add_argument("--format", choices=("text", "json"), default="text")
    add_store_options(audit)
    audit.set_defaults(func=run_audit)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value <= 100_000:
        raise argparse.ArgumentTypeError("expected a number from 0 to 100000")
    return value


MAX_DEMO_VISITS = 500  # 43 days apart at most: about 60 years of history, never before year 1


def _visits(text: str) -> int:
    value = _count(text)
    if value > MAX_DEMO_VISITS:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to {MAX_DEMO_VISITS}")
    return value


def _emit(lines: list[str]) -> None:
    """Print all lines, through the one text sanitiser (a file name or record text never
    reaches the terminal with a control character); a reader gone away (`| head`) is fine."""
    try:
        sys.stdout.write("".join(f"{safe(line, multiline=True)}\n" for line in lines))
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _clean(text: str) -> str:
    return safe(text)


def _read(file: str) -> str:
    name = "stdin" if file == "-" else file
    try:
        if file == "-":
            raw = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
        else:
            with Path(file).open("rb") as handle:
                raw = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        raise CliError(f"cannot read {name}: {error.strerror or 'read error'}", code=2) from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise CliError(f"{name}: larger than {MAX_IMPORT_BYTES} bytes", code=2)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CliError(f"{name}: not UTF-8 text (byte {error.start})", code=2) from None


def run_import(args: argparse.Namespace) -> int:
    from posture_tui.incoming import DocumentError, load_json_text
    from posture_tui.store.errors import StoreError
    from posture_tui.use_cases.transfer import import_payload

    name = "stdin" if args.file == "-" else args.file
    text = _read(args.file)
    try:
        data = load_json_text(text)
    except DocumentError as error:
        raise CliError(f"{name}: {error}", code=2) from None
    knowledge = load_knowledge_for(args)
    repo = open_repository(args)
    try:
        stored = import_payload(repo, data, knowledge)
    except DocumentError as error:
        raise CliError(f"{name}: {error} (nothing was stored)", code=2) from None
    except StoreError as error:
        raise CliError(f"{name}: {error} (nothing was stored)", code=2) from None
    _emit([client if visit is None else f"{client} {visit}" for client, visit in stored])
    return 0


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


# A client as `clients` prints it: id, name, birth date and last visit (ISO), visits.
Listed = tuple[str, str, str | None, int, str | None]


def run_clients(args: argparse.Namespace) -> int:
    from posture_tui.store.quick_list import quick_page

    if not getattr(args, "shared_group", None):  # which may change the store: opened fully
        quick = quick_page(store_path(args), args.search)
        if quick is not None:  # nothing changed since the last full listing: the copy answers
            return _print_clients(args, [_listed_row(row) for row in quick.rows])
    return _clients_fully(args)


def _listed_row(row: tuple[object, ...]) -> Listed:
    """A row of the index copy (client_query.COLUMNS) as `clients` prints it."""
    name, client_id, born, visits, last = row[:5]
    return (
        str(client_id),
        str(name),
        None if born is None else str(born),
        int(str(visits)),
        None if last is None else str(last),
    )


def _clients_fully(args: argparse.Namespace) -> int:
    from posture_tui.store.errors import StoreError

    repo = open_repository(args, create=False)
    try:
        # the SQLite copy of the index answers at any store size (else the shards are read)
        found = repo.client_page(args.search).rows
    except StoreError as error:
        raise CliError(str(error), code=1) from None
    listed = [
        (item.id, item.name, _iso(item.birth_date), item.assessments, _iso(item.last_assessed))
        for item in found
    ]
    code = _print_clients(args, listed)
    repo.prepare_quick_list()
    return code


def _print_clients(args: argparse.Namespace, found: list[Listed]) -> int:
    if args.format == "json":
        rows = [
            {
                "id": client_id,
                "name": name,
                "birth_date": born,
                "assessments": visits,
                "last_assessed": last,
            }
            for client_id, name, born, visits, last in found
        ]
        _emit([json.dumps(rows, ensure_ascii=False, indent=2)])
        return 0
    if not found:
        _emit(["no clients" + (" match" if args.search else " in this store")])
        return 0
    width = min(40, max(len(name) for _, name, *_ in found))
    lines = [f"{'ID':<14} {'NAME':<{width}} {'BORN':<10} {'VISITS':>6}  LAST ASSESSED"]
    for client_id, name, born, visits, last in found:
        seen = f"{last[:10]} {last[11:16]}" if last else "-"  # ISO 8601: date, then hh:mm
        shown = _clean(name)[:width]
        lines.append(f"{client_id:<14} {shown:<{width}} {born or '-':<10} {visits:>6}  {seen}")
    _emit(lines)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from posture_tui.engine.analyze import analyze
    from posture_tui.store.errors import StoreError
    from posture_tui.use_cases.demo import generate

    if args.remove:
        return _remove_demo(args)
    knowledge = load_knowledge_for(args)
    repo = open_repository(args)
    started = time.perf_counter()
    try:
        made = generate(
            repo,
            knowledge,
            analyze,
            clients=args.clients,
            assessments=args.assessments,
            seed=args.seed,
        )
    except StoreError as error:
        raise CliError(str(error), code=1) from None
    seconds = time.perf_counter() - started
    print(
        f"added {len(made)} synthetic clients with {args.assessments} assessments each "
        f"to {repo.path} in {seconds:.1f} s"
    )
    return 0


def _remove_demo(args: argparse.Namespace) -> int:
    """`demo --remove`: the synthetic clients go, real clients and drafts stay as they were."""
    from posture_tui.store.errors import StoreError
    from posture_tui.use_cases.demo import remove

    repo = open_repository(args, create=False)
    try:
        removed = remove(repo)
    except StoreError as error:
        raise CliError(str(error), code=1) from None
    print(f"removed {len(removed)} synthetic clients from {repo.path}; nothing else changed")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from posture_tui.store.check import check_store, repair_store
    from posture_tui.store.errors import StoreError

    path = store_path(args)
    try:
        if args.repair:
            report = repair_store(path)
        else:
            report = check_store(path, incremental=args.incremental, deep=args.deep)
    except StoreError as error:
        raise CliError(str(error), code=1) from None
    _emit([f"repaired: {line}" for line in report.repaired])
    _emit([f"not repaired: {line}" for line in report.not_repaired])
    _emit([f"problem: {problem}" for problem in report.problems])
    if report.problems:
        hint = "" if args.repair else "; run `posture-tui check --repair`"
        print(f"{len(report.problems)} problem(s) in {path}{hint}", file=sys.stderr)
        return 1
    photos = f", {report.photos} photo(s)" if report.photos else ""
    print(f"store {path} is healthy ({report.clients} clients{photos}; {report.scope()})")
    if report.not_repaired:  # readable again, but something saved could not be brought back
        count = len(report.not_repaired)
        print(f"{count} thing(s) could not be repaired: see `not repaired:` above", file=sys.stderr)
        return 1
    return 0


def run_audit(args: argparse.Namespace) -> int:
    from posture_tui.store import audit
    from posture_tui.store.errors import StoreError

    repo = open_repository(args, create=False)
    try:
        events = audit.read(repo.layout.audit)
    except StoreError as error:
        raise CliError(str(error), code=1) from None
    if args.format == "json":
        _emit([json.dumps(events, ensure_ascii=False, indent=2)])
        return 0
    lines = []
    for item in events:
        fields = ", ".join(item.get("fields") or [])
        revision = "" if item.get("revision") is None else f" r{item['revision']}"
        lines.append(
            f"{item['time']}  {_clean(str(item['user']))}  {_clean(str(item['action']))}  "
            f"{_clean(str(item['record']))}{revision}" + (f"  [{fields}]" if fields else "")
        )
    _emit(lines)
    return 0
