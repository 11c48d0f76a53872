"""Self-tests a technician runs per device, and the book that keeps each device's last result.

A self-test goes further than a check: it reads a card, prints a page, runs the
integrity check. Results are kept per device with the time in ``data_dir/diag-results.json``
(the readiness report and the diagnostics bundle include them). Nothing personal is kept:
a test card read keeps only masked fields.
"""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from contract.masking import mask_id, mask_name
from devices.pcsc.readers import PcscUnavailable, snapshot
from kiosk.documents.cups import CupsError
from kiosk.files import atomic_write
from kiosk.printing import status_to_dict
from kiosk.receipt import sample_receipt
from kiosk.roles.idcard import CardRead, NoCard, ReaderDisconnected, ReaderFault
from sync.service import sync_status
from terminal.diag.checks import (
    Check,
    DiagContext,
    Status,
    check_network,
    check_pcsc,
    check_platform,
    check_storage,
)

RESULTS_FILE = "diag-results.json"


@dataclass(frozen=True)
class TestResult:
    device: str
    status: Status
    detail: str
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"device": self.device, "status": str(self.status), "detail": self.detail, "at": self.at,
                "data": self.data}

    @classmethod
    def from_check(cls, c: Check) -> TestResult:
        return cls(c.name, c.status, c.detail, c.at, dict(c.data))


class ResultBook:
    """The last self-test result per device, persisted."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / RESULTS_FILE
        self._lock = threading.Lock()
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self._results: dict[str, dict[str, Any]] = raw if isinstance(raw, dict) else {}
        except (OSError, ValueError):
            self._results = {}

    def put(self, result: TestResult) -> TestResult:
        entry = result.as_json()
        entry["data"] = {k: v for k, v in entry["data"].items() if k != "card"}  # masked or not: screen only
        with self._lock:
            self._results[result.device] = entry
            atomic_write(self.path, json.dumps(self._results, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return result

    def get(self, device: str) -> dict[str, Any] | None:
        with self._lock:
            r = self._results.get(device)
            return dict(r) if r else None

    def all(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {k: dict(v) for k, v in self._results.items()}


# --------------------------------------------------------------------------- the tests

def simulated(result: TestResult, is_simulated: bool) -> TestResult:
    """A simulator or fake is named as such and never green: it proves the software, not the hardware."""
    if not is_simulated:
        return result
    data = {**result.data, "simulated": True}
    status = Status.WARN if result.status == Status.OK else result.status
    return TestResult(result.device, status, f"SIMULATOR: {result.detail}", result.at, data)


def selftest_idcard(reader: Any, timeout_s: float = 3.0, *, is_simulated: bool = False) -> TestResult:
    """SAM id and status, then one read: a card's parsed fields come back masked. Green only for a read card
    (no card on the reader proves the SAM, not the read)."""
    return simulated(_selftest_idcard(reader, timeout_s), is_simulated)


def _selftest_idcard(reader: Any, timeout_s: float) -> TestResult:
    if reader is None:
        return TestResult("idcard", Status.FAIL, "no ID card reader configured")
    info = reader.sam_info()
    data: dict[str, Any] = {"sam_id": info.sam_id, "sam_status": info.status, "connected": info.connected}
    if not info.connected:
        return TestResult("idcard", Status.FAIL, "reader not connected", data=data)
    res = reader.read(timeout=timeout_s)
    if isinstance(res, CardRead):
        ident = res.identity
        data["card"] = {"name": mask_name(ident.name), "id_number": mask_id(ident.id_number),
                        "sex": str(getattr(ident, "sex", "")), "valid_to": str(ident.valid_to or "")}
        return TestResult("idcard", Status.OK, f"SAM {info.sam_id}; card read", data=data)
    if isinstance(res, NoCard):
        return TestResult("idcard", Status.WARN if info.status == "ok" else Status.FAIL,
                          f"SAM {info.sam_id} ({info.status}); no card on the reader: place a test card and run "
                          "the test again", data=data)
    if isinstance(res, ReaderFault):
        return TestResult("idcard", Status.WARN, f"read failed: {res.code}", data=data)
    if isinstance(res, ReaderDisconnected):
        return TestResult("idcard", Status.FAIL, f"reader disconnected {res.detail}".strip(), data=data)
    return TestResult("idcard", Status.FAIL, "unexpected reader answer", data=data)


def selftest_pcsc(ctx: Any) -> TestResult:
    """The staff card reader: the readers pcscd sees, and whether a card answers on one. Green only with a card
    on the reader (a reader without a card proves the service, not the reading); a fake is named as such."""

    check = check_pcsc(ctx)
    data = {**check.data, "code": check.code}
    if check.status in (Status.FAIL, Status.SKIP):
        return TestResult("pcsc", Status.FAIL if check.status == Status.FAIL else Status.WARN, check.detail, data=data)

    try:
        readers = ctx.pcsc_snapshot() if ctx.pcsc_snapshot is not None else snapshot(ctx.settings.pcsc.reader_filter)
    except PcscUnavailable as exc:
        return TestResult("pcsc", Status.FAIL, f"pcscd not reachable ({exc})", data=data)
    with_card = [r.name for r in readers if getattr(r, "card_present", False)]
    data["cards"] = with_card
    if not with_card:
        result = TestResult("pcsc", Status.WARN, f"{check.detail}; no card on the reader: place a staff card and run "
                            "the test again", data=data)
    else:
        result = TestResult("pcsc", Status.OK, f"{check.detail}; a card answers on {', '.join(with_card)}", data=data)
    return simulated(result, str(ctx.settings.pcsc.driver) == "fake")


def print_test_page(printer: Any) -> TestResult:
    """The driver's own test page (font sample, QR, ruler); a fake prints a sample receipt."""

    if printer is None:
        return TestResult("printer", Status.FAIL, "no receipt printer configured")
    before = printer.status()
    data: dict[str, Any] = {"status": status_to_dict(before)}
    if hasattr(printer, "print_test_page"):
        outcome = printer.print_test_page()
    else:
        outcome = printer.print_receipt(sample_receipt())
    data["outcome"] = {"ok": outcome.ok, "reason": outcome.reason, "detail": outcome.detail}
    if not outcome.ok:
        return TestResult("printer", Status.FAIL, f"test page failed: {outcome.reason}", data=data)
    return TestResult("printer", Status.WARN, "test page sent; awaiting confirmation", data=data)


