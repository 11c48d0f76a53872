"""USB keyboard-wedge scanners read through evdev, so their keystrokes never reach a text field.

The scanner enumerates as a keyboard. We open its ``/dev/input/event*`` node (a stable
``/dev/input/by-id/...-event-kbd`` path in deployments), GRAB it (EVIOCGRAB: the compositor
and Qt then never see these keys) and turn key presses back into text with a US layout,
the wedge default. Enter ends a payload. Needs read access to the node (udev rule for the
kiosk user) and python-evdev (Linux only).

Not exercised against a kernel device in CI (containers have no /dev/uinput); the key
decoding is tested with synthetic events, the open/grab path on hardware.
"""

from __future__ import annotations

import logging
import select
from collections.abc import Callable
from typing import Any

from devices.scanner.reading_thread import ReadingThread
from kiosk.roles.scanner import MAX_PAYLOAD, ScanEvent

log = logging.getLogger(__name__)

try:  # python-evdev is Linux-only
    from evdev import InputDevice, ecodes
except ImportError:  # pragma: no cover - documented: the driver then reports itself unavailable
    InputDevice = None  # type: ignore[assignment,misc]
    ecodes = None  # type: ignore[assignment]

_PLAIN = {
    **{f"KEY_{c}": c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    **{f"KEY_{d}": d for d in "0123456789"},
    "KEY_MINUS": "-", "KEY_EQUAL": "=", "KEY_LEFTBRACE": "[", "KEY_RIGHTBRACE": "]", "KEY_BACKSLASH": "\\",
    "KEY_SEMICOLON": ";", "KEY_APOSTROPHE": "'", "KEY_GRAVE": "`", "KEY_COMMA": ",", "KEY_DOT": ".",
    "KEY_SLASH": "/", "KEY_SPACE": " ", "KEY_TAB": "\t",
    **{f"KEY_KP{d}": d for d in "0123456789"}, "KEY_KPMINUS": "-", "KEY_KPPLUS": "+", "KEY_KPDOT": ".",
    "KEY_KPSLASH": "/", "KEY_KPASTERISK": "*",
}
_SHIFTED = {
    **{f"KEY_{c}": c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    "KEY_1": "!", "KEY_2": "@", "KEY_3": "#", "KEY_4": "$", "KEY_5": "%", "KEY_6": "^", "KEY_7": "&",
    "KEY_8": "*", "KEY_9": "(", "KEY_0": ")", "KEY_MINUS": "_", "KEY_EQUAL": "+", "KEY_LEFTBRACE": "{",
    "KEY_RIGHTBRACE": "}", "KEY_BACKSLASH": "|", "KEY_SEMICOLON": ":", "KEY_APOSTROPHE": '"', "KEY_GRAVE": "~",
    "KEY_COMMA": "<", "KEY_DOT": ">", "KEY_SLASH": "?", "KEY_SPACE": " ",
}
_SHIFT = {"KEY_LEFTSHIFT", "KEY_RIGHTSHIFT"}
_ENTER = {"KEY_ENTER", "KEY_KPENTER"}

KEY_DOWN, KEY_UP, KEY_HOLD = 1, 0, 2


class KeyDecoder:
    """Key events (by name) in, payloads out. Pure, so it is tested without a kernel device."""

    def __init__(self) -> None:
        self._shift = 0
        self._caps = False
        self._buf: list[str] = []

    def feed(self, key: str, value: int) -> str | None:
        if key in _SHIFT:
            self._shift += 1 if value == KEY_DOWN else (-1 if value == KEY_UP else 0)
            self._shift = max(0, self._shift)
            return None
        if value != KEY_DOWN:
            return None
        if key == "KEY_CAPSLOCK":
            self._caps = not self._caps
            return None
        if key in _ENTER:
            text = "".join(self._buf)
            self._buf.clear()
            return text or None
        shifted = bool(self._shift)
        if self._caps and key.startswith("KEY_") and len(key) == 5 and key[4].isalpha():
            shifted = not shifted
        ch = (_SHIFTED if shifted else _PLAIN).get(key)
        if ch is not None and len(self._buf) < MAX_PAYLOAD:
            self._buf.append(ch)
        return None


def key_name(code: int) -> str:
    if ecodes is None:
        return ""
    name = ecodes.KEY.get(code, "")
    if isinstance(name, list):  # aliases: evdev gives a list
        name = name[0]
    return str(name)


class EvdevScanner(ReadingThread):
    thread_name = "scanner-evdev"
    read_errors = (OSError, ValueError)

    def __init__(self, path: str, *, grab: bool = True, reconnect_s: float = 1.0,
                 opener: Callable[[str], Any] | None = None) -> None:
        super().__init__(reconnect_s)
        self.path = path
        self.grab = grab
        self._opener = opener or (InputDevice if InputDevice is not None else None)

    @property
    def available(self) -> bool:
        return self._opener is not None

    def _run(self) -> None:
        if self._opener is None:
            self._state(False, "python-evdev is not installed")
            return
        super()._run()

    def _open(self) -> Any:
        assert self._opener is not None  # _run returns first when it is None
        dev = self._opener(self.path)
        if self.grab:
            dev.grab()
        return dev

    def _read(self, dev: Any) -> None:
        decoder = KeyDecoder()
        while not self._stop.is_set():
            ready, _, _ = select.select([dev.fd], [], [], 0.2)
            if not ready:
                continue
            for ev in dev.read():
                if ev.type != 1:  # EV_KEY
                    continue
                text = decoder.feed(key_name(ev.code), ev.value)
                if text:
                    self._emit(ScanEvent(text, "evdev"))

    def _close(self, dev: Any) -> None:
        try:
            if self.grab:
                dev.ungrab()
        except Exception:  # noqa: BLE001 - the device may be gone: closing is all that is left
            log.debug("releasing the scanner's grab failed", exc_info=True)
        try:
            dev.close()
        except Exception:  # noqa: BLE001 - as above
            log.debug("closing the scanner device failed", exc_info=True)
