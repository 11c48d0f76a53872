"""A kiosk process for the SIGKILL tests: submits and syncs in a loop until it is killed.

After each ``submit()`` returns (the moment a receipt would print) the submission id is
appended to a journal and fsynced: those are the submissions that must never be lost.
Usage: ``python -m tests.sync.kill_worker DATA_DIR HUB_URL JOURNAL SEED``.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from contract.settings import Settings, SyncSettings
from sync.service import SyncService
from sync.store import Store

from .helpers import audit, identity, new_submission, receipt_factory


def main(argv: list[str]) -> int:
    data_dir, hub_url, journal, seed = Path(argv[0]), argv[1], Path(argv[2]), int(argv[3])
    rng = random.Random(seed)
    settings = Settings(data_dir=data_dir, sync=SyncSettings(hub_url=hub_url, timeout_s=5))
    store = Store(settings.db_path, keys_dir=data_dir / "keys")
    service = SyncService(settings, store)
    fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.write(fd, b"ready\n")
    os.fsync(fd)
    while True:
        for _ in range(rng.randint(1, 8)):
            ident = identity()
            stub = store.submit(new_submission(ident), receipt_factory(ident, store.clock), audit(store.clock))
            os.write(fd, f"{stub.submission_id}\n".encode())
            os.fsync(fd)
            if rng.random() < 0.2:
                store.enqueue("queue_ticket", {"ticket": f"B{rng.randint(0, 999):03d}"})
        service.run_once(heartbeat=rng.random() < 0.2)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