def confirm_print(result: TestResult | dict[str, Any] | None, printed_ok: bool, device: str = "printer", *,
                  simulated: bool = False) -> TestResult:
    """The technician's answer to "did it print correctly?" settles the test (a simulator's page is no paper)."""
    data = dict(result.data if isinstance(result, TestResult) else (result or {}).get("data", {}))
    data["confirmed"] = printed_ok
    if printed_ok and simulated:
        return TestResult(device, Status.WARN, "SIMULATOR: test page rendered, no paper printed",
                          data={**data, "simulated": True})
    if printed_ok:
        return TestResult(device, Status.OK, "test page printed correctly (confirmed)", data=data)
    return TestResult(device, Status.FAIL, "test page did not print correctly (technician)", data=data)


def selftest_cups(queue: Any) -> TestResult:
    """Queue state, then a one-page test PDF followed to its end."""

    if queue is None:
        return TestResult("cups", Status.OK, "no A4 printer configured")
    try:
        ready, detail = queue.ready()
        if not ready:
            return TestResult("cups", Status.FAIL, f"queue not ready: {detail[:120]}")
        state = queue.print_pdf(cups_test_page_pdf(), "kiosk-test-page", timeout_s=60.0)
    except CupsError as exc:
        return TestResult("cups", Status.FAIL, str(exc)[:160])
    data = {"job_id": state.job_id, "state": state.state, "reasons": state.reasons}
    if state.ok:
        return TestResult("cups", Status.WARN, f"test page job {state.job_id} completed; awaiting confirmation", data=data)
    return TestResult("cups", Status.FAIL, f"test page job {state.job_id} {state.state}", data=data)


