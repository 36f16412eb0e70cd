"""Issue 17: flat costs up to 100,000 clients, every figure at 2,000, 20,000 and 100,000.

The stores come from `_bulkstore` (cloned real records, cached between runs). Each figure is a
ratio against a baseline measured alternately in the same run, or an absolute limit, and is
printed as a growth curve over the sizes, so that a cost growing with the store shows at a
glance. The goals (issue 17) are checked at the largest size measured:

- start-up to the client list in a real terminal (tmux, 80x24): <= 1.5x a bare Textual app
  launched the same way. Headless start-up (`_apps`, as startup_bench.py) is shown as well;
  the goal uses the tmux figure.
- any key typed in the search box, the first included: < 20 ms (CPU from the key to the
  repainted screen, `_keys`; wall time shown too)
- peak memory at the first screen (VmHWM of the headless launch): <= 1.5x the same at 2,000
- `clients --search`: <= 1.5x `posture-tui --version`
- saving a realistic assessment into a client with 30 earlier revisions: <= 1.25x the same
  save into an empty store
- `check`: a full check under 60 s; an incremental one under 2 s. Both follow a healthy check
  (its memory). The first check by a user, which decodes every record, is shown without a goal
- disk added by one more revision, and whether an earlier revision is kept whole
- bytes written to the terminal by an idle workstation over 30 s (under a pty): 0

Run: `python -m benchmarks.scale_bench --sizes 2000,20000` (see --help), or through `make bench`
(POSTURE_TUI_BENCH_SCALE=quick for 2,000 and 20,000 with shorter waits, =off to skip).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import os
import pty
import re
import select
import shlex
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks import _bulkstore
from benchmarks._fixture import row

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SIZE = (80, 24)
ALL_SIZES = (2_000, 20_000, 100_000)
EARLIER_REVISIONS = 30
READY = re.compile(r"[\d,]+ of ([\d,]+) clients")
ANSI = re.compile(rb"\x1b(?:\[[0-9;?<=>!]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-_])")


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _options(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get("POSTURE_TUI_BENCH_SCALE", "full")
    quick = env == "quick"
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale_bench")
    parser.add_argument(
        "--sizes",
        default=os.environ.get(
            "POSTURE_TUI_BENCH_SCALE_SIZES", "2000,20000" if quick else "2000,20000,100000"
        ),
        help="client counts, comma separated (default 2000,20000,100000)",
    )
    parser.add_argument("--quick", action="store_true", default=quick, help="fewer, shorter runs")
    parser.add_argument(
        "--launches",
        type=int,
        default=_env_int("POSTURE_TUI_BENCH_SCALE_LAUNCHES", 3 if quick else 7),
        help="start-ups per side and per size, and `clients --search` runs (default 7)",
    )
    parser.add_argument(
        "--idle",
        type=float,
        default=float(os.environ.get("POSTURE_TUI_BENCH_IDLE_SECONDS", 10 if quick else 30)),
        help="seconds the idle workstation is watched (default 30)",
    )
    parser.add_argument(
        "--check-timeout",
        type=float,
        default=float(os.environ.get("POSTURE_TUI_BENCH_CHECK_TIMEOUT", 900)),
        help="seconds a full `check` may take before it is stopped (default 900)",
    )
    parser.add_argument("--saves", type=int, default=7, help="timed saves per side (default 7)")
    parser.add_argument(
        "--skip", default="", help="figures to leave out, e.g. check,idle (comma separated)"
    )
    options = parser.parse_args(argv)
    options.sizes = [int(text.replace("_", "")) for text in options.sizes.split(",") if text]
    options.skip = {text.strip() for text in options.skip.split(",") if text.strip()}
    return options


def _child_env(home: Path, store: Path | None = None) -> dict[str, str]:
    """The environment of a launched program: a private HOME, bytecode kept (see startup)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["HOME"] = str(home)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "POSTURE_TUI_KNOWLEDGE", "TEXTUAL"):
        env.pop(name, None)
    if store is not None:
        env["POSTURE_TUI_DB"] = str(store)
    return env


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


