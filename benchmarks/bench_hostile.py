"""Hostile uploads (issue 16): the slowest response of the upload fuzz, against ``/healthz`` in the same run.

A real ``kiosk-hub serve`` process on loopback, an admin signed in to the
console; the fuzz of ``tests/hub/hostile_fuzz.py`` (alias bombs, deep and wide
YAML and JSON, wide and entity-laden workbooks) sends ``examples`` uploads per
route family. Figures: the slowest upload response, the slowest ``/healthz``
measured between uploads, their ratio to the median ``/healthz`` of the same
process before the run, and the hub's resident memory growth over the run. Then the stateful
schemathesis run of ``tests/hub/stateful_fuzz.py`` (chains along the API's OpenAPI links) on a hub process
of its own: its slowest response against the median ``/healthz`` of the same run, and the hub's growth
(the ``stateful_`` figures).

Run: ``python -m benchmarks.bench_hostile [--quick]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from hub import hostile
from hub.testing import create_token, serve_process
from tests.console.conftest import sign_in
from tests.hub.hostile_fuzz import FUZZ_ENV, run_fuzz
from tests.hub.stateful_fuzz import fuzz_hub, run_stateful


def run(quick: bool = False) -> dict[str, Any]:
    examples = 30 if quick else 300
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        data_dir = Path(tmp)
        db_url = f"sqlite:///{data_dir / 'hub.sqlite3'}"
        token = create_token(db_url, "admin", "bench-admin")
        with serve_process(data_dir, db_url, env=FUZZ_ENV) as (url, process), \
                httpx.Client(base_url=url, timeout=60, follow_redirects=False) as http:
            baseline = []
            for _ in range(50):
                start = time.monotonic()
                http.get("/healthz")
                baseline.append(time.monotonic() - start)
            healthz = statistics.median(baseline)
            before = hostile.rss_bytes(process.pid)
            report = run_fuzz(url, token, sign_in(http, token), examples)
            growth = hostile.rss_bytes(process.pid) - before
    with fuzz_hub() as hub:
        stateful = run_stateful(hub, scenarios=20 if quick else 300, steps=12)
    return {
        "uploads": report.examples,
        "server_errors": len(report.server_errors),
        "statuses": {str(k): v for k, v in sorted(report.statuses.items())},
        "healthz_median_ms": round(healthz * 1000, 2),
        "slowest_upload_ms": round(report.slowest_s * 1000, 1),
        "slowest_upload": report.slowest,
        "slowest_upload_vs_healthz": round(report.slowest_s / healthz, 1),
        "slowest_healthz_during_run_ms": round(report.healthz_slowest_s * 1000, 1),
        "slowest_healthz_vs_healthz": round(report.healthz_slowest_s / healthz, 1),
        "hub_rss_growth_mb": round(growth / (1024 * 1024), 1),
        **stateful.figures(),
    }


if __name__ == "__main__":
    for key, value in run("--quick" in sys.argv).items():
        print(f"{key}: {value}")
