"""Technician mode benchmarks: what a PIN check costs, how long the overview and the bundle take.

0. PIN verification with the production scrypt parameters (N=2^14, r=8, p=1) as a ratio
   to one SHA-256 of the same PIN (the baseline: what an unhardened hash costs). The ratio
   is the attacker's slowdown per guess; the absolute time is what the technician waits.
1. All component checks (``terminal.diag.checks.run_checks``) on the printer and ID card
   simulators with a real SQLite store, as a ratio to the store's integrity check alone
   (the one check that must touch the whole database).
2. The diagnostics bundle (zip) build time and size, as a ratio to the checks run.

Run: ``python -c "from benchmarks.bench_technician import run; print(run(quick=True))"``.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contract.clock import FakeClock
from contract.settings import load_settings
from kiosk.staff import hash_pin, verify_pin
from terminal.bootstrap import build_services
from terminal.diag.bundle import build_bundle
from terminal.diag.checks import COMPONENTS, DiagContext, run_checks


def _median_s(fn: Callable[[], Any], n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(quick: bool = True) -> dict[str, Any]:
    n = 3 if quick else 10
    stored = hash_pin("246810")
    pin_s = _median_s(lambda: verify_pin("246810", stored), n)
    sha_s = _median_s(lambda: [hashlib.sha256(b"246810").digest() for _ in range(1000)], n) / 1000

    with tempfile.TemporaryDirectory(prefix="bench-tech-") as tmp:
        cfg = Path(tmp) / "kiosk.toml"
        cfg.write_text("", encoding="utf-8")
        environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        settings = load_settings(cfg, environ=environ, overrides={
            "data_dir": tmp, "idcard": {"driver": "simulator"}, "printer": {"driver": "simulator"},
            "pcsc": {"enabled": False}})
        services = build_services(settings, FakeClock())
        try:
            ctx = DiagContext(settings=settings, idcard=services.idcard, printer=services.printer,
                              store=services.store)
            names = [c for c in COMPONENTS if c not in ("platform",)]
            integrity_s = _median_s(services.store.integrity_check, n)
            checks_s = _median_s(lambda: run_checks(ctx, names), n)
            size = len(build_bundle(ctx, results={}, now=FakeClock().now(), log_text=""))
            bundle_s = _median_s(lambda: build_bundle(ctx, results={}, now=FakeClock().now(), log_text=""), n)
        finally:
            services.close()
    return {
        "pin_verify_ms": round(pin_s * 1000, 1),
        "pin_verify_vs_sha256_ratio": round(pin_s / sha_s),
        "checks_ms": round(checks_s * 1000, 1),
        "checks_vs_integrity_ratio": round(checks_s / integrity_s, 1),
        "bundle_ms": round(bundle_s * 1000, 1),
        "bundle_bytes": size,
        "bundle_vs_checks_ratio": round(bundle_s / checks_s, 2),
    }


if __name__ == "__main__":
    print(run(quick=True))
