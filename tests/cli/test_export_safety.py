"""Issue 13, item 5 (and issue 16's `-o -`): `export -o` writes regular files only, never over
one without --force, and never through a device, pipe, folder or link."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from posture_tui.cli.main import run
from posture_tui.domain.assessment import AssessmentInput, Finding
from posture_tui.domain.records import Assessment, Client
from posture_tui.engine.analyze import analyze
from posture_tui.exports.api import ExportExistsError, write_private
from posture_tui.exports.errors import ExportError
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FINDINGS = (Finding("forward_head", 2),)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    repo = open_store(path)
    repo.save_client(Client(id="c-1", name="Zoë 山田", created=WHEN, updated=WHEN))
    repo.save_assessment(
        Assessment(
            id="a-1",
            client_id="c-1",
            therapist="dana",
            created=WHEN,
            updated=WHEN,
            findings=FINDINGS,
            analysis=analyze(load_knowledge(), AssessmentInput(findings=FINDINGS)),
        )
    )
    return path


def export(store: Path, *extra: str) -> int:
    return run(["export", "c-1", "--db", str(store), "--format", "md", *extra])


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("posture-tui: "), err
    assert "internal error" not in err and "Zoë" not in err
    return err


def test_an_existing_file_is_kept_unless_force(store, tmp_path, capsys):
    target = tmp_path / "note.md"
    target.write_text("the therapist's own file")
    assert export(store, "-o", str(target)) == 1
    assert "exists (use --force to replace it)" in one_line(capsys)
    assert target.read_text() == "the therapist's own file"
    assert export(store, "-o", str(target), "--force") == 0
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert capsys.readouterr().out.strip() == str(target.resolve())


def test_a_new_file_is_written_private(store, tmp_path, capsys):
    target = tmp_path / "new.md"
    assert export(store, "-o", str(target)) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_named_pipe_is_refused_and_never_opened(store, tmp_path, capsys, force):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert export(store, "-o", str(fifo), *(["--force"] if force else [])) == 1
    assert "it is a named pipe" in one_line(capsys)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_device_is_refused(store, tmp_path, capsys, force):
    """As root, renaming over /dev/null turned the device into a regular file. A device node of
    our own stands in for it (the test never points at /dev/null itself)."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    assert export(store, "-o", str(device), *(["--force"] if force else [])) == 1
    assert "it is a device" in one_line(capsys)
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_dev_null_is_refused_without_touching_it(store, capsys):
    before = os.lstat("/dev/null")
    assert export(store, "-o", "/dev/null") == 1
    assert "it is a device" in one_line(capsys)
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_folder_and_links_are_refused(store, tmp_path, capsys, force):
    folder = tmp_path / "folder"
    folder.mkdir()
    victim = tmp_path / "private.txt"
    victim.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "would-be-created")
    flag = ["--force"] if force else []
    assert export(store, "-o", str(folder), *flag) == 1
    assert "it is a folder" in one_line(capsys)
    for path in (link, dangling):
        assert export(store, "-o", str(path), *flag) == 1
        assert "it is a symbolic link" in one_line(capsys)
    assert victim.read_text() == "keep me" and link.is_symlink()
    assert not (tmp_path / "would-be-created").exists()


def test_a_file_appearing_meanwhile_is_not_overwritten(tmp_path, monkeypatch):
    """The check and the write are not one step: the write itself refuses an existing name."""
    import posture_tui.exports.api as api

    target = tmp_path / "race.md"
    real = api._existing

    def late(path: Path) -> os.stat_result | None:
        found = real(path)
        target.write_text("arrived meanwhile")
        return found

    monkeypatch.setattr(api, "_existing", late)
    with pytest.raises(ExportExistsError):
        write_private(target, b"export")
    assert target.read_text() == "arrived meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["race.md"]


def test_force_never_replaces_a_special_file_that_appeared_meanwhile(tmp_path, monkeypatch):
    import posture_tui.exports.api as api

    target = tmp_path / "race.md"
    target.write_text("old")
    calls: list[Path] = []
    real = api._existing

    def swap(path: Path) -> os.stat_result | None:
        calls.append(path)
        if len(calls) == 2:  # the second look, just before the rename
            target.unlink()
            os.mkfifo(target)
        return real(path)

    monkeypatch.setattr(api, "_existing", swap)
    with pytest.raises(ExportError, match="named pipe"):
        write_private(target, b"export", force=True)
    assert stat.S_ISFIFO(target.lstat().st_mode)


def test_the_default_folder_keeps_an_earlier_export(store, tmp_path, capsys):
    assert run(["export", "c-1", "--db", str(store), "--format", "html"]) == 0
    first = Path(capsys.readouterr().out.strip())
    assert run(["export", "c-1", "--db", str(store), "--format", "html"]) == 0
    second = Path(capsys.readouterr().out.strip())
    assert first != second and second.name == first.name.replace(".html", "-2.html")
    assert first.exists() and second.exists()
    assert run(["export", "c-1", "--db", str(store), "--format", "html", "--force"]) == 0
    assert Path(capsys.readouterr().out.strip()) == first


@pytest.mark.parametrize("fmt", ["md", "pdf", "json"])
def test_dash_is_standard_output(store, tmp_path, monkeypatch, capfdbinary, fmt):
    monkeypatch.chdir(tmp_path)
    assert run(["export", "c-1", "--db", str(store), "--format", fmt, "-o", "-"]) == 0
    out = capfdbinary.readouterr().out
    assert out.startswith({"md": b"# ", "pdf": b"%PDF", "json": b"{"}[fmt])
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "md", "--what", "note"],
        ["--format", "json"],
        ["--format", "pdf", "-o", "-"],
        ["--format", "html"],  # writes a file, then prints its path into the closed pipe
    ],
    ids=["md", "json", "pdf-stdout", "html-path"],
)
def test_a_closed_pipe_ends_quietly(store, tmp_path, args):
    """`posture-tui export ... | head -1`: the reader is gone before the output is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    done = subprocess.run(
        [sys.executable, "-m", "posture_tui", "export", "c-1", "--db", str(store), *args],
        stdout=write_end,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
        env={**os.environ, "POSTURE_TUI_EXPORTS": str(tmp_path / "exports")},
    )
    os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == 0
