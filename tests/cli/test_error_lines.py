"""Issue 13, item 10: every failure is one clear line with a non-zero status, never
`internal error PermissionError`, `NotADirectoryError`, `OSError` or `OverflowError`."""

from __future__ import annotations

import contextlib
import os
import pty
import pwd
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from posture_tui.cli.main import os_error_line, printable, run
from posture_tui.domain.records import Client
from posture_tui.domain.text import safe, unsafe_char
from posture_tui.store.repository import open_store

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SECRET = "Ann Lee HIV positive"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    repo = open_store(path)
    repo.save_client(Client(id="c-1", name=SECRET, created=WHEN, updated=WHEN))
    return path


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("posture-tui: "), err[:300]
    assert "internal error" not in err and "Traceback" not in err
    assert SECRET not in err
    assert len(err) < 500
    return err


@pytest.mark.parametrize(
    "argv",
    [
        ["clients"],
        ["check"],
        ["export", "c-1", "--format", "md"],
        ["demo", "--clients", "1"],
        ["import", "-"],
    ],
    ids=["clients", "check", "export", "demo", "import"],
)
def test_a_store_path_inside_a_file(tmp_path, capsys, argv):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    command, *rest = argv
    code = run([command, "--db", str(blocker / "store"), *rest])
    assert code != 0
    err = capsys.readouterr().err
    if command == "check":  # check reports what it found in its own words
        assert "internal error" not in err and "Traceback" not in err
    else:
        one_line(err)


@pytest.mark.parametrize("command", [["clients"], ["demo", "--clients", "1"], ["check"]])
def test_a_120_kb_path_is_one_short_line(tmp_path, capsys, command):
    huge = str(tmp_path / ("a" * 120_000))
    deep = str(tmp_path / "/".join(["a"] * 60_000))
    for path in (huge, deep):
        code = run([command[0], "--db", path, *command[1:]])
        assert code != 0
        err = one_line(capsys.readouterr().err)
        assert "too long" in err or "no store at" in err


def test_demo_with_a_history_too_long_for_the_calendar(tmp_path, capsys):
    """--assessments 100000 put the first visit before year 1 (OverflowError in timedelta)."""
    code = run(["demo", "--db", str(tmp_path / "s"), "--clients", "1", "--assessments", "100000"])
    assert code == 2
    assert "--assessments" in one_line(capsys.readouterr().err)
    code = run(["demo", "--db", str(tmp_path / "s"), "--clients", "1", "--assessments", "500"])
    assert code == 0


def test_an_os_error_line_names_the_path_shortened_and_the_reason() -> None:
    error = OSError(36, "File name too long", "x" * 120_000)
    line = os_error_line(error)
    assert "the path is too long" in line and "(120000 characters)" in line and len(line) < 150
    assert os_error_line(PermissionError(13, "Permission denied", "/srv/s")) == (
        "/srv/s: permission denied"
    )
    assert len(printable("y" * 10_000)) < 500


def test_an_unexpected_overflow_is_one_line(monkeypatch, capsys):
    import posture_tui.cli.store_cmds as store_cmds

    def overflow(args: object) -> int:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(store_cmds, "run_clients", overflow)
    assert run(["clients"]) == 2
    assert one_line(capsys.readouterr().err) == "posture-tui: a number given is out of range\n"


# --- as another user ---------------------------------------------------------------------------
# As root every permission check passes, so the unreadable store is tried by a second user,
# created here. That user cannot start Python (it lives under /root here), so the command runs
# in a forked copy of this process that drops to the user's ids after its modules are loaded.


@pytest.fixture(scope="module")
def other_user() -> Iterator[tuple[int, int]]:
    if os.geteuid() != 0:
        pytest.skip("needs root to create a second user (as that user, run the test directly)")
    if shutil.which("useradd") is None:
        pytest.skip("useradd is not available to create a second user")
    name = f"ptui-err{os.getpid() % 100000}"
    made = subprocess.run(
        ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"useradd failed: {made.stderr.decode(errors='replace').strip()}")
    try:
        entry = pwd.getpwnam(name)
        yield entry.pw_uid, entry.pw_gid
    finally:
        subprocess.run(["userdel", name], capture_output=True, check=False)


