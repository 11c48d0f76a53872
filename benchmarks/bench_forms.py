"""Form engine benchmarks: loading a 200-field form, and the cost of one answer change.

0. First render (``kiosk screenshot --screen form``, a fresh process each) of
   a page holding all 200 fields, as a ratio to the 4-field first page of the
   residence certificate form.
1. Load (read + validate + build) and session-state build of a generated
   200-field form (20 pages of text, numbers, dates, choices, with relevance,
   constraints and calculations), as a ratio to a bare ``json.loads`` of the
   same file measured in the same run.
2. Expression cost per field change: ``FormState.set_value`` on a field nothing
   depends on (the baseline: normalising and storing), on a field ten others
   depend on, and on the field every other field depends on (199
   recomputations). Reported per call and per recomputed dependent, plus the
   interpreter's cost per expression as a ratio to the same comparison as a
   Python lambda.

Run: ``python -c "from benchmarks.bench_forms import run; print(run(quick=True))"``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from contract.forms import FormState, load_definition
from contract.forms.expr import Env, Expression, compile_expression

ROOT = Path(__file__).resolve().parents[1]


def _t(zh: str, en: str) -> dict[str, str]:
    return {"zh_CN": zh, "en_US": en}


def make_form(n_fields: int = 200, per_page: int = 10, gated: bool = True) -> dict[str, Any]:
    """A realistic-shaped large form: every field after the first depends on ``gate`` (unless not gated)."""
    choices = [{"value": f"c{i}", "label": _t(f"选项{i}", f"Option {i}")} for i in range(6)]
    fields: list[dict[str, Any]] = [
        {"id": "gate", "type": "number", "label": _t("人数", "People"), "decimals": 0, "min": 0, "max": 100}
    ]
    kinds = ["text", "number", "date", "single_choice", "multiple_choice", "yes_no", "phone", "calculate"]
    for i in range(1, n_fields):
        kind = kinds[i % len(kinds)]
        f: dict[str, Any] = {"id": f"f{i}", "type": kind}
        if kind != "calculate":
            f["label"] = _t(f"问题{i}", f"Question {i}")
            if gated:
                f["relevant"] = f"${{gate}} > {i % 7}"
            f["required"] = i % 3 == 0
        if kind == "calculate":
            f["calculate"] = f"if(${{gate}} > 3, ${{gate}} * {i}, 0)"
        elif kind == "number":
            f.update(min=0, max=1000, constraint=". <= ${gate} * 100")
        elif kind == "date":
            f.update(max="today")
        elif kind in ("single_choice", "multiple_choice"):
            f["choices"] = choices
        elif kind == "text":
            f.update(max_length=50, pattern="[^<>]*")
        if gated and i % 10 == 1 and i > 1:
            f["relevant"] = f"${{gate}} > 1 and ${{f{i - 1}}} != ''"
        fields.append(f)
    pages = [
        {"id": f"p{j}", "title": _t(f"第{j + 1}页", f"Page {j + 1}"), "fields": fields[j * per_page:(j + 1) * per_page]}
        for j in range((n_fields + per_page - 1) // per_page)
    ]
    return {"id": "bench", "version": 1, "title": _t("基准", "Benchmark"), "pages": pages}


def _median(fn: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _render_seconds(form_file: Path, out: Path) -> float:
    """Wall time of ``kiosk screenshot --screen form --form FILE`` in a fresh process (cold first render)."""
    cmd = [sys.executable, "-m", "ui.main", "screenshot", "--screen", "form", "--form", str(form_file), "--out", str(out)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=300, cwd=ROOT)
    return time.perf_counter() - t0


def first_render(repeats: int) -> dict[str, Any]:
    """First render of a page holding all 200 fields vs the 4-field first page of a sample form."""
    try:
        import ui.screenshot  # noqa: F401  (the UI may not be installed where the core is benchmarked)
    except ImportError as exc:
        return {"render": f"unavailable ({exc})"}
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "bench200.json"
        big.write_text(json.dumps(make_form(per_page=200, gated=False), ensure_ascii=False), encoding="utf-8")
        small = ROOT / "assets" / "content" / "forms" / "residence_certificate.json"
        try:
            base = statistics.median(_render_seconds(small, Path(tmp) / "s.png") for _ in range(repeats))
            large = statistics.median(_render_seconds(big, Path(tmp) / "b.png") for _ in range(repeats))
        except (subprocess.SubprocessError, OSError) as exc:
            return {"render": f"failed ({exc})"}
    return {
        "first_render_4_fields_s": round(base, 2),
        "first_render_200_fields_s": round(large, 2),
        "first_render_ratio_200_to_4": round(large / base, 2),
    }


def run(quick: bool) -> dict[str, Any]:
    repeats = 5 if quick else 30
    changes = 200 if quick else 2000
    doc = make_form()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        parse_s = _median(lambda: json.loads(path.read_text("utf-8")), repeats)
        def cold_load() -> Any:
            compile_expression.cache_clear()  # measure parsing every expression, as on a fresh terminal
            return load_definition(path)

        load_s = _median(cold_load, repeats)
        definition = load_definition(path)
    today = date(2026, 11, 26)
    FormState(definition, {}, today=today)  # compile once (cached on the definition)
    state_s = _median(lambda: FormState(definition, {}, today=today), repeats)

    state = FormState(definition, {}, today=today)
    dependents_of = {"f2": 0, "f10": 1, "gate": len(definition.fields) - 1}

    def per_change(field_id: str, values: list[str]) -> float:
        t0 = time.perf_counter()
        for i in range(changes):
            state.set_value(field_id, values[i % len(values)])
        return (time.perf_counter() - t0) / changes

    isolated = per_change("f2", ["12", "13"])  # a number field nothing reads
    one_dep = per_change("f10", ["a", ""])  # f11 depends on it
    everything = per_change("gate", ["5", "6", "0"])
    per_dependent = (everything - isolated) / dependents_of["gate"]

    expr = Expression("${a} > 3 and ${b} != ''")
    values = {"a": 5, "b": "x"}
    env = Env(values.get, today)

    def native() -> bool:
        return values["a"] > 3 and values["b"] != ""

    n = changes * 10
    t0 = time.perf_counter()
    for _ in range(n):
        expr.evaluate(env)
    interp = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for _ in range(n):
        native()
    python = (time.perf_counter() - t0) / n

    return {
        **first_render(1 if quick else 3),
        "fields": len(definition.fields),
        "json_parse_ms": round(parse_s * 1000, 3),
        "load_validate_build_ms": round(load_s * 1000, 3),
        "load_ratio_to_json_parse": round(load_s / parse_s, 1),
        "state_build_ms": round(state_s * 1000, 3),
        "set_value_isolated_us": round(isolated * 1e6, 1),
        "set_value_one_dependent_us": round(one_dep * 1e6, 1),
        "set_value_all_199_dependents_us": round(everything * 1e6, 1),
        "cost_per_recomputed_dependent_us": round(per_dependent * 1e6, 2),
        "all_dependents_ratio_to_isolated": round(everything / isolated, 1),
        "expression_eval_us": round(interp * 1e6, 2),
        "expression_ratio_to_python_lambda": round(interp / python, 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(quick=True), indent=2))