# ---------------------------------------------------------------------------- tmux start-up
class Tmux:
    """A private tmux server; each launch is a new 80x24 session polled with capture-pane."""

    def __init__(self, home: Path) -> None:
        self.socket = f"posture-bench-{os.getpid()}"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        self.count = 0
        self._tmux("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 86400")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def launch(self, command: list[str], env: dict[str, str], ready: re.Pattern[str]) -> Any:
        """(seconds from `new-session` to the first capture showing `ready`, peak MB then)."""
        self.count += 1
        name = f"run{self.count}"
        settings = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
        line = f"exec env -u PYTHONDONTWRITEBYTECODE {settings} {shlex.join(command)}"
        started = time.perf_counter()
        self._tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", "-c", str(ROOT), line)
        try:
            while True:
                screen = self._tmux("capture-pane", "-p", "-t", name)
                if ready.search(screen):
                    seconds = time.perf_counter() - started
                    break
                if time.perf_counter() - started > 120:
                    raise RuntimeError(f"no first screen after 120 s: {screen[-200:]!r}")
                time.sleep(0.004)
            pid = int(self._tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())
            return seconds, _peak_mb(pid)
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):
                self._tmux("kill-session", "-t", name)

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._tmux("kill-server")


def tmux_startups(tmux: Tmux, store: Path, launches: int) -> dict[str, float]:
    app_env = {"POSTURE_TUI_DB": str(store)}
    real = [str(BIN / "posture-tui")]
    bare = [sys.executable, "-m", "benchmarks._apps", "run-bare"]
    bare_ready = re.compile(r"posture-tui")
    tmux.launch(bare, {}, bare_ready)  # warm the file cache once for each side
    tmux.launch(real, app_env, READY)
    real_s, bare_s, real_mb = [], [], []
    for _ in range(launches):
        seconds, _ = tmux.launch(bare, {}, bare_ready)
        bare_s.append(seconds)
        seconds, peak = tmux.launch(real, app_env, READY)
        real_s.append(seconds)
        real_mb.append(peak)
    return {
        "tmux_s": _median(real_s),
        "tmux_bare_s": _median(bare_s),
        "tmux_peak_mb": _median(real_mb),
    }


def headless_startups(store: Path, launches: int) -> dict[str, float]:
    from benchmarks.startup_bench import launch

    launch("bare")
    launch("real", store)
    real, bare = [], []
    for _ in range(launches):
        bare.append(launch("bare"))
        real.append(launch("real", store))
    return {
        "headless_s": _median([one.seconds for one in real]),
        "headless_bare_s": _median([one.seconds for one in bare]),
        "peak_mb": _median([one.peak_mb for one in real]),
        "bare_peak_mb": _median([one.peak_mb for one in bare]),
    }


