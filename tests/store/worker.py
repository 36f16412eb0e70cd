"""A writer process for the concurrency and kill tests: saves records, prints each acknowledged id.

Usage: python worker.py STORE NAME COUNT [SHARED_UPDATES]
Prints "ready", then per save "client CLIENT_ID ASSESSMENT_ID" and per update of the shared
client "shared REVISION" once the store has acknowledged it.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from attrs import evolve

from posture_tui.domain.assessment import Finding
from posture_tui.domain.records import Assessment, Client
from posture_tui.store import codec
from posture_tui.store.errors import ConflictError, NotFoundError
from posture_tui.store.repository import open_store

SHARED = "c-shared"


def main() -> None:
    store, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    shared_updates = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    repo = open_store(store)
    codec.converter()  # cattrs loads on first use: "ready" means the next line saves
    print("ready", flush=True)
    now = datetime.now(UTC)
    for number in range(count):
        client = repo.save_client(Client(id=repo.new_id("client"), name=f"Worker {name} {number}"))
        assessment = Assessment(
            id=repo.new_id("assessment"),
            client_id=client.id,
            therapist=name,
            created=now,
            updated=now,
            findings=(Finding("forward_head", 1 + number % 3),),
        )
        repo.save_assessment(assessment)
        print(f"client {client.id} {assessment.id}", flush=True)
    done = 0
    while done < shared_updates:
        try:
            current = repo.get_client(SHARED)
        except NotFoundError:
            current = Client(id=SHARED, name="Shared")
        try:
            saved = repo.save_client(evolve(current, notes=f"{name} {done}"))
        except ConflictError:
            continue  # somebody saved first: reload and try again, as the UI would
        done += 1
        print(f"shared {saved.revision}", flush=True)


if __name__ == "__main__":
    main()
