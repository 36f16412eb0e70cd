"""Bulk builder for the scale benchmark: stores of 2,000 to 100,000 clients in minutes, cached.

`posture-tui demo` takes about 11 minutes for 100,000 clients (every record through the codec,
the record checks and TinyDB). Here a handful of clients are made once through the real code
(the demo generator, then the same visits given an edited plan and notes, stored with
`import_records`), and their files are cloned byte for byte with new ids, names, birth dates,
contacts and times shifted into the past. What is written is what the store writes:

- `clients/<id>.json` (the client and its three assessments, `storage.encode` of the TinyDB
  tables) and `backups/clients/<id>.json.1`, a copy of it (as `keep_newest` writes it);
- `index/NNN.json`, the 256 shards of the client index (rows numbered in insertion order);
- `audit.log`, one `demo.client` and one `demo.assessment` line per record, as the demo writes;
- `store.json`, `.lock` and the folders, made by `open_store` itself.

Built stores are kept in `$XDG_CACHE_HOME/posture-tui-bench/<key>/`, the
key naming this builder's version and the store format, so a stale cache is rebuilt (and the
old one removed). A store is used only if its `.ok` marker is there (an interrupted build is
redone) and no `.dirty` marker is (a benchmark that changes a store sets one until it has put
the store back).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

BUILDER_VERSION = 1
"""Bump when what the builder writes changes."""
VISITS = 3
TEMPLATE_CLIENTS = 120  # made through the real code; those with every visit in range are kept
MAX_TEMPLATES = 48
VISIT_BYTES = (25_000, 60_000)  # encoded size of one realistic assessment (analysis and plan)
SEED = 17
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_STAMP = re.compile(r'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?\+00:00"')


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "posture-tui-bench"


def cache_key() -> str:
    from posture_tui.store.codec import SCHEMA_VERSION
    from posture_tui.store.layout import INDEX_SHARDS, STORE_FORMAT
    from posture_tui.store.storage import GENERATIONS

    return f"b{BUILDER_VERSION}-{STORE_FORMAT}-s{SCHEMA_VERSION}-i{INDEX_SHARDS}-g{GENERATIONS}"


def cache_dir() -> Path:
    return cache_root() / cache_key()


def dirty_marker(store: Path) -> Path:
    return store.with_name(store.name + ".dirty")


def ok_marker(store: Path) -> Path:
    return store.with_name(store.name + ".ok")


def disk_bytes(path: Path) -> int:
    """Bytes allocated on disk under `path` (hard links counted once, like du)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for base, _, files in os.walk(path):
        for name in files:
            try:
                info = os.lstat(os.path.join(base, name))
            except OSError:
                continue
            key = (info.st_dev, info.st_ino)
            if key in seen:
                continue
            seen.add(key)
            total += info.st_blocks * 512
    return total


# ---------------------------------------------------------------------------- templates
@frozen
class Template:
    """A real client file cut at every value the clone changes."""

    record: list[str | tuple[str, str]]  # literal text, or (slot kind, original value)
    row: list[str | tuple[str, str]]  # its index row, cut the same way
    visits: list[tuple[str, int]]  # (assessment id, revision) for the audit lines
    client_revision: int


def _cut(text: str, slots: dict[str, str]) -> list[str | tuple[str, str]]:
    """`text` split at each quoted slot value (and each quoted time): literals and slots."""
    for match in _STAMP.finditer(text):
        slots.setdefault(match.group(), "time")
    pattern = re.compile("|".join(re.escape(key) for key in sorted(slots, key=len, reverse=True)))
    pieces: list[str | tuple[str, str]] = []
    start = 0
    for match in pattern.finditer(text):
        pieces.append(text[start : match.start()])
        pieces.append((slots[match.group()], match.group()))
        start = match.end()
    pieces.append(text[start:])
    return pieces


def realistic(item: Any, number: int) -> Any:
    """A visit as a therapist leaves it: the engine's plan edited (its last step dropped) and
    notes written."""
    plan = item.analysis.plan
    steps = plan.steps[:-1] if len(plan.steps) > 1 else plan.steps
    notes = (
        f"Visit {number}: synthetic notes. Tolerated the session well; pressure moderate, "
        "no adverse reaction. Home program reviewed and demonstrated; review in two weeks."
    )
    return evolve(item, plan=evolve(plan, steps=steps), notes=notes)


