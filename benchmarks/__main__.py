"""Run every benchmark module and print its figures; also write them to test-artifacts/bench.json."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
import traceback
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks")
    p.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    p.add_argument("--only", action="append", default=[], help="run only these areas (e.g. ui, sync)")
    p.add_argument("--out", type=Path, default=Path("test-artifacts/bench.json"))
    a = p.parse_args()
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    if a.only:
        names = [n for n in names if n.removeprefix("bench_") in a.only]
    results: dict[str, object] = {}
    failed = 0
    for name in names:
        t0 = time.monotonic()
        print(f"== {name}", flush=True)
        try:
            figures = importlib.import_module(f"benchmarks.{name}").run(a.quick)
        except Exception:  # noqa: BLE001 - one benchmark that crashes is reported; the others still run
            traceback.print_exc()
            failed += 1
            results[name] = {"error": traceback.format_exc(limit=3)}
            continue
        results[name] = figures
        for key, value in figures.items():
            print(f"   {key}: {value}")
        print(f"   ({time.monotonic() - t0:.0f} s)", flush=True)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"figures written to {a.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # The UI benchmark leaves PySide objects behind whose teardown at interpreter exit can abort
    # (a refcount error inside the binding, seen as "bool_dealloc"); the figures are written by now.
    os._exit(code)
