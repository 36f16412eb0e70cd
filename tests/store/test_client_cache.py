"""The client list's SQLite copy of the index (issue 17): it answers exactly as the shards do,
sees every save of any session at the next listing, is private, and a damaged or missing copy
is rebuilt from the shards without a word to the therapist."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posture_tui.store.api import ClientPage, ClientSummary
from posture_tui.store.check import check_store, repair_store
from posture_tui.store.core import seen
from posture_tui.store.repository import TinyRepository, open_store

from .conftest import TickingClock
from .helpers import START, make_assessment, make_client

NAMES = ["Anna Zoë Müller", "Bo Ek", "Zoe Mills", "Ånund Berg", "Marie-Anne O'Neil", "Li Wei"]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("POSTURE_TUI_NO_CACHE", raising=False)
    return folder / "posture-tui" / "clients"


def _from_shards(repo: TinyRepository, query: str, limit: int | None) -> ClientPage:
    every = sorted(repo.list_clients(), key=seen, reverse=True)
    found = sorted(repo.list_clients(query), key=seen, reverse=True) if query else every
    return ClientPage(tuple(found if limit is None else found[:limit]), len(found), len(every))


def _fill(repo: TinyRepository, count: int) -> None:
    for number in range(count):
        name = f"{NAMES[number % len(NAMES)]} {number}"
        repo.save_client(make_client(f"c-{number:04d}", name))


@pytest.mark.parametrize("query", ["", "an", "anna", "zoe", "ZOË", "mü", "1980", "02.04.1980",
                                   "o'n", "bo 1", "nobody", "a b c",
                                   # a long word beside one- and two-letter ones (marked letters)
                                   "anna z", "anna zo", "müller ö", "zoe mi 4", "berg å 3",
                                   "marie-anne '", 'marie "', "anne -a", "wei l", "1980 02",
                                   "ann nn", "mill 5 x"])  # fmt: skip
def test_the_copy_answers_as_the_shards_do(repo: TinyRepository, query: str) -> None:
    _fill(repo, 60)
    for limit in (5, 24, None):
        assert repo.client_page(query, limit) == _from_shards(repo, query, limit)


def test_a_save_by_another_session_shows_at_the_next_listing(
    store_dir: Path, clock: TickingClock
) -> None:
    mine = open_store(store_dir, clock=clock)
    _fill(mine, 10)
    assert mine.client_page("ola", 24).matched == 0
    theirs = open_store(store_dir, clock=clock)
    theirs.save_client(make_client("c-new", "Ola Nordmann"))
    page = mine.client_page("ola", 24)
    assert [row.name for row in page.rows] == ["Ola Nordmann"] and page.total == 11
    theirs.delete_client("c-new")
    assert mine.client_page("ola", 24).matched == 0
    # the other session brings the copy up to date first: mine reads what it wrote
    theirs.save_client(make_client("c-two", "Ola Two"))
    assert theirs.client_page("ola", 24).matched == 1
    assert [row.name for row in mine.client_page("ola", 24).rows] == ["Ola Two"]
    theirs.delete_client("c-two")
    assert theirs.client_page("ola", 24).matched == 0
    assert mine.client_page("ola", 24).matched == 0


def test_a_visit_moves_the_client_to_the_top(repo: TinyRepository) -> None:
    _fill(repo, 30)
    repo.save_assessment(make_assessment("c-0003", created=START + timedelta(days=400)))
    assert repo.client_page("", 3).rows[0].id == "c-0003"


def test_a_common_letter_counts_to_a_cap_and_shows_the_most_recent(
    repo: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posture_tui.store import client_query

    monkeypatch.setattr(client_query, "COUNT_CAP", 20)
    _fill(repo, 60)
    page = repo.client_page("a", 5)
    assert page.more and page.matched == 20 and page.total == 60
    assert page.rows == _from_shards(repo, "a", 5).rows


def test_the_copy_is_private_and_a_damaged_copy_is_rebuilt(
    repo: TinyRepository, _own_cache: Path, clock: TickingClock
) -> None:
    _fill(repo, 8)
    repo.client_page("", 24)
    (copy,) = _own_cache.glob("*.sqlite")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(_own_cache.stat().st_mode) == 0o700
    for extra in _own_cache.glob("*.sqlite-*"):
        extra.unlink()
    copy.write_bytes(b"not a database at all" * 100)
    fresh = open_store(repo.path, clock=clock)
    assert fresh.client_page("bo", 24) == _from_shards(repo, "bo", 24)


def test_without_a_cache_folder_the_shards_answer(
    repo: TinyRepository, monkeypatch: pytest.MonkeyPatch, _own_cache: Path
) -> None:
    monkeypatch.setenv("POSTURE_TUI_NO_CACHE", "1")
    _fill(repo, 12)
    assert repo.client_page("zoe", 24) == _from_shards(repo, "zoe", 24)
    assert not _own_cache.exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["save", "delete", "rename"]), st.integers(0, 9)), max_size=12
    ),
    query=st.sampled_from(["", "a", "an", "ek", "zoe 1", "1980"]),
)
def test_any_run_of_saves_and_deletes_lists_as_the_shards_do(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int]], query: str
) -> None:
    repo = open_store(tmp_path_factory.mktemp("store") / "s", clock=TickingClock())
    _fill(repo, 10)
    for action, number in steps:
        client_id = f"c-{number:04d}"
        exists = any(row.id == client_id for row in repo.list_clients())
        if action == "delete" and exists:
            repo.delete_client(client_id)
        elif action == "rename" and exists:
            client = repo.get_client(client_id)
            repo.save_client(evolve(client, name=f"Renamed Ek {number}"))
        elif action == "save" and not exists:
            repo.save_client(make_client(client_id, f"Again Ann {number}"))
        assert repo.client_page(query, 4) == _from_shards(repo, query, 4)


def test_a_temp_file_left_in_the_client_folder_is_reported_and_repaired(
    repo: TinyRepository,
) -> None:
    """Opening a large store no longer lists the client folder; `check` still finds what a
    cut write left there, and `--repair` removes it."""
    _fill(repo, 3)
    leftover = repo.layout.clients / ".c-0001.json.999.abcd.tmp"
    leftover.write_text("half")
    assert [row.id for row in open_store(repo.path).list_clients()]  # opens and lists
    assert {p.path for p in check_store(repo.path).problems} == {leftover}
    report = repair_store(repo.path)
    assert report.problems == [] and not leftover.exists()


def test_rows_carry_every_column_of_the_list(repo: TinyRepository) -> None:
    repo.save_client(make_client("c-demo", "Demo Person", synthetic=True))
    repo.save_assessment(make_assessment("c-demo"))
    (row,) = repo.client_page("demo", 24).rows
    expected: ClientSummary = next(s for s in repo.list_clients() if s.id == "c-demo")
    assert row == expected and row.synthetic and row.assessments == 1
    assert os.environ["XDG_CACHE_HOME"]


@pytest.mark.parametrize(
    "query",
    ["ab\x00cd", "\x00", 'mar"ie', '"""', "AND OR NOT", "ma*", "(((", "NEAR(a b)", "x" * 300],
)
def test_any_typed_text_answers_as_the_shards_do_and_keeps_the_copy(
    repo: TinyRepository, query: str, _own_cache: Path
) -> None:
    """Search syntax, quotes and control characters are text to find, never a query that
    fails: the copy answers (it is not thrown away and rebuilt) and agrees with the shards."""
    _fill(repo, 12)
    repo.client_page("", 5)
    (copy,) = _own_cache.glob("*.sqlite")
    built = copy.stat().st_ino
    assert repo.client_page(query, 5) == _from_shards(repo, query, 5)
    assert repo.client_page("bo", 5) == _from_shards(repo, "bo", 5)
    assert copy.stat().st_ino == built
    assert repo._cache is not False  # still answering from the copy