def make_templates(work: Path) -> list[Template]:
    """Clients made by the real code, kept where every visit is 25-60 KB encoded."""
    from posture_tui.engine.analyze import analyze
    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.store.repository import open_store
    from posture_tui.store.storage import encode
    from posture_tui.use_cases.demo import generate

    demo = open_store(work / "demo")
    ids = generate(
        demo, load_knowledge(), analyze, clients=TEMPLATE_CLIENTS, assessments=VISITS, seed=SEED
    )
    real = open_store(work / "real")
    pending = []
    for client_id in ids:
        client, items = demo.record(client_id)
        pending.append((client, [realistic(item, n + 1) for n, item in enumerate(items)]))
    real.import_records(pending, action="demo")
    rows: dict[str, Any] = {}  # the raw index rows, as the store wrote them
    for shard in real.layout.index_files:
        if shard.exists():
            for doc in json.loads(shard.read_bytes())["clients"].values():
                rows[doc["id"]] = doc
    kept: list[tuple[float, Template]] = []
    for client_id in ids:
        raw = real.layout.client_file(client_id).read_bytes()
        data = json.loads(raw)
        client_doc = data["client"]["1"]
        visits = list(data["assessments"].values())
        sizes = [len(encode(doc)) for doc in visits]
        slots = {
            json.dumps(client_id): "client",
            json.dumps(client_doc["name"], ensure_ascii=False): "name",
            json.dumps(client_doc["contact"], ensure_ascii=False): "contact",
            json.dumps(client_doc["birth_date"]): "birth",
        }
        for doc in visits:
            slots[json.dumps(doc["id"])] = "visit"
        row_text = encode(rows[client_id]).decode("utf-8")
        template = Template(
            record=_cut(raw.decode("utf-8"), dict(slots)),
            row=_cut(row_text, dict(slots)),
            visits=[(doc["id"], doc["revision"]) for doc in visits],
            client_revision=client_doc["revision"],
        )
        low, high = VISIT_BYTES
        # out of range: kept only if too few are in range, nearest first
        miss = sum(max(0, low - s) + max(0, s - high) for s in sizes)
        kept.append((miss, template))
    kept.sort(key=lambda pair: pair[0])
    good = [t for miss, t in kept if miss == 0]
    return (good or [t for _, t in kept])[:MAX_TEMPLATES]


# ---------------------------------------------------------------------------- cloning
class _Names:
    def __init__(self, rng: random.Random) -> None:
        from posture_tui.use_cases.demo import FIRST_NAMES, LAST_NAMES

        self.rng = rng
        self.first = FIRST_NAMES
        self.last = LAST_NAMES
        self.taken: set[str] = set()

    def new_id(self, prefix: str) -> str:
        while True:
            made = f"{prefix}-{''.join(self.rng.choices(_ALPHABET, k=10))}"
            if made not in self.taken:
                self.taken.add(made)
                return made

    def name(self) -> str:
        return f"{self.rng.choice(self.first)} {self.rng.choice(self.last)}"


def _fill(pieces: list[str | tuple[str, str]], values: dict[str, str]) -> str:
    return "".join(piece if isinstance(piece, str) else values[piece[1]] for piece in pieces)


def _clone_values(
    template: Template, names: _Names, rng: random.Random, today: date
) -> tuple[dict[str, str], str, list[str]]:
    """New quoted values for every slot of `template`: (values, client id, visit ids)."""
    values: dict[str, str] = {}
    client_id = names.new_id("c")
    shift = timedelta(seconds=-rng.randint(0, 86_400 * 900))
    visit_ids = []
    for piece in (*template.record, *template.row):
        if isinstance(piece, str) or piece[1] in values:
            continue
        kind, old = piece
        if kind == "client":
            values[old] = json.dumps(client_id)
        elif kind == "visit":
            visit_ids.append(names.new_id("a"))
            values[old] = json.dumps(visit_ids[-1])
        elif kind == "name":
            values[old] = json.dumps(names.name(), ensure_ascii=False)
        elif kind == "contact":
            phone = f"+41 79 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            values[old] = json.dumps(phone)
        elif kind == "birth":
            born = today - timedelta(days=rng.randint(18 * 365, 85 * 365))
            values[old] = json.dumps(born.isoformat())
        else:
            values[old] = json.dumps((datetime.fromisoformat(old[1:-1]) + shift).isoformat())
    return values, client_id, visit_ids


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _audit_lines(
    template: Template, client_id: str, visit_ids: list[str], when: str, user: str, uid: int
) -> Iterator[str]:
    def line(action: str, record: str, revision: int) -> str:
        event = {
            "time": when,
            "user": user,
            "uid": uid,
            "action": action,
            "record": record,
            "client": client_id,
            "revision": revision,
            "fields": [],
        }
        return json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n"

    yield line("demo.client", client_id, template.client_revision)
    for visit_id, (_, revision) in zip(visit_ids, template.visits, strict=True):
        yield line("demo.assessment", visit_id, revision)