def run_as(user: tuple[int, int], argv: list[str], *, terminal: bool = False) -> tuple[int, str]:
    """Run the command line as `user` in a fork of this process; (status, what it printed)."""
    if terminal:
        pid, fd = pty.fork()
    else:
        fd, write_end = os.pipe()
        pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        code = 99
        try:
            if not terminal:
                os.close(fd)
                os.dup2(write_end, 1)
                os.dup2(write_end, 2)
            # pytest's capture objects stand in for these: the child writes to the real ones.
            sys.stdin = open(0, closefd=False)  # noqa: SIM115
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            os.setgroups([])
            os.setgid(user[1])
            os.setuid(user[0])
            code = run(argv)
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    if not terminal:
        os.close(write_end)
    seen = bytearray()
    deadline = time.monotonic() + 30
    status = None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            seen.extend(chunk)
            if chunk:
                continue
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
        raise AssertionError("the command did not end (did the workstation start?)")
    os.close(fd)
    assert status is not None
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace").replace("\r", "")


@pytest.fixture
def private_store(store: Path, tmp_path: Path) -> Path:
    """The store in a folder the other user can reach, the store itself root's own (0700)."""
    tmp_path.chmod(0o755)
    store.chmod(0o700)
    return store


def test_a_store_the_user_cannot_read(other_user, private_store, capsys):
    run(["clients", "--db", str(private_store)])  # loads the modules the child will need
    capsys.readouterr()
    for argv in (
        ["clients"],
        ["check"],
        ["export", "c-1", "--format", "md"],
        ["demo", "--clients", "1"],
    ):
        command, *rest = argv
        code, err = run_as(other_user, [command, "--db", str(private_store), *rest])
        assert code != 0, argv
        err = one_line(err)
        assert "permission denied" in err.lower() or "cannot be read" in err, err


def test_the_workstation_refuses_a_store_it_cannot_write(other_user, store, tmp_path, capsys):
    """A store readable but not writable by this user (a colleague's chmod 755, a read-only
    mount): the workstation would lose the unsaved client, so it does not start."""
    tmp_path.chmod(0o755)
    for folder in (store, *[p for p in store.rglob("*") if p.is_dir()]):
        folder.chmod(0o755)
    for file in (p for p in store.rglob("*") if p.is_file()):
        file.chmod(0o644)
    run(["clients", "--db", str(store)])
    capsys.readouterr()
    code, out = run_as(other_user, ["start", "--db", str(store)], terminal=True)
    assert code == 1
    line = one_line(out.strip().splitlines()[-1] + "\n")
    assert "cannot be written by you" in line or "permission denied" in line, line


def test_a_read_only_store_is_refused_before_the_workstation_starts(store, monkeypatch):
    """A read-only mount (EROFS) cannot be made as root in a test: the probe is told so."""
    import errno

    from posture_tui.cli.errors import CliError
    from posture_tui.cli.start_cmd import check_writable

    repo = open_store(store)
    check_writable(repo)  # writable: nothing left behind
    assert list(repo.layout.drafts.iterdir()) == []
    real_open = os.open

    def read_only(path: object, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(repo.layout.drafts)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(CliError) as raised:
        check_writable(repo)
    assert raised.value.code == 1
    assert "cannot be written by you (read-only file system)" in str(raised.value)


@pytest.mark.parametrize(
    "hostile", ["\u202e", "\u2066", "\x1b]0;owned\x07", "\x9b2J", "\n", "\ud800"]
)
def test_an_error_line_passes_through_the_one_sanitiser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile: str
) -> None:
    """A path (or anything a message quotes) with a bidi override, an escape, a C1 control, a
    line break or a lone surrogate is written as U+FFFD, as everywhere else on the terminal."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    code = run(["clients", "--db", str(blocker / f"store{hostile}name")])
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1
    line = err.removesuffix("\n")
    assert unsafe_char(line) is None and "\n" not in line
    assert f"store{safe(hostile)}name" in line and "\ufffd" in line
    assert printable(f"a{hostile}b") == f"a{safe(hostile)}b"
