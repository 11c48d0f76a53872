"""The diagnostics bundle: one zip a technician takes away on a USB stick or uploads to the hub.

Contents: ``versions.json`` (app, Python, Qt-free library versions, schema, bundle),
``settings.json`` (secrets and secret-looking keys removed), ``checks.json`` (a fresh
run of every component check), ``tests.json`` (kept self-test results), ``database.json``
(size, integrity, row counts per table: counts only), ``audit.json`` (recent audit events:
event, time, staff id, detail; the catalogue carries no personal data), ``logs.txt``
(recent journal lines of the kiosk unit, when a journal exists), ``inventory.json`` (model, serial,
firmware, USB ids of each device) and ``fault_history.json`` (the kept component state changes).

No personal data: everything textual passes :func:`terminal.logging_setup.redact` (ID numbers,
card-like numbers, phone numbers) and no table rows are exported. A last scan refuses to
write a bundle in which an ID number still shows.
"""

from __future__ import annotations

import base64
import io
import json
import platform
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.files import atomic_write
from sync.remote_state import RemoteState
from terminal.diag.checks import COMPONENTS, DiagContext, run_checks
from terminal.diag.inventory import inventory
from terminal.diag.selftest import table_counts
from terminal.logging_setup import contains_personal_data, redact

_SECRET_KEY = re.compile(r"(secret|token|password|passwd|private|api_key|pin)", re.IGNORECASE)
AUDIT_LIMIT = 500
LOG_LINES = 500


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("[REMOVED]" if _SECRET_KEY.search(str(k)) else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, str):
        return redact(value)
    return value


def settings_without_secrets(settings: Any) -> dict[str, Any]:
    return _scrub(settings.model_dump(mode="json"))


def versions(store: Any = None, bundles: Any = None) -> dict[str, Any]:

    libs: dict[str, str | None] = {}
    for name in ("PySide6-Essentials", "SQLAlchemy", "pyscard", "python-escpos", "cryptography", "urllib3"):
        try:
            libs[name] = version(name)
        except PackageNotFoundError:
            libs[name] = None
    out: dict[str, Any] = {"app": __version__, "python": sys.version.split()[0], "platform": platform.platform(),
                           "libraries": libs}
    if store is not None:
        out["schema_version"] = str(store.schema_version)
    if bundles is not None:
        out["bundle_version"] = bundles.active_version()
    return out


def database_stats(settings: Any, store: Any) -> dict[str, Any]:
    db = Path(settings.db_path)
    out: dict[str, Any] = {"path": str(db), "size_bytes": db.stat().st_size if db.exists() else None}
    if store is not None:
        out["integrity"] = store.integrity_check()
        out["tables"] = table_counts(store)
        out["outbox_depth"] = store.outbox_depth()
        out["quarantined"] = len(store.quarantined())
    return out


def recent_audit(store: Any, limit: int = AUDIT_LIMIT) -> list[dict[str, Any]]:
    if store is None:
        return []
    rows = store.audit_events(limit=100_000)[-limit:]
    return [{"event": e, "at": at, "staff_id": staff, "detail": detail} for e, at, detail, staff in rows]


def recent_logs(lines: int = LOG_LINES) -> str:
    if shutil.which("journalctl") is None:
        return "(no journal on this machine)\n"
    try:
        res = subprocess.run(["journalctl", "-u", "kiosk", "-n", str(lines), "--no-pager", "-o", "short-iso"],
                             capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"(journal unavailable: {type(exc).__name__})\n"
    return res.stdout or f"(journal empty: {res.stderr.strip()[:200]})\n"


def build_bundle(ctx: DiagContext, *, results: dict[str, Any], now: datetime, bundles: Any = None,
                 log_text: str | None = None) -> bytes:
    """The zip's bytes (so it can be written to a stick or uploaded alike)."""

    checks = run_checks(ctx, COMPONENTS)
    files: dict[str, str] = {
        "versions.json": json.dumps(versions(ctx.store, bundles), indent=1),
        "settings.json": json.dumps(settings_without_secrets(ctx.settings), indent=1, ensure_ascii=False),
        "checks.json": json.dumps([c.as_json() for c in checks], indent=1, ensure_ascii=False),
        "tests.json": json.dumps(results, indent=1, ensure_ascii=False),
        "database.json": json.dumps(database_stats(ctx.settings, ctx.store), indent=1),
        "audit.json": json.dumps(recent_audit(ctx.store), indent=1, ensure_ascii=False),
        "inventory.json": json.dumps(inventory(ctx), indent=1, ensure_ascii=False),
        "fault_history.json": json.dumps(RemoteState(ctx.store.state).fault_history() if ctx.store is not None
                                         else [], indent=1, ensure_ascii=False),
        "logs.txt": log_text if log_text is not None else recent_logs(),
        "README.txt": f"kiosk diagnostics bundle, {now.isoformat(timespec='seconds')}\n"
                      "No personal data: ID and phone numbers are redacted, no table rows are exported.\n",
    }
    files = {name: redact(_scrub_json(name, text)) for name, text in files.items()}
    for name, text in files.items():
        if contains_personal_data(text):
            raise RuntimeError(f"{name} still shows personal data after redaction; bundle not written")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _scrub_json(name: str, text: str) -> str:
    if not name.endswith(".json"):
        return text
    return json.dumps(_scrub(json.loads(text)), indent=1, ensure_ascii=False)


def write_bundle(path: Path, data: bytes) -> Path:
    """Write atomically (a USB stick may be pulled at any moment)."""

    path = Path(path)
    atomic_write(path, data, mode=0o644)
    return path


def usb_mounts() -> list[Path]:
    """Writable removable media mounted under /media or /run/media (where a USB stick appears)."""
    out = []
    for base in (Path("/media"), Path("/run/media")):
        if not base.exists():
            continue
        for p in sorted(base.glob("*/*")) + sorted(base.glob("*")):
            if p.is_dir() and p.is_mount():
                out.append(p)
    return out


MAX_UPLOAD_BYTES = 512 * 1024


def queue_for_hub(store: Any, data: bytes, terminal_id: str, name: str) -> str:
    """Queue the bundle for the hub as an outbox ``readiness`` item (``type: diagnostics_bundle``, zip in
    base64), delivered by the next sync round like every other item; returns the item id, whose delivery
    :meth:`sync.store.Store.outbox_item_state` follows. Refuses bundles over 512 KiB. The zip's name goes
    as ``file_name``: the hub refuses a ``name`` key in clear as a person's name."""

    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"bundle is {len(data)} bytes, over the {MAX_UPLOAD_BYTES} upload limit")
    return str(store.enqueue("readiness", {"type": "diagnostics_bundle", "terminal_id": terminal_id, "file_name": name,
                                           "zip_b64": base64.b64encode(data).decode("ascii")}))


def bundle_name(terminal_id: str, now: datetime) -> str:
    return f"kiosk-diag-{terminal_id}-{now:%Y%m%d-%H%M%S}.zip"