def build(path: Path, clients: int, *, log: bool = True) -> dict[str, Any]:
    """Write a store of `clients` clients x 3 realistic assessments at `path` (new folder)."""
    from posture_tui.store.audit import os_user
    from posture_tui.store.layout import INDEX_SHARDS, Layout, shard_of
    from posture_tui.store.repository import open_store

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="posture-bench-templates-") as work:
        templates = make_templates(Path(work))
    made_templates = time.perf_counter() - started
    open_store(path)  # store.json, .lock and the folders, with the store's own modes
    layout = Layout(path)
    rng = random.Random(SEED * 1000 + clients)
    names = _Names(rng)
    today = date.today()
    shards: list[list[str]] = [[] for _ in range(INDEX_SHARDS)]
    user, uid = os_user(), os.getuid()
    audit: list[str] = []
    first_id = ""
    record_bytes = 0
    fd = os.open(layout.audit, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as log_file:
        for number in range(clients):
            template = templates[number % len(templates)]
            values, client_id, visit_ids = _clone_values(template, names, rng, today)
            first_id = first_id or client_id
            data = _fill(template.record, values).encode("utf-8")
            record_bytes += len(data)
            _write_new(layout.client_file(client_id), data)
            _write_new(layout.client_backups / f"{client_id}.json.1", data)
            shards[shard_of(client_id)].append(_fill(template.row, values))
            when = datetime.now(UTC).isoformat()
            audit.extend(_audit_lines(template, client_id, visit_ids, when, user, uid))
            if len(audit) > 20_000:
                log_file.write("".join(audit))
                audit = []
            if log and number and number % 20_000 == 0:
                print(f"    {number:,} clients written", flush=True)
        log_file.write("".join(audit))
    for shard, rows in enumerate(shards):
        if rows:
            body = ",".join(f'"{n}":{row}' for n, row in enumerate(rows, 1))
            _write_new(layout.index_file(shard), ('{"clients":{' + body + "}}").encode("utf-8"))
    os.sync()
    return {
        "clients": clients,
        "templates": len(templates),
        "template_seconds": round(made_templates, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "record_bytes": record_bytes,
        "disk_bytes": disk_bytes(path),
        "sample_client": first_id,
    }


def store(clients: int, *, log: bool = True) -> tuple[Path, dict[str, Any]]:
    """The cached store of `clients` clients, built first if missing or stale; its build info."""
    folder = cache_dir()
    path = folder / f"store-{clients}"
    ok = ok_marker(path)
    if ok.exists() and not dirty_marker(path).exists() and path.is_dir():
        return path, json.loads(ok.read_text())
    root = cache_root()
    if root.is_dir():  # builds of another builder version or store format: gone
        for other in root.iterdir():
            if other.is_dir() and other.name != folder.name:
                shutil.rmtree(other, ignore_errors=True)
    shutil.rmtree(path, ignore_errors=True)
    ok.unlink(missing_ok=True)
    dirty_marker(path).unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    if log:
        print(f"  building a store of {clients:,} clients in {path} ...", flush=True)
    info = build(path, clients, log=log)
    ok.write_text(json.dumps(info, indent=2) + "\n")
    if log:
        print(
            f"  built {clients:,} clients in {info['seconds']} s "
            f"({info['disk_bytes'] / 1e9:.2f} GB on disk)",
            flush=True,
        )
    return path, info


def main() -> None:
    import sys

    for text in sys.argv[1:] or ["2000"]:
        path, info = store(int(text))
        print(path, json.dumps(info))


if __name__ == "__main__":
    main()
