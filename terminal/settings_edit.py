"""Changing settings from the technician screen: validated, tested before saving, persisted, audited.

A bad value must never brick the terminal, so a change goes through three gates and the
running settings stay as they are until all pass:

1. **validate**: the whole new configuration (file + environment + the change) is
   rebuilt through :func:`contract.settings.load_settings`; any invalid key is refused with
   its message;
2. **test**: every changed device or network setting is tried for real with short
   timeouts (the ID reader's port answers with a SAM id, the printer URI answers a
   status, the hub URL connects, the CUPS queue exists);
3. **save**: the config file the app reads is rewritten atomically (the previous file is
   kept as ``<name>.prev``), and the change is audited (``tech.settings_changed``) with the
   staff id and the keys changed (values too, except secret-looking ones).

Keys are dotted paths (``printer.uri``). Only :data:`EDITABLE` keys can be changed here.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract.settings import Settings, SettingsError, _deep_merge, _toml_value, load_settings
from devices.cups.jobs import CupsQueue
from devices.idcard.simulator import running as running_simulators
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.documents.cups import CupsError
from kiosk.files import atomic_write
from terminal.bootstrap import ConfigurationError, make_idcard_reader, make_receipt_printer
from terminal.diag.checks import probe_hub

log = logging.getLogger(__name__)

# key -> kind of value the screen edits (text, int, choice, list)
EDITABLE: dict[str, str] = {
    "sync.hub_url": "text",
    "terminal.terminal_id": "text",
    "idcard.driver": "choice",
    "idcard.port": "port",
    "idcard.baud": "int",
    "printer.driver": "choice",
    "printer.uri": "text",
    "printer.paper_width_mm": "int",
    "printer.render_mode": "choice",
    "document_printer.queue": "text",
    "pcsc.enabled": "bool",
    "pcsc.reader_filter": "text",
    "ui.idle_timeout_s": "int",
    "ui.size": "text",
    "ui.default_language": "choice",
    "ui.languages": "list",
}
# Keys the running app can take at once; the others need a restart of the app.
LIVE_KEYS = frozenset({"ui.idle_timeout_s", "ui.default_language", "terminal.terminal_id", "sync.hub_url"})


@dataclass(frozen=True)
class TestOutcome:
    key: str
    ok: bool
    detail: str


@dataclass
class ChangeResult:
    ok: bool
    errors: dict[str, str] = field(default_factory=dict)
    tests: list[TestOutcome] = field(default_factory=list)
    saved_to: str = ""
    restart_needed: bool = False
    settings: Settings | None = None


def get_key(settings: Settings, key: str) -> Any:
    section, name = key.split(".", 1)
    return getattr(getattr(settings, section), name)


def _coerce(kind: str, value: Any) -> Any:
    if kind == "int" and isinstance(value, str):
        value = value.strip()
        return int(value) if value.lstrip("-").isdigit() else value
    if kind == "bool" and isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if kind == "list" and isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _nest(changes: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        section, name = key.split(".", 1)
        out.setdefault(section, {})[name] = _coerce(EDITABLE.get(key, "text"), value)
    return out


def dump_toml(data: Mapping[str, Any]) -> str:
    """A TOML document for settings-shaped data (top-level scalars, then one table per section)."""
    lines = ["# kiosk settings; edited on the technician screen (the previous file is kept as .prev)"]
    for key, value in data.items():
        if not isinstance(value, Mapping):
            lines.append(f"{key} = {_toml_value(value)}")
    for key, value in data.items():
        if isinstance(value, Mapping):
            lines.append("")
            lines.append(f"[{key}]")
            for sub, v in value.items():
                lines.append(f"{sub} = {_toml_value(v)}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- tests per key

def try_idcard(s: Settings) -> tuple[bool, str]:
    """The configured ID card reader, built by the composition root, answers with its SAM."""
    cfg = s.idcard
    if cfg.driver in ("none", "fake", "simulator"):
        return True, f"driver {cfg.driver}: nothing to test"
    closers: list[Callable[[], None]] = []
    try:
        reader = make_idcard_reader(s, closers)
        try:
            info = reader.sam_info()
        finally:
            reader.close()
    except ConfigurationError as exc:
        return False, str(exc)
    finally:
        for fn in closers:
            fn()
    if cfg.driver == "sam_serial" and not info.connected:
        return False, f"no SAM reader answers on {cfg.port}"
    return info.connected and info.status == "ok", f"SAM {info.sam_id} ({info.status})"


def try_printer(s: Settings) -> tuple[bool, str]:
    """The configured receipt printer, built by the composition root with a short timeout, answers a status."""
    cfg = s.printer
    if cfg.driver in ("none", "fake", "simulator"):
        return True, f"driver {cfg.driver}: nothing to test"
    closers: list[Callable[[], None]] = []
    try:
        printer = make_receipt_printer(s, closers, timeout_s=2.0)
    except ConfigurationError as exc:
        return False, f"bad printer URI: {str(exc).partition(': ')[2] or exc}"
    st = printer.status()
    if st.error:
        return False, f"printer at {cfg.uri} does not answer ({st.error})"
    return True, f"printer answers: online={st.online} paper={st.paper}"


def try_hub(s: Settings) -> tuple[bool, str]:
    if not s.sync.hub_url:
        return True, "offline terminal (no hub URL)"
    try:
        info = probe_hub(s.sync.hub_url, s.sync.ca_file, min(5.0, s.sync.timeout_s))
    except (OSError, ValueError) as exc:
        return False, f"hub unreachable: {exc}"[:160]
    return True, f"hub reachable in {info['latency_ms']:.0f} ms"


def try_cups(s: Settings) -> tuple[bool, str]:
    if not s.document_printer.queue:
        return True, "no A4 printer"
    try:
        ready, detail = CupsQueue(s.document_printer.queue, timeout_s=5.0).ready()
    except (CupsError, ValueError) as exc:
        return False, str(exc)[:160]
    return ready, detail[:160]


TESTS: dict[str, tuple[str, Callable[[Settings], tuple[bool, str]]]] = {
    "idcard": ("idcard", try_idcard), "printer": ("printer", try_printer),
    "sync": ("sync.hub_url", try_hub), "document_printer": ("document_printer.queue", try_cups),
}


def autodetect_ports() -> list[str]:
    """Serial ports a reader or printer may sit on, stable names first."""
    found = sorted(glob.glob("/dev/serial/by-id/*")) + sorted(glob.glob("/dev/kiosk-*"))
    found += sorted(glob.glob("/dev/ttyUSB*")) + sorted(glob.glob("/dev/ttyACM*"))
    found += [sim.port for sim in running_simulators()]
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------- the editor

class SettingsEditor:
    def __init__(self, config_file: Path, audit: Any = None, clock: Any = None, *,
                 environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None,
                 tests: Mapping[str, tuple[str, Callable[[Settings], tuple[bool, str]]]] | None = None) -> None:
        self.config_file = Path(config_file)
        self.audit = audit
        self.clock = clock
        self.environ = dict(os.environ if environ is None else environ)
        self.overrides = dict(overrides or {})
        self.tests = dict(TESTS if tests is None else tests)

    def _file_data(self) -> dict[str, Any]:
        if not self.config_file.exists():
            return {}
        return tomllib.loads(self.config_file.read_text(encoding="utf-8"))

    def validate(self, changes: Mapping[str, Any]) -> tuple[Settings | None, dict[str, str]]:
        bad = {k: "this setting cannot be changed here" for k in changes if k not in EDITABLE}
        if bad:
            return None, bad
        merged = _deep_merge(self._file_data(), _nest(changes))
        tmp = self.config_file.with_name(f".{self.config_file.name}.candidate")
        try:
            tmp.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(dump_toml(merged), encoding="utf-8")
            settings = load_settings(tmp, environ=self.environ, overrides=self.overrides or None)
        except SettingsError as exc:
            errors: dict[str, str] = {}
            for part in str(exc).split("; "):
                if part.startswith("invalid setting "):
                    key, _, msg = part[len("invalid setting "):].partition(": ")
                    errors[key] = msg
            return None, errors or {"(settings)": str(exc)}
        finally:
            tmp.unlink(missing_ok=True)
        return settings, {}

    def test(self, candidate: Settings, changes: Mapping[str, Any]) -> list[TestOutcome]:
        sections = {k.split(".", 1)[0] for k in changes}
        out = []
        for section in sorted(sections):
            if section not in self.tests:
                continue
            label, fn = self.tests[section]
            try:
                ok, detail = fn(candidate)
            except Exception as exc:  # noqa: BLE001 - a test that crashes is a failed test
                ok, detail = False, f"test failed: {type(exc).__name__}"
            out.append(TestOutcome(label, ok, detail))
        return out

    def apply(self, changes: Mapping[str, Any], staff_id: str | None, *, current: Settings | None = None) -> ChangeResult:
        """Validate, test, then save and audit; on any failure nothing is written."""
        candidate, errors = self.validate(changes)
        if candidate is None:
            return ChangeResult(False, errors=errors)
        tests = self.test(candidate, changes)
        if not all(t.ok for t in tests):
            return ChangeResult(False, tests=tests)
        self._save(changes)
        changed = {k: (None if "secret" in k else _coerce(EDITABLE[k], v)) for k, v in changes.items()}
        if self.audit is not None and self.clock is not None:
            try:
                self.audit.record(AuditRecord(AuditEvent.TECH_SETTINGS_CHANGED, self.clock.now(),
                                              {"keys": sorted(changes), "values": json.loads(json.dumps(changed))},
                                              staff_id=staff_id))
            except Exception:
                log.exception("could not audit the settings change")
        restart = any(k not in LIVE_KEYS for k in changes)
        if current is not None:
            self.apply_live(current, candidate, changes)
        return ChangeResult(True, tests=tests, saved_to=str(self.config_file), restart_needed=restart,
                            settings=candidate)

    def _save(self, changes: Mapping[str, Any]) -> None:
        data = _deep_merge(self._file_data(), _nest(changes))
        if self.config_file.exists():
            atomic_write(self.config_file.with_name(self.config_file.name + ".prev"), self.config_file.read_bytes(),
                         mode=0o644)
        atomic_write(self.config_file, dump_toml(data).encode("utf-8"), mode=0o644)

    @staticmethod
    def apply_live(current: Settings, candidate: Settings, changes: Mapping[str, Any]) -> None:
        """Copy the keys the running app can take at once into its settings object."""
        for key in changes:
            if key in LIVE_KEYS:
                section, name = key.split(".", 1)
                setattr(getattr(current, section), name, get_key(candidate, key))
