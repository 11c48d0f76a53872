"""Printer URIs as the settings name them: ``tcp://HOST:PORT``, ``serial:PATH?baud=N``, ``usb:VID:PID``,
``cups:QUEUE`` and ``file:PATH``.

Pure parsing, so the hub can refuse a settings bundle with a mistyped printer
URI before it reaches a terminal, and the terminal refuses it at load time, not
at the first print.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class PrinterUri:
    scheme: str  # tcp, serial, usb, cups, file
    target: str  # host / path / queue
    port: int = 9100
    baud: int = 9600
    vid: int = 0
    pid: int = 0

    def __str__(self) -> str:
        if self.scheme == "tcp":
            return f"tcp://{self.target}:{self.port}"
        if self.scheme == "serial":
            return f"serial:{self.target}?baud={self.baud}"
        if self.scheme == "usb":
            return f"usb:{self.vid:04x}:{self.pid:04x}"
        return f"{self.scheme}:{self.target}"


def parse_uri(uri: str) -> PrinterUri:
    """Parse a printer URI; ``ValueError`` with the accepted forms when it is not one."""
    forms = "tcp://HOST:PORT, serial:PATH?baud=N, usb:VID:PID, cups:QUEUE or file:PATH"
    uri = uri.strip()
    if uri.startswith("tcp://"):
        parts = urlsplit(uri)
        if not parts.hostname:
            raise ValueError(f"printer URI {uri!r} has no host; expected {forms}")
        try:
            port = parts.port or 9100
        except ValueError:
            raise ValueError(f"printer URI {uri!r} has a bad port") from None
        return PrinterUri("tcp", parts.hostname, port=port)
    scheme, sep, rest = uri.partition(":")
    if not sep or not rest:
        raise ValueError(f"printer URI {uri!r} not understood; expected {forms}")
    if scheme == "serial":
        path, _, query = rest.partition("?")
        baud = 9600
        if query:
            qs = parse_qs(query)
            try:
                baud = int(qs.get("baud", ["9600"])[0])
            except ValueError:
                raise ValueError(f"printer URI {uri!r}: baud must be a number") from None
        if not path:
            raise ValueError(f"printer URI {uri!r} has no device path")
        return PrinterUri("serial", path, baud=baud)
    if scheme == "usb":
        vid, _, pid = rest.partition(":")
        try:
            return PrinterUri("usb", rest, vid=int(vid, 16), pid=int(pid, 16))
        except ValueError:
            raise ValueError(f"printer URI {uri!r}: expected usb:VID:PID in hex, e.g. usb:0416:5011") from None
    if scheme in ("cups", "file"):
        return PrinterUri(scheme, rest)
    raise ValueError(f"printer URI scheme {scheme!r} not supported; expected {forms}")
