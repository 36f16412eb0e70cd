"""The store never follows a symlink it did not make, never opens a special file (issue 13).

Each attack from the issue as a test: a dangling `.lock` symlink into a colleague's victim's home
(as two unprivileged users in one clinic group, when running as root), a client file symlinked
to a private file and `check --repair`, `audit.log` through a symlink, a client file that is a
symlink to /dev/zero, a FIFO, JSON nested 100,000 deep, an oversized file, a folder where a file
belongs. Commands run in a subprocess with a generous timeout must end on their own.
"""

from __future__ import annotations

import contextlib
import grp
import json
import os
import resource
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from attrs import evolve, frozen

from posture_tui.store.check import check_store, repair_store
from posture_tui.store.errors import StoreError
from posture_tui.store.permissions import Permissions, apply
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.store.safefile import MAX_DEPTH, MAX_FILE_BYTES, RefusedFileError, check_depth

from .conftest import TickingClock
from .helpers import make_client

ROOT = os.geteuid() == 0
TIMEOUT = 60.0  # generous for a loaded machine; every command must end long before it


def _store(store_dir: Path, clock: TickingClock, group: str | None = None) -> TinyRepository:
    repo = open_store(store_dir, shared_group=group, clock=clock)
    saved = repo.save_client(make_client())
    repo.save_client(evolve(saved, complaints="again"))  # a backup of the client file
    return repo


