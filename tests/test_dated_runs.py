"""The date-sensitive suites, run again with the whole system clock moved (``make test-long``).

A suite that passes on the day it was written can still hide date bugs: Beijing midnight while the UTC
date is the day before, the end of a year, a leap day, a year on when sample cards or cached dates age.
Each run here starts pytest under libfaketime (Debian package ``faketime``) with the wall clock starting
at the given instant and ticking from there, so a run that starts at 23:59:30 in Beijing crosses midnight
while it runs. Everything it starts (hubs, simulators, Qt) inherits the moved clock; tests that pin their
own clock (``hub.testing.pinned_clock_env``) keep theirs. The PostgreSQL variants are left out: the hub's
date logic is Python that the SQLite runs exercise, and a second database server per run would double
the time for nothing new.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hub.testing import pinned_clock_env

pytestmark = pytest.mark.long

REPO = Path(__file__).resolve().parent.parent

# Where dates are computed, compared or printed: queue days, consultations, tracking numbers, card expiry,
# form expressions with today(), receipts and certificates, the store and its outbox.
DATE_SENSITIVE = [
    "tests/consultation", "tests/hub/test_community.py", "tests/hub/test_cases.py", "tests/forms",
    "tests/devices/idcard", "tests/sync/test_store.py", "tests/sync/test_store_contract.py",
    "tests/printing/test_service.py", "tests/printing/test_documents.py", "tests/ui/test_resident_flow.py",
]


def _a_year_after_today() -> datetime:
    today = date.today()
    return datetime(today.year + 1, today.month, min(today.day, 28), 2, 0, tzinfo=UTC)


INSTANTS = {
    "beijing-new-year-midnight": datetime(2026, 12, 31, 15, 59, 30, tzinfo=UTC),  # 23:59:30 Beijing, 31 Dec
    "leap-day": datetime(2028, 2, 29, 15, 59, 30, tzinfo=UTC),  # 23:59:30 Beijing on 29 February
    "a-year-on": _a_year_after_today(),
}


@pytest.mark.parametrize("name", sorted(INSTANTS))
def test_date_sensitive_suites_pass_with_the_clock_moved(name: str, tmp_path: Path) -> None:
    start = INSTANTS[name]
    env = {**os.environ, **pinned_clock_env(start), "KIOSK_TEST_ARTIFACTS": str(tmp_path / "artifacts")}
    argv = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not long and not postgres",
            "--basetemp", str(tmp_path / "run"), *DATE_SENSITIVE]
    result = subprocess.run(argv, check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=3600)
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
    assert result.returncode == 0, f"with the clock at {start.isoformat()} ({name}):\n{tail}"
    now_seen = subprocess.run([sys.executable, "-c", "import datetime; print(datetime.datetime.now(datetime.UTC))"],
                              env=env, capture_output=True, text=True, check=True).stdout
    assert abs(datetime.fromisoformat(now_seen.strip()) - start) < timedelta(hours=2), "the clock was not moved"
