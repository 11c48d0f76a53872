"""Structured logging to the systemd journal, without personal data.

Why: on a terminal the journal is the only log technicians read
(``journalctl -u kiosk``), and structured fields (``EVENT=print.done``,
``KIOSK_VERSION=...``) let them filter 400 machines' logs the same way. Residents'
ID numbers and phone numbers must never reach it, whatever a developer or a
third-party library puts in a message, so every record passes a redaction
filter before any handler writes it.

Where records go (:func:`configure_logging`):

- started by systemd with stderr connected to the journal (``JOURNAL_STREAM``
  names stderr's device and inode): the journal's native socket
  ``/run/systemd/journal/socket``, one datagram per record in the native
  protocol (``KEY=value`` lines; values with a newline as ``KEY``, newline,
  64-bit little-endian length, bytes, newline). Records too big for a datagram
  go through a sealed memfd passed with ``SCM_RIGHTS``, as sd_journal_send does.
- otherwise (a terminal, a test, CI): ``key=value`` lines on stderr (logfmt),
  prefixed ``<N>`` with the syslog priority when stderr is the journal stream
  but the native socket is missing, so journald still gets the level.

Structured fields: ``log.info("printed", extra=structured(event="print.done", ms=40))``.
Field names become journal field names (upper case, ``[A-Z0-9_]``).
"""

from __future__ import annotations

import array
import errno
import fcntl
import logging
import os
import re
import socket
import struct
import sys
import threading
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from kiosk import __version__

JOURNAL_SOCKET = Path("/run/systemd/journal/socket")
FIELDS_ATTR = "kiosk_fields"
_HANDLER_MARK = "_kiosk_handler"

# --- personal data ---------------------------------------------------------------------------

# Order matters: the most specific shapes first, so an ID number is labelled "id", not "number".
# Lookarounds look at digits only: "身份证370102..." must still match (\w would include 证).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.ASCII))  # ASCII: \d is 0-9 only, so other scripts' digits never shield a number
    for kind, rx in (
        ("id", r"(?<!\d)\d{6}\s?\d{8}\s?\d{3}[\dXx](?!\d)"),  # GB 11643, 18 characters
        ("number", r"(?<!\d)\d{15,19}(?!\d)"),  # old 15-digit IDs, bank cards
        ("phone", r"(?<![\d+])(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)"),  # mobiles
        ("phone", r"(?<!\d)(?:\+?86[-\s]?)?\(?0\d{2,3}\)?[-\s]\d{7,8}(?!\d)"),  # 0531-86123456
    )
)

# Structured field names whose values are personal whatever they look like (a name has no shape).
_PERSONAL_FIELD = re.compile(
    r"(^|_)(NAME|NAMES|ID_?NUMBER|ID_?NO|IDCARD|ID_CARD|CERT_?NO|PHONE|MOBILE|TEL|TELEPHONE|ADDRESS|ADDR|"
    r"BIRTH|BIRTHDAY|BIRTH_DATE|DOB|PHOTO|EMAIL)($|_)"
)
# Field names that look personal but are not (technician identifiers).
_SAFE_FIELDS = frozenset({"LOGGER_NAME", "THREAD_NAME", "HOST_NAME", "FILE_NAME", "QUEUE_NAME", "DEVICE_NAME"})


def redact(text: str) -> str:
    """``text`` with ID numbers, long card-like numbers and phone numbers replaced by ``[REDACTED:kind]``."""
    for kind, pattern in _PATTERNS:
        text = pattern.sub(f"[REDACTED:{kind}]", text)
    return text


def contains_personal_data(text: str) -> bool:
    return any(p.search(text) for _kind, p in _PATTERNS)


def is_personal_field(name: str) -> bool:
    key = journal_field_name(name)
    return key not in _SAFE_FIELDS and bool(_PERSONAL_FIELD.search(key))


class PersonalDataFilter(logging.Filter):
    """Redacts personal data in every record: message, arguments, exception text and structured fields.

    Attached to handlers (not loggers) so records from any library are covered.
    The record is rewritten in place with the final text (``args`` cleared),
    marked ``kiosk_redacted`` and counted; it is never dropped, because losing
    the fact that something happened is worse for technicians than losing a value.
    """

    def __init__(self) -> None:
        super().__init__()
        self.redacted = 0

    def filter(self, record: logging.LogRecord) -> bool:
        changed = False
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: keep the template, drop the arguments
            message = f"{record.msg} (unformattable arguments dropped)"
        clean = redact(message)
        if clean != message or record.args:
            changed = changed or clean != message
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            clean_exc = redact(record.exc_text)
            changed = changed or clean_exc != record.exc_text
            record.exc_text = clean_exc
        if record.stack_info:
            clean_stack = redact(record.stack_info)
            changed = changed or clean_stack != record.stack_info
            record.stack_info = clean_stack
        fields = getattr(record, FIELDS_ATTR, None)
        if isinstance(fields, Mapping):
            clean_fields: dict[str, Any] = {}
            for key, value in fields.items():
                if is_personal_field(str(key)):
                    clean_fields[key] = "[REDACTED]"
                    changed = True
                else:
                    text = _field_text(value)
                    clean_value = redact(text)
                    changed = changed or clean_value != text
                    clean_fields[key] = clean_value if clean_value != text else value
            setattr(record, FIELDS_ATTR, clean_fields)
        if changed:
            self.redacted += 1
            record.kiosk_redacted = True
        return True