# ---------------------------------------------------------------------------- search keys
async def _key_costs(store: Path, sequence: list[str]) -> list[tuple[float, float]]:
    """(CPU ms, wall ms) per key, from the key event to the repainted, idle screen."""
    from textual._wait import wait_for_idle

    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.store.repository import open_store
    from posture_tui.tui.app import build_app

    app = build_app(open_store(store), load_knowledge(), therapist="bench")
    costs = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in sequence:
            cpu, wall = time.process_time(), time.perf_counter()
            await app._press_keys([key])
            await wait_for_idle(0)
            costs.append(((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
            if app._exception is not None:
                raise app._exception
    return costs


def search_keys(store: Path, rounds: int = 3) -> dict[str, float]:
    from benchmarks.search_bench import keys

    sequence = keys()
    asyncio.run(_key_costs(store, sequence[:2]))  # imports warmed; each round a new app and store
    runs = [asyncio.run(_key_costs(store, sequence)) for _ in range(rounds)]
    return {
        "first_key_ms": _median([run[0][0] for run in runs]),
        "first_key_wall_ms": _median([run[0][1] for run in runs]),
        "later_key_max_ms": _median([max(cpu for cpu, _ in run[1:]) for run in runs]),
        "later_key_mean_ms": _median([statistics.fmean(c for c, _ in run[1:]) for run in runs]),
    }


# ---------------------------------------------------------------------------- CLI commands
def _sample(store: Path, info: dict[str, Any]) -> tuple[str, str]:
    """A built client's id and name (never printed)."""
    client_id = info["sample_client"]
    data = json.loads((store / "clients" / f"{client_id}.json").read_bytes())
    return client_id, data["client"]["1"]["name"]


def _timed_run(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command[1:3]} failed: {done.stderr.strip()[-300:]}")
    return seconds, done.stdout


def cli_search(store: Path, info: dict[str, Any], home: Path, runs: int) -> dict[str, float]:
    client_id, name = _sample(store, info)
    env = _child_env(home, store)
    search = [str(BIN / "posture-tui"), "clients", "--search", name]
    version = [str(BIN / "posture-tui"), "--version"]
    _, out = _timed_run(search, env)
    if client_id not in out:
        raise RuntimeError("`clients --search` did not find a built client")
    _timed_run(version, env)
    ours, base = [], []
    for _ in range(runs):
        base.append(_timed_run(version, env)[0])
        ours.append(_timed_run(search, env)[0])
    return {"search_cli_s": _median(ours), "version_s": _median(base)}


def _run_limited(command: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run to the end or to `timeout`: seconds, peak MB (this child's own, wait4), exit, output."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                seconds = time.perf_counter() - started
                child.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - started > timeout:
                child.kill()
                _, status, usage = os.wait4(child.pid, 0)
                child.returncode = -9
                return {"seconds": None, "peak_mb": usage.ru_maxrss / 1024, "code": None, "out": ""}
            time.sleep(0.05)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return {
        "seconds": seconds,
        "peak_mb": usage.ru_maxrss / 1024,
        "code": child.returncode,
        "out": text,
    }


INCREMENTAL_FLAG = os.environ.get("POSTURE_TUI_BENCH_INCREMENTAL_FLAG", "--incremental")


def incremental_available(home: Path) -> bool:
    done = subprocess.run(
        [str(BIN / "posture-tui"), "check", "--help"],
        env=_child_env(home),
        capture_output=True,
        text=True,
    )
    return INCREMENTAL_FLAG in done.stdout


def first_check(store: Path, home: Path, timeout: float) -> dict[str, Any]:
    """The first check of the store by this user (a fresh home: nothing remembered), which
    decodes every record, as `check --deep` does."""
    command = [str(BIN / "posture-tui"), "check", "--db", str(store)]
    found = _run_limited(command, _child_env(home), timeout)
    return {
        "first_check_s": found["seconds"],
        "check_peak_mb": found["peak_mb"],
        "check_healthy": found["code"] == 0 and "is healthy" in found["out"],
    }


def later_checks(store: Path, home: Path, timeout: float) -> dict[str, Any]:
    """After the saves, the checks that follow a healthy one: incremental (what changed by its
    signature), then full (every file's bytes read and compared, what changed decoded)."""
    env = _child_env(home)
    base = [str(BIN / "posture-tui"), "check", "--db", str(store)]
    incremental = _run_limited([*base, INCREMENTAL_FLAG], env, timeout)
    full = _run_limited(base, env, timeout)
    return {
        "incremental_s": incremental["seconds"] if incremental["code"] == 0 else None,
        "check_s": full["seconds"] if full["code"] == 0 else None,
        "check_read_all": "every file read" in full["out"],
    }


# ---------------------------------------------------------------------------- saves and disk
@contextlib.contextmanager
def changed_then_put_back(store: Path, client_id: str) -> Iterator[None]:
    """Let a benchmark add `client_id` to a cached store, then take every trace of it out again.

    The files a save touches are kept first: the client's index shard and its backups, and the
    length of the audit log. A `.dirty` marker stands meanwhile, so a run killed halfway makes
    the next one rebuild the store rather than measure a changed one.
    """
    from posture_tui.store.layout import Layout, shard_of
    from posture_tui.store.storage import GENERATIONS, backup_path, clean_stale_temps

    layout = Layout(store)
    shard = layout.index_file(shard_of(client_id))
    kept_files = [shard]
    kept = {path: path.read_bytes() if path.exists() else None for path in kept_files}
    audit_length = layout.audit.stat().st_size
    marker = _bulkstore.dirty_marker(store)
    marker.write_text("a benchmark is changing this store\n")
    try:
        yield
    finally:
        layout.client_file(client_id).unlink(missing_ok=True)
        for generation in range(1, GENERATIONS + 1):
            backup_path(layout.client_backups, f"{client_id}.json", generation).unlink(
                missing_ok=True
            )
        for path, data in kept.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                temp = path.with_name(f".{path.name}.bench.tmp")
                temp.write_bytes(data)
                temp.chmod(0o600)
                os.replace(temp, path)
        with open(layout.audit, "r+b") as log:
            log.truncate(audit_length)
        layout.journal.unlink(missing_ok=True)
        for place in layout.locked_folders:
            clean_stale_temps(place)
        marker.unlink()


def _disk(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            total += path.stat().st_blocks * 512
    return total


def saves(
    store: Path, info: dict[str, Any], count: int, after: Callable[[], Any] | None = None
) -> dict[str, Any]:
    """A realistic draft saved into a client with 30 earlier revisions of it, in the big store,
    against the same first save into an empty store; then the disk one more revision takes."""
    from attrs import evolve

    from posture_tui.domain.records import DRAFT, Client
    from posture_tui.store import codec
    from posture_tui.store.layout import Layout, shard_of
    from posture_tui.store.repository import open_store
    from posture_tui.store.storage import backup_path, encode

    big = open_store(store)
    visits = big.list_assessments(info["sample_client"])
    source = visits[-1]  # the sample client's first visit: the same template at every size
    now = big.clock()

    def draft(client_id: str, assessment_id: str) -> Any:
        return evolve(
            source,
            id=assessment_id,
            client_id=client_id,
            status=DRAFT,
            revision=0,
            signed_at=None,
            signed_by=None,
            created=now,
            updated=now,
        )

    client_id = big.new_id("client")
    layout = Layout(store)
    result: dict[str, Any] = {}
    with changed_then_put_back(store, client_id), tempfile.TemporaryDirectory() as folder:
        big.save_client(Client(id=client_id, name="Bench Scale", created=now, updated=now))
        current = big.save_assessment(draft(client_id, big.new_id("assessment")))
        for number in range(EARLIER_REVISIONS - 1):
            current = big.save_assessment(evolve(current, notes=f"{source.notes} ({number})"))
        full_ms, empty_ms = [], []
        for number in range(count):
            empty = open_store(Path(folder) / f"empty-{number}")
            other = empty.save_client(Client(id=empty.new_id("client"), name="Bench Scale"))
            first = draft(other.id, empty.new_id("assessment"))
            started = time.perf_counter()
            empty.save_assessment(first)
            empty_ms.append((time.perf_counter() - started) * 1000)
            edited = evolve(current, notes=f"{source.notes} (timed {number})")
            started = time.perf_counter()
            current = big.save_assessment(edited)
            full_ms.append((time.perf_counter() - started) * 1000)
        # disk: one more revision, every file the save writes (record, backups, index, audit)
        shard = layout.index_file(shard_of(client_id))
        touched = [
            layout.client_file(client_id),
            *(backup_path(layout.client_backups, f"{client_id}.json", g) for g in (1, 2, 3)),
            shard,
            layout.audit,
        ]
        before_disk, before_size = _disk(touched), layout.client_file(client_id).stat().st_size
        current = big.save_assessment(evolve(current, notes=f"{source.notes} (disk)"))
        after_disk, after_size = _disk(touched), layout.client_file(client_id).stat().st_size
        revision_bytes = len(encode(codec.to_document("assessment", current)))
        result = {
            "save_ms": _median(full_ms),
            "save_empty_ms": _median(empty_ms),
            "revisions": current.revision,
            "revision_disk_bytes": after_disk - before_disk,
            "record_growth_bytes": after_size - before_size,
            "revision_doc_bytes": revision_bytes,
            "record_file_bytes": after_size,
            "stored_whole": (after_size - before_size) >= revision_bytes // 2,
        }
        if after is not None:
            result.update(after())
    return result


# ---------------------------------------------------------------------------- idle terminal
def idle_bytes(store: Path, home: Path, window: float) -> dict[str, Any]:
    """Bytes the workstation writes to its terminal (a pty, 80x24) over `window` seconds, once
    its first screen is up and two more seconds have passed (the knowledge base loads then)."""
    env = _child_env(home, store)
    env["TERM"] = "xterm-256color"
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal, then become the workstation
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        os.chdir(ROOT)
        os.execve(str(BIN / "posture-tui"), [str(BIN / "posture-tui")], env)
    seen = bytearray()
    counted = 0
    started = time.perf_counter()
    ready_at: float | None = None
    try:
        while True:
            now = time.perf_counter()
            if ready_at is None and now - started > 180:
                raise RuntimeError("the workstation did not show its client list under a pty")
            if ready_at is not None and now - ready_at > 2 + window:
                break
            readable, _, _ = select.select([fd], [], [], 0.05)
            if not readable:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break  # the child is gone
            if ready_at is None:
                seen += chunk
                if READY.search(ANSI.sub(b"", bytes(seen)).decode("utf-8", "replace")):
                    ready_at = time.perf_counter()
            elif time.perf_counter() - ready_at > 2:
                counted += len(chunk)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            with contextlib.suppress(OSError):
                if select.select([fd], [], [], 0.05)[0]:
                    os.read(fd, 65536)  # drained, so the child never blocks on a full pty
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    return {"idle_bytes": counted, "idle_window_s": window}


# ---------------------------------------------------------------------------- one size
def measure(size: int, options: argparse.Namespace, tmux: Tmux, home: Path) -> dict[str, Any]:
    store, info = _bulkstore.store(size)
    skip = options.skip
    found: dict[str, Any] = {
        "store_gb": info["disk_bytes"] / 1e9,
        "build_s": info["seconds"],
        "record_kb": info["record_bytes"] / size / 1000,
    }
    clock = time.perf_counter()

    def step(name: str, action: Callable[[], dict[str, Any]]) -> None:
        if name in skip:
            return
        started = time.perf_counter()
        found.update(action())
        print(f"    {name}: {time.perf_counter() - started:.0f} s", flush=True)

    print(f"  {size:,} clients ({found['store_gb']:.1f} GB on disk):", flush=True)
    step("headless", lambda: headless_startups(store, options.launches))
    step("tmux", lambda: tmux_startups(tmux, store, options.launches))
    step("keys", lambda: search_keys(store, 2 if options.quick else 3))
    step("search", lambda: cli_search(store, info, home, options.launches))
    step("check", lambda: first_check(store, home, options.check_timeout))
    # the later checks need the memory the first one leaves; without it, each is a first one
    incremental = incremental_available(home) and "check" not in skip
    found["incremental_available"] = incremental

    def after_saves() -> dict[str, Any]:
        return later_checks(store, home, options.check_timeout) if incremental else {}

    step("save", lambda: saves(store, info, options.saves, after_saves))
    step("idle", lambda: idle_bytes(store, home, options.idle))
    found["measure_s"] = time.perf_counter() - clock
    return found


# ---------------------------------------------------------------------------- report
def _ratio(a: Any, b: Any) -> float | None:
    if a is None or b is None or not b or a != a or b != b:
        return None
    return float(a) / float(b)


Figure = Callable[[dict[str, Any], dict[str, Any]], Any]


def _g(key: str) -> Figure:
    return lambda f, b: f.get(key)


def _r(key: str, baseline: str) -> Figure:
    return lambda f, b: _ratio(f.get(key), f.get(baseline))


def _vs_base(key: str) -> Figure:
    return lambda f, b: _ratio(f.get(key), b.get(key))


def _k(key: str) -> Figure:
    return lambda f, b: None if f.get(key) is None else f[key] / 1000


FIGURES: list[tuple[str, str, Figure, str]] = [
    # (label, format, value from (this size, the 2,000 figures), goal text)
    ("start-up in tmux (s)", "{:.2f}", _g("tmux_s"), ""),
    ("  bare Textual app in tmux (s)", "{:.2f}", _g("tmux_bare_s"), ""),
    ("  ratio (GOAL)", "{:.2f}x", _r("tmux_s", "tmux_bare_s"), "<= 1.5x"),
    ("start-up headless (s)", "{:.2f}", _g("headless_s"), ""),
    ("  bare app headless (s)", "{:.2f}", _g("headless_bare_s"), ""),
    ("  ratio", "{:.2f}x", _r("headless_s", "headless_bare_s"), ""),
    ("first search key, CPU (ms) (GOAL)", "{:.1f}", _g("first_key_ms"), "< 20 ms"),
    ("  first key, wall (ms)", "{:.1f}", _g("first_key_wall_ms"), ""),
    ("  slowest later key, CPU (ms) (GOAL)", "{:.1f}", _g("later_key_max_ms"), "< 20 ms"),
    ("  mean later key, CPU (ms)", "{:.1f}", _g("later_key_mean_ms"), ""),
    ("peak memory, first screen (MB)", "{:.0f}", _g("peak_mb"), ""),
    ("  vs the same at 2,000 (GOAL)", "{:.2f}x", _vs_base("peak_mb"), "<= 1.5x"),
    ("  in tmux, at the first screen (MB)", "{:.0f}", _g("tmux_peak_mb"), ""),
    ("clients --search (s)", "{:.2f}", _g("search_cli_s"), ""),
    ("  posture-tui --version (s)", "{:.2f}", _g("version_s"), ""),
    ("  ratio (GOAL)", "{:.2f}x", _r("search_cli_s", "version_s"), "<= 1.5x"),
    ("save, 30 earlier revisions (ms)", "{:.1f}", _g("save_ms"), ""),
    ("  same save, empty store (ms)", "{:.1f}", _g("save_empty_ms"), ""),
    ("  ratio (GOAL)", "{:.2f}x", _r("save_ms", "save_empty_ms"), "<= 1.25x"),
    ("first check, every record decoded (s)", "{:.1f}", _g("first_check_s"), ""),
    ("  peak memory of check (MB)", "{:.0f}", _g("check_peak_mb"), ""),
    ("  healthy", "{}", _g("check_healthy"), ""),
    ("full check, every byte read (s) (GOAL)", "{:.1f}", _g("check_s"), "< 60 s"),
    ("incremental check (s) (GOAL)", "{:.2f}", _g("incremental_s"), "< 2 s"),
    ("disk per revision (KB)", "{:.0f}", _k("revision_disk_bytes"), ""),
    ("  record file grows by (KB)", "{:.0f}", _k("record_growth_bytes"), ""),
    ("  the revision encoded (KB)", "{:.0f}", _k("revision_doc_bytes"), ""),
    ("  revision kept whole (GOAL: no)", "{}", _g("stored_whole"), "no"),
    ("idle terminal bytes (GOAL)", "{}", _g("idle_bytes"), "0"),
    ("store on disk (GB)", "{:.1f}", _g("store_gb"), ""),
    ("  record file, 3 visits (KB)", "{:.0f}", _g("record_kb"), ""),
    ("  built in (s, cached after)", "{:.0f}", _g("build_s"), ""),
    ("  measured in (s)", "{:.0f}", _g("measure_s"), ""),
]  # fmt: skip


def _cell(fmt: str, value: Any, figures: dict[str, Any], label: str) -> str:
    if value is None or value != value:
        if label.startswith("incremental") and figures and not figures.get("incremental_available"):
            return "n/a"
        if label.startswith("first check") and "check_peak_mb" in figures:
            return "> timeout"
        return "-"
    return fmt.format(value)


def growth_table(results: dict[int, dict[str, Any]], base: dict[str, Any]) -> str:
    sizes = sorted(results)
    width = 40
    head = f"{'figure':<{width}}" + "".join(f"{size:>12,}" for size in sizes) + "   goal"
    lines = [head, "-" * len(head)]
    for label, fmt, value, goal in FIGURES:
        cells = [_cell(fmt, value(results[s], base), results[s], label) for s in sizes]
        lines.append(f"{label:<{width}}" + "".join(f"{c:>12}" for c in cells) + f"   {goal}")
    return "\n".join(lines)


def goal_rows(size: int, f: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's goals at `size`, in the shape benchmarks/run.py prints."""
    n = f"{size:,}"
    rows: list[dict[str, Any]] = []

    def add(
        name: str, value: Any, unit: str, baseline: Any, goal: tuple[str, float] | None
    ) -> None:
        if value is None or value != value:
            rows.append({**row(name, 0.0, unit, None, goal), "value": None})
        else:
            rows.append(row(name, float(value), unit, baseline, goal))

    if "tmux_s" in f:
        add(
            f"scale: start-up in tmux, {n} clients",
            f["tmux_s"],
            "s",
            f["tmux_bare_s"],
            ("ratio", 1.5),
        )
    if "first_key_ms" in f:
        slowest = max(f["first_key_ms"], f["later_key_max_ms"])
        add(f"scale: slowest search key (first incl.), {n}", slowest, "ms", None, ("value", 20.0))
    if "peak_mb" in f and "peak_mb" in base:
        add(
            f"scale: peak memory, {n} vs 2,000", f["peak_mb"], "MB", base["peak_mb"], ("ratio", 1.5)
        )
    if "search_cli_s" in f:
        add(f"scale: clients --search, {n}", f["search_cli_s"], "s", f["version_s"], ("ratio", 1.5))
    if "save_ms" in f:
        add(
            f"scale: save, {n} + 30 revisions vs empty",
            f["save_ms"],
            "ms",
            f["save_empty_ms"],
            ("ratio", 1.25),
        )
    if "check_peak_mb" in f:
        add(f"scale: first check, {n} (no goal)", f.get("first_check_s"), "s", None, None)
        add(f"scale: full check, {n}", f.get("check_s"), "s", None, ("value", 60.0))
        add(f"scale: incremental check, {n}", f.get("incremental_s"), "s", None, ("value", 2.0))
    if "revision_disk_bytes" in f:
        add(
            f"scale: disk per revision, {n} (no goal)",
            f["revision_disk_bytes"] / 1000,
            "KB",
            None,
            None,
        )
        add(
            "scale: revision kept whole (goal 0 = no)",
            float(f["stored_whole"]),
            "",
            None,
            ("value", 0.0),
        )
    if "idle_bytes" in f:
        add(
            f"scale: idle terminal bytes in {f['idle_window_s']:g} s",
            f["idle_bytes"],
            "B",
            None,
            ("value", 0.0),
        )
    return rows


def run_sizes(options: argparse.Namespace) -> tuple[dict[int, dict[str, Any]], dict[str, Any]]:
    sizes = sorted(options.sizes)
    print(f"  store cache: {_bulkstore.cache_dir()}", flush=True)
    for size in sorted({*sizes, 2_000}):  # build (or find) every store before measuring
        _bulkstore.store(size)
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="posture-bench-home-") as folder:
        home = Path(folder)
        tmux = Tmux(home)
        try:
            for size in sizes:
                results[size] = measure(size, options, tmux, home)
            base = results.get(2_000)
            if base is None or "peak_mb" not in base:  # memory is compared with 2,000
                base = headless_startups(_bulkstore.store(2_000)[0], options.launches)
        finally:
            tmux.close()
    return results, base


def run() -> list[dict[str, Any]]:
    """For benchmarks/run.py (`make bench`): POSTURE_TUI_BENCH_SCALE=full|quick|off."""
    if os.environ.get("POSTURE_TUI_BENCH_SCALE") == "off":
        return []
    options = _options([])
    results, base = run_sizes(options)
    print()
    print(growth_table(results, base))
    largest = max(results)
    Path("bench-scale.json").write_text(
        json.dumps({str(k): v for k, v in results.items()}, indent=2, default=str) + "\n"
    )
    return goal_rows(largest, results[largest], base)


def main() -> int:
    from benchmarks.run import _format, _passed

    options = _options()
    results, base = run_sizes(options)
    print()
    print(growth_table(results, base))
    rows = goal_rows(max(results), results[max(results)], base)
    print()
    print(_format(rows))
    Path("bench-scale.json").write_text(
        json.dumps({str(k): v for k, v in results.items()}, indent=2, default=str) + "\n"
    )
    print("\nfigures written to bench-scale.json")
    return 0 if all(_passed(r) is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