def cups_test_page_pdf() -> bytes:
    """A one-page A4 test sheet (ReportLab, already a dependency for documents)."""

    from reportlab.lib.pagesizes import A4  # lazy: reportlab costs 0.29 s and 12 MB at import
    from reportlab.pdfgen import canvas  # lazy: as above

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle("kiosk test page")
    w, h = A4
    c.setFont("Helvetica-Bold", 28)
    c.drawCentredString(w / 2, h - 100, "Kiosk A4 test page")
    c.setFont("Helvetica", 14)
    c.drawCentredString(w / 2, h - 130, datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    c.rect(36, 36, w - 72, h - 72)
    for i in range(11):
        y = 80 + i * 60
        c.setFillGray(i / 10)
        c.rect(80, y, 60, 40, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


def selftest_touch(targets: int, hits: int, misses: int, miss_points: list[Any] | None = None, *,
               missed: list[str] | None = None) -> TestResult:
    """``missed`` names the targets never reached (``r1c2``), so a dead area can be found on the glass."""
    names = [str(m) for m in (missed or [])][:100]
    data = {"targets": targets, "hits": hits, "misses": misses, "miss_points": list(miss_points or [])[:50],
            "missed_targets": names}
    if hits < targets:
        where = f" (not reached: {', '.join(names)})" if names else ""
        return TestResult("touchscreen", Status.FAIL, f"only {hits} of {targets} targets reached{where}"[:300],
                          data=data)
    if misses == 0:
        return TestResult("touchscreen", Status.OK, f"all {targets} targets hit, no misses", data=data)
    status = Status.WARN if misses <= max(1, targets // 10) else Status.FAIL
    return TestResult("touchscreen", status, f"{targets} targets hit, {misses} touches missed", data=data)


def selftest_network(settings: Any, store: Any = None) -> TestResult:
    ctx = DiagContext(settings=settings, store=store)
    net, hub = check_network(ctx), check_platform(ctx)
    status = max((net.status, hub.status), key=lambda s: ("ok", "warn", "fail").index(str(s)))
    return TestResult("network", Status(status), f"{net.detail}; {hub.detail}",
                      data={"interfaces": net.data.get("interfaces", []), "platform": hub.data})


def selftest_storage(settings: Any, store: Any) -> TestResult:
    c = check_storage(DiagContext(settings=settings, store=store))
    data = dict(c.data)
    if store is not None:
        data["tables"] = table_counts(store)
    return TestResult("storage", c.status, c.detail, c.at, data)


def table_counts(store: Any) -> dict[str, int]:
    """Row counts per table (database stats for the bundle; counts only, never rows)."""
    out: dict[str, int] = {}
    with store.engine.connect() as conn:
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").all()]
        for name in names:
            if name.replace("_", "").isalnum():
                out[name] = int(conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar() or 0)
    return out


def selftest_sync(store: Any, sync_service: Any = None, *, force: bool = False, retry_quarantined: bool = False) -> TestResult:
    """Queue, last success/error, each quarantined item's error; optionally retry and sync now."""

    if store is None:
        return TestResult("sync", Status.FAIL, "no local store")
    requeued = store.requeue_quarantined() if retry_quarantined else 0
    report = None
    if force and sync_service is not None:
        report = sync_service.run_once(heartbeat=True)
    st = sync_status(store)
    items = [{"id": q.id[:8], "kind": q.kind, "created_at": q.created_at, "reason": q.reason[:200],
              "attempts": q.attempts} for q in store.quarantined()[:50]]
    data = {**{k: st[k] for k in ("queue_depth", "quarantined", "last_success", "last_error", "bundle_version",
                                  "enrolled")}, "items": items, "requeued": requeued}
    if report is not None:
        data["round"] = {"ok": report.ok, "delivered": report.delivered, "errors": report.errors[:5]}
    if force and sync_service is None:
        return TestResult("sync", Status.WARN, "no platform configured: nothing to sync with", data=data)
    if report is not None and not report.ok:
        return TestResult("sync", Status.FAIL, f"sync failed: {'; '.join(report.errors)[:140]}", data=data)
    if st["quarantined"]:
        return TestResult("sync", Status.WARN, f"{st['quarantined']} quarantined, {st['queue_depth']} queued", data=data)
    return TestResult("sync", Status.OK, f"{st['queue_depth']} queued, last success {st['last_success'] or '-'}",
                      data=data)