def structured(**fields: Any) -> dict[str, Any]:
    """``extra=`` for a record with journal fields: ``log.info("x", extra=structured(event="print.done"))``."""
    return {FIELDS_ATTR: fields}


# --- journal native protocol ---------------------------------------------------------------

_PRIORITY = {logging.CRITICAL: 2, logging.ERROR: 3, logging.WARNING: 4, logging.INFO: 6, logging.DEBUG: 7}
_CORE_FIELDS = frozenset(
    {"MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "LOGGER", "THREAD_NAME", "CODE_FILE", "CODE_LINE",
     "CODE_FUNC", "KIOSK_VERSION", "KIOSK_REDACTED"}
)


def syslog_priority(levelno: int) -> int:
    """The syslog priority journald expects (0 emerg .. 7 debug) for a logging level."""
    for threshold in (logging.CRITICAL, logging.ERROR, logging.WARNING, logging.INFO):
        if levelno >= threshold:
            return _PRIORITY[threshold]
    return 7


def journal_field_name(name: str) -> str:
    """A valid journal field name: upper case ``[A-Z0-9_]``, starting with a letter, at most 64 chars."""
    key = re.sub(r"[^A-Z0-9_]", "_", name.upper()).lstrip("_0123456789")
    return (key or "FIELD")[:64]


def encode_field(name: str, value: str | bytes) -> bytes:
    """One field in the native protocol; values with a newline use the binary-safe length form."""
    data = value if isinstance(value, bytes) else value.encode("utf-8", "replace")
    key = name.encode("ascii")
    if b"\n" in data:
        return key + b"\n" + struct.pack("<Q", len(data)) + data + b"\n"
    return key + b"=" + data + b"\n"


def decode_datagram(payload: bytes) -> list[tuple[str, bytes]]:
    """Parse a native-protocol datagram back into fields (used by tests and diagnostics)."""
    out: list[tuple[str, bytes]] = []
    i = 0
    while i < len(payload):
        nl = payload.index(b"\n", i)
        line = payload[i:nl]
        if b"=" in line:
            key, _, value = line.partition(b"=")
            out.append((key.decode("ascii"), value))
            i = nl + 1
        else:
            (size,) = struct.unpack("<Q", payload[nl + 1:nl + 9])
            start = nl + 9
            out.append((line.decode("ascii"), payload[start:start + size]))
            if payload[start + size:start + size + 1] != b"\n":
                raise ValueError("binary field not terminated by a newline")
            i = start + size + 1
    return out


def _field_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _package_version() -> str:
    return __version__


def record_fields(record: logging.LogRecord, identifier: str) -> list[tuple[str, str]]:
    """The journal fields of one (already redacted) record, core fields first."""
    message = record.getMessage()
    if record.exc_text:
        message = f"{message}\n{record.exc_text}"
    elif record.exc_info:
        message = message + "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
    if record.stack_info:
        message = f"{message}\n{record.stack_info}"
    fields = [
        ("MESSAGE", message),
        ("PRIORITY", str(syslog_priority(record.levelno))),
        ("SYSLOG_IDENTIFIER", identifier),
        ("LOGGER", record.name),
        ("THREAD_NAME", record.threadName or ""),
        ("CODE_FILE", record.pathname),
        ("CODE_LINE", str(record.lineno)),
        ("CODE_FUNC", record.funcName or ""),
        ("KIOSK_VERSION", _package_version()),
    ]
    if getattr(record, "kiosk_redacted", False):
        fields.append(("KIOSK_REDACTED", "1"))
    extra = getattr(record, FIELDS_ATTR, None)
    if isinstance(extra, Mapping):
        for key, value in extra.items():
            name = journal_field_name(str(key))
            if name in _CORE_FIELDS:
                name = f"FIELD_{name}"[:64]
            fields.append((name, _field_text(value)))
    return fields


