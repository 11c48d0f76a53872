"""Typed, documented, layered settings: defaults < file < ``KIOSK_*`` environment.

The file is TOML (``/etc/kiosk/kiosk.toml`` or ``--config``). Environment variables
name a key by its path, sections joined with a double underscore:
``KIOSK_UI__IDLE_TIMEOUT_S=90``, ``KIOSK_IDCARD__PORT=/dev/ttyUSB0``. ``KIOSK_DATA_DIR``
and ``KIOSK_MODE`` are top-level keys. An invalid value is a :class:`SettingsError`
naming the key; the CLI turns it into exit code 2.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import platformdirs

from contract.printer_uri import parse_uri
from contract.sections import Field, Section, ValidationError, field_validator, model_validator

SCHEMA_VERSION = 1
DEFAULT_CONFIG_FILE = Path("/etc/kiosk/kiosk.toml")
ENV_PREFIX = "KIOSK_"

Language = Literal["zh_CN", "en_US"]
DEFAULT_LANGUAGES: tuple[Language, ...] = ("zh_CN", "en_US")



def default_data_dir() -> Path:
    """The data directory: ``KIOSK_DATA_DIR`` wins for every command, else platformdirs."""
    env = os.environ.get("KIOSK_DATA_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("kiosk", appauthor=False))


class SettingsError(Exception):
    """A setting is invalid; the message names the key."""


class _Section(Section):
    """Unknown keys are refused and assignments validated (see :mod:`contract.sections`)."""


class TerminalSettings(_Section):
    terminal_id: str = Field("demo-terminal-001", description="Identifier the hub knows this terminal by")
    centre_name_zh: str = Field("历下区示例社区党群服务中心", description="Service centre name shown and printed (zh)")
    centre_name_en: str = Field("Lixia Sample Community Service Centre", description="Service centre name (en)")
    community_name_zh: str = Field("示例社区", description="Community name (zh), used for prefill")
    community_name_en: str = Field("Sample Community", description="Community name (en)")
    district_code: str = Field("370102", pattern=r"^\d{6}$", description="GB/T 2260 code of the district")
    counter_zh: str = Field("一楼 一窗受理 1-3 号窗口", description="Where residents go next (zh)")
    counter_en: str = Field("Ground floor, one-window counters 1-3", description="Where residents go next (en)")


class UiSettings(_Section):
    default_language: Language = Field("zh_CN", description="Language a session starts in")
    languages: list[Language] = Field(default_factory=lambda: list(DEFAULT_LANGUAGES))
    idle_timeout_s: int = Field(60, ge=10, le=3600, description="Seconds without a touch before the session is wiped")
    elderly_idle_timeout_s: int = Field(120, ge=10, le=3600, description="Idle timeout in large-text mode")
    countdown_s: int = Field(15, ge=3, le=120, description="Visible countdown before an idle wipe")
    technician_idle_timeout_s: int = Field(600, ge=60, le=7200,
                                           description="Seconds without a touch before technician mode ends "
                                                       "(a warning shows in the last 30 s)")
    size: str = Field("1080x1920", pattern=r"^\d{3,5}x\d{3,5}$", description="Window size when not fullscreen")
    fullscreen: bool = Field(True, description="Fullscreen and frameless (always in production)")
    attract_rotate_s: int = Field(8, ge=2, le=120, description="Seconds each notice stays on the attract screen")
    dev_dock: bool = Field(False, description="Show the simulated-device dock (demo only)")


class IdCardSettings(_Section):
    driver: Literal["sam_serial", "vendor_sdk", "simulator", "fake", "none"] = "simulator"
    port: str = Field("/dev/kiosk-idcard", description="Serial port path or pyserial URL")
    baud: int = Field(115200, description="SAM serial baud rate")
    library: str = Field("", description="Vendor SDK shared library path (vendor_sdk driver)")
    sdk_style: Literal["cvr", "plain"] = Field("cvr", description="CVR_* or plain entry point names")
    poll_interval_s: float = Field(0.5, gt=0, le=10)

    @field_validator("baud")
    @classmethod
    def _baud(cls, v: int) -> int:
        if v not in (9600, 19200, 38400, 57600, 115200):
            raise ValueError("baud must be one of 9600, 19200, 38400, 57600, 115200")
        return v


class PrinterSettings(_Section):
    driver: Literal["escpos", "simulator", "fake", "none"] = "simulator"
    uri: str = Field("tcp://127.0.0.1:9100", description="tcp://H:P, serial:PATH?baud=N, usb:VID:PID, cups:Q, file:P")
    paper_width_mm: Literal[58, 80] = 80
    render_mode: Literal["text", "raster"] = "text"
    native_qr: bool = False
    status_interval_s: float = Field(30, gt=0)

    @field_validator("uri")
    @classmethod
    def _uri(cls, v: str) -> str:
        parse_uri(v)  # ValueError names the accepted forms (a "seral:" typo fails here, not at the first print)
        return v


class DocumentPrinterSettings(_Section):
    queue: str = Field("", description="CUPS queue for A4 documents; empty disables")


class ScannerSettings(_Section):
    driver: Literal["serial", "evdev", "simulator", "fake", "none"] = "simulator"
    port: str = ""
    suffix: str = Field("\r", description="Suffix a serial scanner ends each payload with")


class DocCamSettings(_Section):
    driver: Literal["v4l2", "simulator", "fake", "none"] = Field(
        "none", description="none: no capture steps, papers go to the counter (the demo uses the simulator)")
    device: str = Field("/dev/kiosk-doccam", description="V4L2 device of the document camera")
    preview_size: str = Field("1280x720", pattern=r"^\d{2,5}x\d{2,5}$", description="Preview frame size")
    still_size: str = Field("", pattern=r"^(\d{2,5}x\d{2,5})?$",
                            description="Still size; empty = the camera's largest")


class PcscSettings(_Section):
    enabled: bool = True
    reader_filter: str = Field("", description="Only readers whose name contains this")
    driver: Literal["pcscd", "fake"] = Field("pcscd", description="pcscd (real readers) or fake (tests)")


class CameraSettings(_Section):
    driver: Literal["v4l2", "simulator", "fake", "none"] = Field("none", description="none until the face check is used")
    device: str = Field("/dev/kiosk-camera", description="V4L2 device node (v4l2 driver)")
    width: int = Field(640, ge=160, le=1920, description="Frame width asked of the camera")
    height: int = Field(480, ge=120, le=1080, description="Frame height asked of the camera")
    scene: Literal["holder", "someone_else", "no_one", "printed_photo"] = Field(
        "holder", description="What the simulated camera shows (simulator driver)")
    video: str = Field("", description="A video file the simulator plays instead of the scene")


class FaceSettings(_Section):
    threshold: float = Field(0.5, gt=0, lt=1.2, description="Largest embedding distance taken as the same "
                                                            "person (docs/face-verification.md)")
    liveness_timeout_s: float = Field(8, gt=0, le=60, description="Seconds the resident has to blink")
    attempts: int = Field(3, ge=1, le=5, description="Attempts before the resident is sent to staff")
    no_photo: Literal["staff", "refuse"] = Field(
        "staff", description="A card without a decodable photo: staff check the person, or the service is refused here")


class SyncSettings(_Section):
    hub_url: str = Field("", description="Platform hub base URL; empty = offline terminal")
    ca_file: str = Field("", description="CA bundle the hub's TLS certificate must chain to")
    bundle_key_fingerprint: str = Field("", description="Expected SHA-256 fingerprint of the bundle key")
    interval_s: float = Field(30, gt=0, description="Seconds between sync rounds")
    heartbeat_s: float = Field(30, gt=0)
    timeout_s: float = Field(10, gt=0, le=120)
    stub_retention_days: int = Field(180, ge=1)


class UpdateSettings(_Section):
    """The terminal's own software update (issue 20; run as root by ``kiosk-update.service``).

    An offered release installs only between resident sessions and inside the maintenance window
    (Beijing time; the centre's opening hours lie outside it), unless the hub forces it, which skips the
    window but never the session wait. The new version is committed only when it passes its health check
    (first frame drawn, store opened and migrated, a heartbeat accepted) within ``health_deadline_s``;
    otherwise the previous version and the database copy taken before installing are put back."""

    enabled: bool = Field(True, description="Install software releases the hub offers")
    window_start: str = Field("01:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                              description="Start of the maintenance window (HH:MM, Beijing time)")
    window_end: str = Field("05:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                            description="End of the maintenance window (HH:MM; before the start = past midnight)")
    health_deadline_s: int = Field(300, ge=30, le=3600,
                                   description="Seconds the new version has to pass its health check")
    release_keys_dir: Path = Field(Path("/usr/share/community-kiosk/release-keys"),
                                   description="The pinned release public keys (<kid>.pub), shipped in the package")
    state_dir: Path = Field(Path("/var/lib/kiosk-update"),
                            description="The updater's state file, downloads and kept packages (root's)")
    service: str = Field("kiosk.service", pattern=r"^[A-Za-z0-9@._-]{1,80}\.service$",
                         description="The systemd unit stopped and restarted around an install")


class Settings(_Section):
    schema_version: int = Field(SCHEMA_VERSION, description="Version of this settings schema")
    mode: Literal["demo", "production"] = Field("demo", description="production refuses simulators")
    data_dir: Path = Field(default_factory=default_data_dir, description="Database, keys, journal")
    terminal: TerminalSettings = Field(default_factory=TerminalSettings)
    ui: UiSettings = Field(default_factory=UiSettings)
    idcard: IdCardSettings = Field(default_factory=IdCardSettings)
    printer: PrinterSettings = Field(default_factory=PrinterSettings)
    document_printer: DocumentPrinterSettings = Field(default_factory=DocumentPrinterSettings)
    scanner: ScannerSettings = Field(default_factory=ScannerSettings)
    doccam: DocCamSettings = Field(default_factory=DocCamSettings)
    pcsc: PcscSettings = Field(default_factory=PcscSettings)
    camera: CameraSettings = Field(default_factory=CameraSettings)
    face: FaceSettings = Field(default_factory=FaceSettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    update: UpdateSettings = Field(default_factory=UpdateSettings)

    @field_validator("schema_version")
    @classmethod
    def _schema(cls, v: int) -> int:
        if v > SCHEMA_VERSION:
            raise ValueError(f"settings schema {v} is newer than this software ({SCHEMA_VERSION})")
        return v

    @model_validator(mode="after")
    def _production_refuses_simulators(self) -> Settings:
        if self.mode == "production":
            for section in ("idcard", "printer", "scanner", "doccam", "camera", "pcsc"):
                driver = getattr(self, section).driver
                if driver in ("simulator", "fake"):
                    raise ValueError(f"{section}.driver={driver!r} is not allowed in production mode")
            if self.ui.dev_dock:
                raise ValueError("ui.dev_dock is not allowed in production mode")
        return self

    @property
    def db_path(self) -> Path:
        return self.data_dir / "kiosk.sqlite3"


def settings_file(environ: Mapping[str, str] | None = None) -> Path:
    """The settings file read (and saved by the technician screen) when no ``--config`` names one.

    ``$KIOSK_DATA_DIR/kiosk.toml`` when ``KIOSK_DATA_DIR`` is set (a demo, a test, a second instance
    never reads or writes the machine's ``/etc``), else ``/etc/kiosk/kiosk.toml``.
    """
    environ = os.environ if environ is None else environ
    data_dir = environ.get("KIOSK_DATA_DIR")
    return Path(data_dir) / "kiosk.toml" if data_dir else DEFAULT_CONFIG_FILE


def _deep_merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _env_layer(environ: Mapping[str, str]) -> dict[str, Any]:
    layer: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        path = name[len(ENV_PREFIX):].lower().split("__")
        if not all(path):
            continue
        if len(path) == 1 and path[0] not in Settings.model_fields:
            continue  # KIOSK_FOO that is not a setting (e.g. KIOSK_HUB_DATA_DIR)
        node = layer
        for part in path[:-1]:
            node = node.setdefault(part, {})
        if isinstance(node, dict):
            if path[-1] in ("languages",):
                node[path[-1]] = [v.strip() for v in value.split(",") if v.strip()]
            else:
                node[path[-1]] = value
    return layer


def _suggestion(loc: tuple[Any, ...]) -> str:
    """For a misspelt key: ``did you mean 'baud'?`` among the keys of its section."""

    model: type[Section] = Settings
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        inner = field.annotation if field is not None else None
        if not (isinstance(inner, type) and issubclass(inner, Section)):
            return ""
        model = inner
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _messages(err: ValidationError) -> dict[str, str]:
    """Key -> plain message (pydantic's "Extra inputs are not permitted" becomes "unknown setting")."""
    out: dict[str, str] = {}
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"]) or "(settings)"
        if e["type"] == "extra_forbidden":
            msg = "unknown setting" + _suggestion(tuple(e["loc"]))
        else:
            msg = str(e["msg"]).removeprefix("Value error, ")
        out.setdefault(key, msg)
    return out


def _format_error(err: ValidationError) -> str:
    return "; ".join(f"invalid setting {key}: {msg}" for key, msg in _messages(err).items())


def load_settings(
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    missing_ok: bool = False,
) -> Settings:
    """Build settings from the three layers (plus explicit overrides for CLI flags).

    ``config_file=None`` reads :func:`settings_file` if it exists; an explicit path that does not
    exist is an error unless ``missing_ok`` (the demo's own file, created by its first save).
    """
    data = _layers(config_file, environ, overrides, missing_ok=missing_ok)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(_format_error(exc)) from exc


def load_tolerant(
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[Settings, dict[str, str]]:
    """Settings with every invalid key left at its default, and those keys with their messages.

    For diagnostics, which must run exactly when a setting is broken: each component whose section
    holds a bad key is then reported as failing (SET-INVALID) instead of being checked against a default.
    An unreadable file still raises :class:`SettingsError`.
    """
    data = _layers(config_file, environ, overrides)
    errors: dict[str, str] = {}
    for _ in range(50):  # each round drops at least one key; bounded for a hostile file
        try:
            return Settings.model_validate(data), errors
        except ValidationError as exc:
            messages = _messages(exc)
            errors.update({k: v for k, v in messages.items() if k not in errors})
            for key in messages:
                data = _without(data, key.split(".") if key != "(settings)" else ["mode"])
    raise SettingsError("; ".join(f"invalid setting {k}: {m}" for k, m in errors.items()))


def _without(data: dict[str, Any], path: list[str]) -> dict[str, Any]:
    out = dict(data)
    if len(path) == 1 or not isinstance(out.get(path[0]), dict):
        out.pop(path[0], None)
    else:
        out[path[0]] = _without(out[path[0]], path[1:])
    return out


def _layers(config_file: Path | None, environ: Mapping[str, str] | None,
            overrides: Mapping[str, Any] | None, *, missing_ok: bool = False) -> dict[str, Any]:
    environ = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    if config_file is not None and not config_file.exists() and not missing_ok:
        raise SettingsError(f"config file {config_file} does not exist")
    path = config_file if config_file is not None else settings_file(environ)
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
    data = _deep_merge(data, _env_layer(environ))
    if overrides:
        data = _deep_merge(data, overrides)
    return data


def documented_defaults() -> str:
    """A commented TOML of every setting and its default: the reference for technicians."""
    lines = [f"# kiosk settings, schema {SCHEMA_VERSION}. Environment: KIOSK_SECTION__KEY overrides."]
    defaults = Settings(data_dir=Path("/var/lib/kiosk"))
    top = defaults.model_dump(mode="json")
    sections = []
    for name, field in Settings.model_fields.items():
        value = top[name]
        if isinstance(value, dict):
            sections.append((name, field, value))
            continue
        if field.description:
            lines.append(f"# {field.description}")
        lines.append(f"{name} = {_toml_value(value)}")
    for name, _field, value in sections:
        lines.append("")
        lines.append(f"[{name}]")
        model = type(getattr(defaults, name))
        for key, sub in model.model_fields.items():
            if sub.description:
                lines.append(f"# {sub.description}")
            lines.append(f"{key} = {_toml_value(value[key])}")
    return "\n".join(lines) + "\n"


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"

    return json.dumps(str(v), ensure_ascii=False)
