"""A real full disk (a small tmpfs, so root only): at every amount of free space, an import
either stores its client and says so, or stores nothing, says so in one line and exits non-zero;
the next command replays nothing, and the retry once there is space stores exactly one client.
The long run also runs out of inodes instead of bytes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.hostile.conftest import size, store_problems

from posture_tui.cli.main import run

PAGE = 4096
DOC = {
    "client": {"name": "Full Disk", "birth_date": "1970-01-02", "notes": "PRIVATE-NOTE"},
    "assessment": {"findings": [{"item": "forward_head", "severity": 2}]},
}


def _mount(point: Path, options: str) -> bool:
    point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    point = tmp_path / "disk"
    if not _mount(point, "size=2m,mode=0700"):
        pytest.skip("this system does not let the tests mount a tmpfs")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _clients(capsys: pytest.CaptureFixture[str], db: str) -> int:
    code, out, _ = _cli(capsys, "clients", "--db", db, "--format", "json")
    assert code == 0, out
    return len(json.loads(out))


def _fill(point: Path, leave_pages: int) -> Path:
    """Fill the disk, then free `leave_pages` pages of it again."""
    filler = point / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        block = b"\0" * (64 * 1024)
        while True:
            try:
                os.write(fd, block)
            except OSError:
                break
        while True:
            try:
                os.write(fd, b"\0" * PAGE)
            except OSError:
                break
        os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave_pages * PAGE))
    finally:
        os.close(fd)
    return filler


def test_import_at_every_amount_of_free_space(
    disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "doc.json"
    document.write_text(json.dumps(DOC), encoding="utf-8")
    stored_at_once = failed = 0
    for pages in range(size(10, 24)):
        db = str(disk / f"store-{pages}")
        assert _cli(capsys, "import", str(document), "--db", db)[0] == 0
        filler = _fill(disk, pages)
        code, out, err = _cli(capsys, "import", str(document), "--db", db)
        filler.unlink()
        if code == 0:
            stored_at_once += 1
            assert _clients(capsys, db) == 2, pages
        else:
            failed += 1
            assert out == "" and err.count("\n") == 1, (pages, err)
            assert "No space left on device" in err and "nothing was stored" in err, err
            assert "PRIVATE" not in err
            assert _clients(capsys, db) == 1, pages  # not replayed by the next command
            assert _cli(capsys, "import", str(document), "--db", db)[0] == 0
            assert _clients(capsys, db) == 2, pages  # the retry stored exactly one
        assert store_problems(Path(db)) == [], pages
        shutil.rmtree(db)
    assert stored_at_once, "the last amount of free space is enough for an import"
    assert failed, "the first amounts of free space are too little for one"


def test_import_when_the_inodes_run_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    document = tmp_path / "doc.json"
    document.write_text(json.dumps(DOC), encoding="utf-8")
    failed = 0
    for spare in range(size(3, 10)):
        point = tmp_path / f"inodes-{spare}"
        if not _mount(point, "size=4m,nr_inodes=64,mode=0700"):
            pytest.skip("this system does not let the tests mount a tmpfs")
        try:
            db = str(point / "store")
            assert _cli(capsys, "import", str(document), "--db", db)[0] == 0
            made = []
            while True:  # use up every inode, then give `spare` back
                try:
                    path = point / f"f{len(made)}"
                    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
                    made.append(path)
                except OSError:
                    break
            for path in made[: spare + 1]:
                path.unlink()
            code, _, err = _cli(capsys, "import", str(document), "--db", db)
            for path in made[spare + 1 :]:
                path.unlink()
            expected = 2 if code == 0 else 1
            if code:
                failed += 1
                assert err.count("\n") == 1 and "nothing was stored" in err, err
            assert _clients(capsys, db) == expected, spare
            if code:
                assert _cli(capsys, "import", str(document), "--db", db)[0] == 0
                assert _clients(capsys, db) == 2
            assert store_problems(Path(db)) == [], spare
        finally:
            subprocess.run(["umount", "-l", str(point)], check=False)
    assert failed, "with no inode to spare an import fails"
