"""Console page cost: the fleet page (table, uptime, three SVG charts) for 400 terminals and for 4,000.

In process (FastAPI TestClient over a real SQLite file), signed in as an admin:
the time to render ``/console/fleet``, ``/console/`` and a terminal's page, with
``/healthz`` of the same app measured in the same run as the baseline (so the
figures are ratios that do not depend on the machine). Terminals are inserted
with a heartbeat and a day of history each; 400 and 4,000 of them (quick: 50 and 500).
Targets (issue 17): the fleet page within 50 ms at 400 terminals, 200 ms at 4,000; the home page likewise.

Measured 2026-12-03 on the shared two-core machine (medians of 15, each against /healthz of the same run):
- load average 1.6: fleet page 32.9 ms at 400 terminals (8.1x /healthz's 4.1 ms) and 31.2 ms at 4,000
  (8.3x); home page 19.3 ms at 400 (4.8x) and 31.7 ms at 4,000 (8.4x). All four within target.
- load average 8-15 (other suites running): fleet page 82.5 ms at 400 (16.5x), 96.1 ms at 4,000; home
  page 31.1 ms at 400, 78.2 ms at 4,000.
- before the fleet summary the home page built every terminal's view: 412 ms at 4,000 (229 ms at 500).
- stop 32's full ``make bench`` (a machine about three times faster, load < 1): fleet page 18.5 ms at 400
  (7.6x /healthz's 2.43 ms) and 20.1 ms at 4,000 (7.7x); home page 10.4 ms (4.3x) and 21.3 ms (8.1x).
  At stop 31 (healthz 7.3 ms) the fleet page was 61 ms at 400: the ratio is the code's, the milliseconds
  the machine's.
The fleet page costs the same at 400 and 4,000: one page of 50 rows, a fixed number of statements
(tests/console/test_page_statements.py). Timed by part at load ~1 (47 ms in all at 400, before the
uptime fix): the template's 50 rows ~10 ms, their 24-hour uptime 15 ms (about half since the slot is an
integer division), their fleet view ~7 ms, the rest sign-in, filters and charts.

Run: ``python -m benchmarks.bench_console [--quick]``.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert

from contract import crypto
from hub.app import create_app
from hub.config import HubConfig
from hub.db import make_engine, utcnow
from hub.fleet import heartbeat_alerts
from hub.migrate import upgrade
from hub.models import Bundle, Terminal, TerminalHistory
from hub.testing import create_token


def _seed(db_url: str, size: int) -> str:

    engine = make_engine(db_url)
    upgrade(engine)
    now = utcnow()
    try:
        with engine.begin() as conn:
            for first in range(0, size, 500):  # in slices, so 4,000 terminals' history never sits in memory at once
                terminals: list[dict[str, Any]] = []
                history: list[dict[str, Any]] = []
                for n in range(first, min(size, first + 500)):
                    tid = f"t-bench{n:05d}"
                    beat = {"at": now.isoformat(), "app_version": "0.1.0", "bundle_version": 1, "forms": {"f": 1},
                            "devices": {"idcard": {"status": "ok", "detail": ""},
                                        "printer": {"status": "ok", "detail": ""}},
                            "printer": {"online": True, "paper": "low" if n % 7 == 0 else "ok", "cover_open": False},
                            "outbox_depth": n % 5, "quarantined": 0, "last_sync": now.isoformat(), "last_error": None,
                            "disk_free_mb": 2048.0, "uptime_s": 3600.0}
                    alerts = sorted(a["code"] for a in heartbeat_alerts(beat))  # as the heartbeat keeps them
                    terminals.append({"id": tid, "terminal_no": n + 1, "district": f"区{n % 10}",
                                      "community": f"社区{n % 100}", "hostname": f"kiosk-{n}",
                                      "public_key": crypto.public_bytes(crypto.new_signing_key()),
                                      "otp_secret": "x" * 32, "enrolled_at": now - timedelta(days=2),
                                      "revoked_at": None, "last_seen_at": now, "last_heartbeat_at": now,
                                      "heartbeat": beat, "history_at": now, "history_alerts": alerts,
                                      "alert_count": len(alerts)})
                    history.extend({"terminal_id": tid, "at": now - timedelta(minutes=h), "alerts": [],
                                    "snapshot": beat}
                                   for h in range(0, 24 * 60, 10))  # a snapshot every 10 minutes for a day
                conn.execute(insert(Terminal), terminals)
                conn.execute(insert(TerminalHistory), history)
                conn.execute(insert(Bundle), [  # the bundle each reports running, issued by this hub
                    {"terminal_id": t["id"], "bundle_version": 1, "items_key": "-", "manifest": {"items": []},
                     "created_at": now} for t in terminals])
    finally:
        engine.dispose()
    return "t-bench00000"


def _times(client: Any, paths: dict[str, str], repeat: int) -> dict[str, float]:
    """Median milliseconds per path, the paths taken in turn each round: a moment when the shared machine
    stalls then slows the baseline as much as the pages measured against it."""
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(repeat):
        for name, path in paths.items():
            t0 = time.perf_counter()
            response = client.get(path)
            samples[name].append(time.perf_counter() - t0)
            assert response.status_code == 200, (path, response.status_code)
    return {name: statistics.median(values) * 1000 for name, values in samples.items()}


def measure(size: int, repeat: int) -> dict[str, Any]:

    with tempfile.TemporaryDirectory(prefix="bench-console-") as tmp:
        data = Path(tmp)
        db_url = f"sqlite:///{data / 'hub.sqlite3'}"
        first = _seed(db_url, size)
        app = create_app(HubConfig(data_dir=data, db_url=db_url))
        token = create_token(db_url, "admin", "bench")
        with TestClient(app) as client:
            page = client.get("/console/login")
            pre = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert pre
            client.post("/console/login", data={"token": token, "csrf": pre.group(1)})
            figures = _times(client, {
                "healthz": "/healthz", "fleet": "/console/fleet",
                "fleet_last_page": f"/console/fleet?page={size}",  # clamped to the last page
                "home": "/console/", "terminal": f"/console/fleet/{first}"}, repeat)
            baseline = figures.pop("healthz")
        app.state.engine.dispose()
    out: dict[str, Any] = {"terminals": size, "baseline_healthz_ms": round(baseline, 2)}
    for name, ms in figures.items():
        out[f"{name}_ms"] = round(ms, 1)
        out[f"{name}_vs_baseline"] = round(ms / baseline, 1)
    return out


def run(quick: bool) -> dict[str, Any]:
    """The fleet at the city's size and at ten times it (quick: 50 and 500 terminals)."""
    sizes, targets = ((50, 500), (50, 200)) if quick else ((400, 4000), (50, 200))
    out: dict[str, Any] = {"quick": quick}
    for size, target in zip(sizes, targets, strict=True):
        figures = measure(size, repeat=5 if quick else 15)
        out[f"at_{size}"] = {**figures, "target_fleet_ms": target, "target_home_ms": target,
                             "meets_target": max(figures["fleet_ms"], figures["home_ms"]) <= target}
    return out


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    print(json.dumps(run(quick="--quick" in sys.argv), indent=1, ensure_ascii=False))
