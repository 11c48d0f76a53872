"""systemd service notifications (``sd_notify``) in pure Python: READY, watchdog keep-alives, STATUS.

Why: the unit runs the kiosk with ``Type=notify`` and ``WatchdogSec=``. systemd
only considers the service started when ``READY=1`` arrives, and kills and
restarts it when ``WATCHDOG=1`` stops arriving; a frozen Qt main loop therefore
gets restarted like a crash. The UI calls :meth:`Notifier.keepalive` from a
timer on the Qt main loop, so keep-alives stop exactly when the loop stops.

The protocol is one datagram per notification on the ``AF_UNIX`` socket named
by ``NOTIFY_SOCKET`` (a leading ``@`` means the abstract namespace), holding
newline-separated ``KEY=value`` assignments. No systemd library is needed.

In the packaged unit the main process is ``cage`` (the Wayland compositor) and
the kiosk is its child; ``NotifyAccess=all`` lets systemd accept notifications
from the child, and ``WATCHDOG_PID`` (set to cage's PID) is accepted when it
names our parent for the same reason.

Sending never raises: a lost notification must not take the UI down. Failures
are counted and logged once (without personal data: the status text is redacted).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field

from terminal.logging_setup import redact

log = logging.getLogger(__name__)

_MAX_STATUS_CHARS = 200


def _socket_address(raw: str) -> str | bytes | None:
    """``NOTIFY_SOCKET`` as an address for ``sendto``: a path, or bytes for the abstract namespace."""
    if raw.startswith("@"):
        return b"\0" + raw[1:].encode("utf-8")
    if raw.startswith("/"):
        return raw
    return None  # vsock: and other transports are not used by this service


def _clean_value(text: str) -> str:
    """One line, no personal data, bounded: a newline would start a new assignment."""
    one_line = " ".join(text.split())
    return redact(one_line)[:_MAX_STATUS_CHARS]


@dataclass
class Notifier:
    """Sends service notifications to systemd; a no-op when not started by systemd with ``Type=notify``.

    ``address`` is ``None`` when there is nowhere to send (e.g. run from a
    terminal); every method then returns ``False`` and does nothing.
    """

    address: str | bytes | None
    watchdog_usec: int | None = None
    sent: int = 0
    failures: int = 0
    _warned: bool = field(default=False, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Notifier:
        """Build from ``NOTIFY_SOCKET``, ``WATCHDOG_USEC`` and ``WATCHDOG_PID`` (``os.environ`` by default)."""
        env = os.environ if environ is None else environ
        raw = env.get("NOTIFY_SOCKET", "")
        address = _socket_address(raw) if raw else None
        return cls(address=address, watchdog_usec=_watchdog_usec(env))

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def watchdog_interval_s(self) -> float | None:
        """How often to call :meth:`keepalive`: half of ``WATCHDOG_USEC``, or ``None`` without a watchdog.

        Half the timeout is what sd_watchdog_enabled(3) recommends: one late
        tick of the timer must not already count as a hang.
        """
        if self.watchdog_usec is None or not self.enabled:
            return None
        return self.watchdog_usec / 2 / 1_000_000

    def ready(self, status: str | None = None) -> bool:
        """Startup finished (the first frame is up): systemd marks the unit active."""
        fields = ["READY=1"]
        if status:
            fields.append(f"STATUS={_clean_value(status)}")
        return self._send(fields)

    def keepalive(self) -> bool:
        """The main loop is alive: resets the watchdog timer."""
        return self._send(["WATCHDOG=1"])

    def status(self, text: str) -> bool:
        """A one-line state for ``systemctl status`` (redacted; never put personal data here anyway)."""
        return self._send([f"STATUS={_clean_value(text)}"])

    def stopping(self) -> bool:
        """Orderly shutdown began; systemd will not treat the exit as a hang."""
        return self._send(["STOPPING=1"])

    def watchdog_trigger(self) -> bool:
        """Ask systemd to act as if the watchdog expired (used when the app detects it is wedged)."""
        return self._send(["WATCHDOG=trigger"])

    def close(self) -> None:
        """Nothing to release (a socket is opened per notification); kept for symmetry with callers."""

    def _send(self, fields: list[str]) -> bool:
        if self.address is None:
            return False
        payload = "\n".join(fields).encode("utf-8")
        try:
            # A fresh socket per notification, like sd_notify(3): nothing to leak or to go stale
            # across a fork, and at one keep-alive every few seconds the cost is nil.
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(payload, self.address)
        except OSError as exc:
            self.failures += 1
            if not self._warned:
                self._warned = True
                log.warning("service notification failed: %s", exc.strerror or type(exc).__name__)
            return False
        self.sent += 1
        return True


def _watchdog_usec(env: Mapping[str, str]) -> int | None:
    """``WATCHDOG_USEC`` when it is meant for this process (or for cage, our parent)."""
    raw = env.get("WATCHDOG_USEC", "")
    try:
        usec = int(raw)
    except ValueError:
        return None
    if usec <= 0:
        return None
    pid_raw = env.get("WATCHDOG_PID", "")
    if pid_raw:
        try:
            pid = int(pid_raw)
        except ValueError:
            return None
        if pid not in (os.getpid(), os.getppid()):
            return None  # meant for another process: a grandchild must not keep it alive
    return usec