class JournalHandler(logging.Handler):
    """Writes records to journald's native socket; falls back to stderr lines when the journal is gone."""

    def __init__(self, socket_path: Path | str = JOURNAL_SOCKET, identifier: str = "kiosk",
                 fallback: logging.Handler | None = None, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.socket_path = str(socket_path)
        self.identifier = identifier
        self.fallback = fallback or LogfmtHandler(sys.stderr, priority_prefix=True)
        self._sock: socket.socket | None = None
        self._sock_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            payload = b"".join(encode_field(k, v) for k, v in record_fields(record, self.identifier))
            self._send(payload)
        except OSError:
            self.fallback.handle(record)
        except Exception:  # noqa: BLE001 - logging must never take the app down (logging.Handler contract)
            self.handleError(record)

    def _send(self, payload: bytes) -> None:
        with self._sock_lock:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            try:
                self._sock.sendto(payload, self.socket_path)
            except OSError as exc:
                if exc.errno not in (errno.EMSGSIZE, errno.ENOBUFS):
                    raise
                self._send_memfd(payload)

    def _send_memfd(self, payload: bytes) -> None:
        """Large records: journald accepts a sealed memfd holding the datagram, passed as ancillary data."""
        assert self._sock is not None
        fd = os.memfd_create("journal-record", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        try:
            os.write(fd, payload)
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS,
                        fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_WRITE | fcntl.F_SEAL_SEAL)
            # socket.send_fds() ignores its address argument on 3.11, hence sendmsg.
            rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]).tobytes())]
            self._sock.sendmsg([b""], rights, 0, self.socket_path)
        finally:
            os.close(fd)

    def close(self) -> None:
        with self._sock_lock:
            if self._sock is not None:
                self._sock.close()
                self._sock = None
        super().close()


class LogfmtHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """``ts=... level=info logger=... msg="..." key=value`` lines, one per record (newlines escaped)."""

    def __init__(self, stream: IO[str] | None = None, identifier: str = "kiosk", priority_prefix: bool = False) -> None:
        super().__init__(stream if stream is not None else sys.stderr)
        self.identifier = identifier
        self.priority_prefix = priority_prefix

    def format(self, record: logging.LogRecord) -> str:
        fields = record_fields(record, self.identifier)
        by_name = dict(fields)
        ts = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        parts = [f"ts={ts}", f"level={record.levelname.lower()}", f"logger={_logfmt_value(record.name)}",
                 f"msg={_logfmt_value(by_name['MESSAGE'])}"]
        if by_name.get("KIOSK_REDACTED"):
            parts.append("redacted=1")
        skip = {"MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "LOGGER", "THREAD_NAME", "CODE_FILE",
                "CODE_LINE", "CODE_FUNC", "KIOSK_VERSION", "KIOSK_REDACTED"}
        for name, value in fields:
            if name not in skip:
                parts.append(f"{name.lower()}={_logfmt_value(value)}")
        line = " ".join(parts)
        if self.priority_prefix:
            line = f"<{syslog_priority(record.levelno)}>{line}"
        return line


def _logfmt_value(value: str) -> str:
    if value and re.fullmatch(r"[A-Za-z0-9_.:/@+,\[\]-]+", value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


# --- choosing a destination ------------------------------------------------------------------

def stderr_is_journal(environ: Mapping[str, str] | None = None, stream: IO[str] | None = None) -> bool:
    """True when ``JOURNAL_STREAM`` (``device:inode``) names the stream (stderr by default).

    systemd sets it for services whose stdout/stderr go to the journal; a child
    whose stderr was redirected elsewhere inherits the variable but not the
    stream, which is why the inode is compared and not just the variable's presence.
    """
    env = os.environ if environ is None else environ
    raw = env.get("JOURNAL_STREAM", "")
    dev_s, sep, ino_s = raw.partition(":")
    if not sep:
        return False
    try:
        dev, ino = int(dev_s), int(ino_s)
        st = os.fstat((stream or sys.stderr).fileno())
    except (ValueError, OSError, AttributeError):
        return False
    return (st.st_dev, st.st_ino) == (dev, ino)


def configure_logging(
    level: int | str | None = None,
    environ: Mapping[str, str] | None = None,
    stream: IO[str] | None = None,
    journal_socket: Path | str = JOURNAL_SOCKET,
    identifier: str = "kiosk",
    logger: logging.Logger | None = None,
) -> logging.Handler:
    """Install one handler (journal or logfmt) with the redaction filter on the root logger.

    Idempotent: a handler installed by an earlier call is replaced. ``level``
    defaults to ``KIOSK_LOG_LEVEL`` or INFO. Returns the handler (its
    ``filters[0].redacted`` counts redacted records).
    """
    env = os.environ if environ is None else environ
    out = stream if stream is not None else sys.stderr
    target = logger or logging.getLogger()
    for old in [h for h in target.handlers if getattr(h, _HANDLER_MARK, False)]:
        target.removeHandler(old)
        old.close()
    handler: logging.Handler
    on_journal = stderr_is_journal(env, out)
    if on_journal and Path(journal_socket).exists():
        handler = JournalHandler(journal_socket, identifier,
                                 fallback=LogfmtHandler(out, identifier, priority_prefix=True))
    else:
        handler = LogfmtHandler(out, identifier, priority_prefix=on_journal)
    handler.addFilter(PersonalDataFilter())
    setattr(handler, _HANDLER_MARK, True)
    target.addHandler(handler)
    chosen = level if level is not None else env.get("KIOSK_LOG_LEVEL", "INFO")
    target.setLevel(chosen.upper() if isinstance(chosen, str) else chosen)
    return handler