def _cli(*args: str, limit_memory: bool = True) -> subprocess.CompletedProcess[str]:
    """Run posture-tui; the command must end on its own, within 1 GiB of address space."""

    def limit() -> None:
        if limit_memory:
            gib = 1024**3
            resource.setrlimit(resource.RLIMIT_AS, (gib, gib))

    try:
        return subprocess.run(
            [sys.executable, "-m", "posture_tui", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            preexec_fn=limit,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"posture-tui {' '.join(args)} hung for {TIMEOUT:g} s")


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text and "RecursionError" not in text
    return lines[0]


def _fingerprint(path: Path) -> tuple[int, int, int, bytes]:
    info = path.lstat()
    return stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid, path.read_bytes()


# ---------------------------------------------------------------- the lock file


def test_a_dangling_lock_symlink_is_refused_and_nothing_is_created(
    store_dir: Path, clock: TickingClock, tmp_path: Path
) -> None:
    _store(store_dir, clock)
    target = tmp_path / "home" / ".bash_aliases"
    target.parent.mkdir()
    (store_dir / ".lock").unlink()
    (store_dir / ".lock").symlink_to(target)
    with pytest.raises(RefusedFileError, match=r"\.lock is a symlink"):
        open_store(store_dir)
    result = _cli("clients", "--db", str(store_dir))
    assert result.returncode == 1
    assert ".lock is a symlink" in _one_line(result.stderr)
    assert not target.exists()


def test_a_lock_swapped_for_a_symlink_after_opening_stops_the_write(
    store_dir: Path, clock: TickingClock, tmp_path: Path
) -> None:
    repo = _store(store_dir, clock)
    target = tmp_path / "elsewhere"
    (store_dir / ".lock").unlink()
    (store_dir / ".lock").symlink_to(target)
    with pytest.raises(StoreError, match=r"\.lock is a symlink") as caught:
        repo.save_client(make_client("c-two", "Two"))
    assert "\n" not in str(caught.value)
    assert not target.exists()
    assert not (store_dir / "clients" / "c-two.json").exists()


def test_repair_moves_the_lock_symlink_aside(store_dir: Path, clock: TickingClock) -> None:
    _store(store_dir, clock)
    (store_dir / ".lock").unlink()
    (store_dir / ".lock").symlink_to(store_dir.parent / "nowhere")
    assert any(".lock: is a symlink" in str(p) for p in check_store(store_dir).problems)
    report = repair_store(store_dir)
    assert report.problems == []
    assert (store_dir / ".lock").is_file() and not (store_dir / ".lock").is_symlink()
    assert not (store_dir.parent / "nowhere").exists()
    open_store(store_dir).save_client(make_client("c-two", "Two"))


def test_a_symlinked_store_folder_is_refused(
    store_dir: Path, clock: TickingClock, tmp_path: Path
) -> None:
    _store(store_dir, clock)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(store_dir / "drafts")
    (store_dir / "drafts").symlink_to(outside)
    with pytest.raises(RefusedFileError, match="drafts is a symlink"):
        open_store(store_dir)
    report = repair_store(store_dir)
    assert report.problems == []
    assert (store_dir / "drafts").is_dir() and not (store_dir / "drafts").is_symlink()
    assert list(outside.iterdir()) == []


# ---------------------------------------------------------------- permissions and repair


def test_repair_never_changes_a_private_file_a_client_file_points_to(
    store_dir: Path, clock: TickingClock, tmp_path: Path
) -> None:
    group = grp.getgrgid(os.getgid()).gr_name
    _store(store_dir, clock, group)
    private = tmp_path / "home" / "private.txt"
    private.parent.mkdir()
    private.write_text("mine\n")
    os.chmod(private, 0o600)
    if ROOT:  # a group the repair would chown it away from, were it followed
        with contextlib.suppress(KeyError):
            os.chown(private, -1, grp.getgrnam("nogroup").gr_gid)
    before = _fingerprint(private)
    client = store_dir / "clients" / "c-anna.json"
    client.unlink()
    client.symlink_to(private)
    problems = [str(p) for p in check_store(store_dir).problems]
    assert f"{client}: is a symlink (the store never follows one)" in problems
    started = time.monotonic()
    report = repair_store(store_dir)
    assert time.monotonic() - started < TIMEOUT
    assert report.problems == []
    assert _fingerprint(private) == before
    assert not client.is_symlink()  # restored from its backup, the symlink kept aside
    assert open_store(store_dir).get_client("c-anna").id == "c-anna"
    kept = list((store_dir / "backups" / "clients").glob("c-anna.json.damaged-*"))
    assert len(kept) == 1 and kept[0].is_symlink()


def test_apply_leaves_symlinks_and_special_files_untouched(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.write_text("x")
    os.chmod(private, 0o600)
    link = tmp_path / "link"
    link.symlink_to(private)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o644)
    perms = Permissions(0o2770, 0o660, os.getgid(), grp.getgrgid(os.getgid()).gr_name)
    apply(link, perms, is_dir=False)
    apply(fifo, perms, is_dir=False)
    apply(link, perms, is_dir=True)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(fifo.lstat().st_mode) == 0o644


def test_sharing_a_store_never_chmods_through_a_symlink(
    store_dir: Path, clock: TickingClock, tmp_path: Path
) -> None:
    _store(store_dir, clock)
    private = tmp_path / "private"
    private.write_text("x")
    os.chmod(private, 0o600)
    (store_dir / "backups" / "clients" / "c-anna.json.3").symlink_to(private)
    open_store(store_dir, shared_group=grp.getgrgid(os.getgid()).gr_name)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


# ---------------------------------------------------------------- the audit log


def test_audit_log_is_never_written_through_a_symlink(
    store_dir: Path, clock: TickingClock, tmp_path: Path
) -> None:
    repo = _store(store_dir, clock)
    target = tmp_path / "victim-file"
    target.write_text("untouched\n")
    audit_log = store_dir / "audit.log"
    audit_log.unlink()
    audit_log.symlink_to(target)
    with pytest.raises(StoreError, match=r"audit\.log is a symlink") as caught:
        repo.save_client(make_client("c-two", "Two"))
    assert "\n" not in str(caught.value)
    assert target.read_text() == "untouched\n"
    assert "c-two" not in {s.id for s in repo.list_clients()}  # rolled back
    report = repair_store(store_dir)
    assert report.problems == [] and target.read_text() == "untouched\n"
    open_store(store_dir).save_client(make_client("c-two", "Two"))
    assert audit_log.is_file() and not audit_log.is_symlink()


def test_audit_log_that_is_a_fifo_never_hangs(store_dir: Path, clock: TickingClock) -> None:
    _store(store_dir, clock)
    (store_dir / "audit.log").unlink()
    os.mkfifo(store_dir / "audit.log")
    result = _cli("audit", "--db", str(store_dir))
    assert result.returncode != 0
    assert "audit.log is a FIFO" in _one_line(result.stderr)
    with pytest.raises(StoreError, match=r"audit\.log is a FIFO"):
        open_store(store_dir).save_client(make_client("c-two", "Two"))


def test_a_save_refused_by_a_fifo_audit_log_leaves_no_journal(
    store_dir: Path, clock: TickingClock
) -> None:
    """The rollback has nothing to cut from a FIFO (it never opens one): the journal goes, and
    the next command works and sees the store as it was."""
    _store(store_dir, clock)
    audit_log = store_dir / "audit.log"
    audit_log.unlink()
    os.mkfifo(audit_log)
    with pytest.raises(StoreError, match=r"audit\.log is a FIFO"):
        open_store(store_dir, clock=clock).save_client(make_client("c-two", "Two"))
    assert not (store_dir / "journal.json").exists()
    assert [s.id for s in open_store(store_dir, clock=clock).list_clients()] == ["c-anna"]
    kinds = [p.kind for p in check_store(store_dir).problems if p.path == audit_log]
    assert len(kinds) == 1 and all("journal" not in str(p) for p in check_store(store_dir).problems)
    repair_store(store_dir)
    open_store(store_dir, clock=clock).save_client(make_client("c-two", "Two"))
    assert stat.S_ISREG(audit_log.lstat().st_mode)


# ---------------------------------------------------------------- special files, size, nesting


def test_a_client_file_symlinked_to_dev_zero_ends_quickly(
    store_dir: Path, clock: TickingClock
) -> None:
    _store(store_dir, clock)
    client = store_dir / "clients" / "c-anna.json"
    client.unlink()
    client.symlink_to("/dev/zero")
    result = _cli("export", "c-anna", "--format", "json", "--db", str(store_dir))
    assert result.returncode != 0
    assert "c-anna.json is a symlink" in _one_line(result.stderr)
    result = _cli("check", "--db", str(store_dir))
    assert result.returncode == 1
    assert f"problem: {client}: is a symlink" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_client_file_never_hangs(store_dir: Path, clock: TickingClock) -> None:
    _store(store_dir, clock)
    client = store_dir / "clients" / "c-anna.json"
    client.unlink()
    os.mkfifo(client)
    with pytest.raises(RefusedFileError, match="is a FIFO"):
        open_store(store_dir).get_client("c-anna")
    result = _cli("check", "--db", str(store_dir))
    assert result.returncode == 1
    assert f"{client}: is a FIFO" in result.stdout + result.stderr
    result = _cli("check", "--repair", "--db", str(store_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert client.is_file()  # restored from its backup


def test_a_fifo_index_shard_never_hangs(store_dir: Path, clock: TickingClock) -> None:
    _store(store_dir, clock)
    shard = next((store_dir / "index").glob("*.json"))
    shard.unlink()
    os.mkfifo(shard)
    result = _cli("clients", "--db", str(store_dir))
    assert result.returncode != 0
    assert "is a FIFO" in _one_line(result.stderr)
    assert repair_store(store_dir).problems == []
    assert [s.id for s in open_store(store_dir).list_clients()] == ["c-anna"]


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_a_device_node_is_never_opened(store_dir: Path, clock: TickingClock) -> None:
    _store(store_dir, clock)
    meta = store_dir / "store.json"
    meta.unlink()
    zero = os.stat("/dev/zero").st_rdev
    try:
        os.mknod(meta, 0o600 | stat.S_IFCHR, zero)
    except PermissionError:
        pytest.skip("this container may not make device nodes")
    result = _cli("clients", "--db", str(store_dir))
    assert result.returncode != 0
    assert "store.json is a device" in _one_line(result.stderr)
    assert repair_store(store_dir).problems == []
    assert meta.is_file()


def test_json_nested_100000_deep_is_one_line(store_dir: Path, clock: TickingClock) -> None:
    _store(store_dir, clock)
    client = store_dir / "clients" / "c-anna.json"
    client.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    result = _cli("check", "--db", str(store_dir))
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert f"{client}: is nested too deeply (more than {MAX_DEPTH} levels)" in out
    assert "RecursionError" not in out and "Traceback" not in out
    with pytest.raises(RefusedFileError) as caught:
        open_store(store_dir).get_client("c-anna")
    assert "\n" not in str(caught.value)


def test_an_oversized_file_is_refused_without_reading_it(
    store_dir: Path, clock: TickingClock
) -> None:
    _store(store_dir, clock)
    client = store_dir / "clients" / "c-anna.json"
    with client.open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    problems = [str(p) for p in check_store(store_dir).problems]
    assert f"{client}: is too large (64.0 MiB; the limit is 64 MiB)" in problems
    assert repair_store(store_dir).problems == []
    assert client.stat().st_size < 1024 * 1024


def test_a_folder_where_a_file_belongs(store_dir: Path, clock: TickingClock) -> None:
    _store(store_dir, clock)
    (store_dir / "journal.json").mkdir()
    (store_dir / "clients" / "c-dir.json").mkdir()
    problems = [str(p) for p in check_store(store_dir).problems]
    assert f"{store_dir / 'journal.json'}: is a folder where a file belongs" in problems
    assert f"{store_dir / 'clients' / 'c-dir.json'}: is a folder where a file belongs" in problems
    assert repair_store(store_dir).problems == []


# ---------------------------------------------------------------- the nesting limit itself


@pytest.mark.parametrize(
    "depth, refused", [(1, False), (MAX_DEPTH, False), (MAX_DEPTH + 1, True), (100_000, True)]
)
def test_check_depth_counts_arrays_and_objects(tmp_path: Path, depth: int, refused: bool) -> None:
    value: object = 1
    for level in range(depth - 1 if depth < 1000 else 0):
        value = [value] if level % 2 else {"k[{": value, 'q\\"[': "]]}\\"}
    raw = json.dumps(value).encode() if depth < 1000 else b"[" * depth + b"]" * depth
    if depth < 1000:
        raw = b"[" + raw + b"]"
    if refused:
        with pytest.raises(RefusedFileError, match="nested too deeply"):
            check_depth(tmp_path / "x.json", raw)
    else:
        check_depth(tmp_path / "x.json", raw)
        json.loads(raw)


def test_brackets_inside_strings_do_not_count(tmp_path: Path) -> None:
    text = json.dumps({"note": "[" * 10_000 + '\\"{' * 5_000, "list": [1, 2, [3]]})
    check_depth(tmp_path / "x.json", text.encode())


# ---------------------------------------------------------------- two unprivileged users


@frozen
class Clinic:
    base: Path
    group: str
    victim: str
    colleague: str
    home: Path
    store: Path


def _admin(*argv: str) -> None:
    for attempt in range(20):  # useradd may find /etc/passwd locked by a parallel test
        result = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT)
        if result.returncode == 0:
            return
        time.sleep(0.05 * (attempt + 1))
    pytest.skip(f"{argv[0]} failed: {result.stderr.strip()}")


@pytest.fixture
def clinic(clock: TickingClock) -> Iterator[Clinic]:
    if not ROOT:
        pytest.skip("creating the victim's and the colleague's accounts needs root")
    tools = ("useradd", "userdel", "groupadd", "groupdel", "runuser")
    if not all(shutil.which(tool) for tool in tools):
        pytest.skip("useradd, groupadd or runuser is missing")
    tag = f"{os.getpid() % 100_000}{secrets.token_hex(2)}"
    group, victim, colleague = f"ptc{tag}", f"ptv{tag}", f"ptk{tag}"
    base = Path(tempfile.mkdtemp(prefix="posture-no-follow-"))
    made: list[tuple[str, str]] = []
    try:
        os.chmod(base, 0o711)
        _admin("groupadd", group)
        made.append(("groupdel", group))
        for user in (victim, colleague):
            _admin("useradd", "-M", "-N", "-G", group, "-d", str(base / user), user)
            made.append(("userdel", user))
        home = base / victim
        home.mkdir(mode=0o700)
        shutil.chown(home, victim)
        store = base / "store"
        _store(store, clock, group)
        for folder, _, files in os.walk(store):
            for name in [".", *files]:
                os.lchown(Path(folder, name), pwd_uid(victim), -1)
        yield Clinic(base, group, victim, colleague, home, store)
    finally:
        for tool, name in reversed(made):
            subprocess.run([tool, name], capture_output=True, timeout=TIMEOUT)
        shutil.rmtree(base, ignore_errors=True)


def pwd_uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def _as(user: str, home: Path, *argv: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        **extra,
    }
    try:
        return subprocess.run(
            ["runuser", "-u", user, "--", *argv],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(argv)} as {user} hung for {TIMEOUT:g} s")


def _python_for(user: str, home: Path) -> tuple[str, dict[str, str]]:
    """An interpreter the unprivileged user can run (this one may live in root's home), with
    this checkout on its path; skip if there is none."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = Path(sys.prefix, "lib", version, "site-packages")
    src = Path(__file__).resolve().parents[2] / "src"
    path = {"PYTHONPATH": f"{src}:{site}"}
    for python, env in (
        (sys.executable, {}),
        (f"/usr/bin/{version}", path),
        ("/usr/bin/python3", path),
    ):
        if os.path.exists(python):
            probe = _as(user, home, python, "-c", "import posture_tui.cli.main", **env)
            if probe.returncode == 0:
                return python, env
    pytest.skip("no Python interpreter an unprivileged user may run can import this checkout")


def test_a_colleague_cannot_plant_a_file_in_the_victims_home(clinic: Clinic) -> None:
    aliases = clinic.home / ".bash_aliases"
    planted = _as(
        clinic.colleague,
        clinic.base,
        "sh",
        "-c",
        f'rm -f "{clinic.store}/.lock" && ln -s "{aliases}" "{clinic.store}/.lock"',
    )
    assert planted.returncode == 0, planted.stderr
    python, env = _python_for(clinic.victim, clinic.home)

    def victim(*args: str) -> subprocess.CompletedProcess[str]:
        argv = (python, "-m", "posture_tui", *args, "--db", str(clinic.store))
        return _as(clinic.victim, clinic.home, *argv, **env)

    result = victim("clients")
    assert result.returncode == 1
    assert ".lock is a symlink" in _one_line(result.stderr)
    assert not os.path.lexists(aliases)
    repaired = victim("check", "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert not os.path.lexists(aliases)
    listed = victim("clients")
    assert listed.returncode == 0 and "c-anna" in listed.stdout
    lock = (clinic.store / ".lock").lstat()
    assert stat.S_ISREG(lock.st_mode) and lock.st_uid == pwd_uid(clinic.victim)
    assert lock.st_gid == grp.getgrnam(clinic.group).gr_gid
