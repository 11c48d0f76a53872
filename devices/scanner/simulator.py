"""A serial code scanner played on a pseudo-terminal: payloads + suffix, paced at the baud rate.

``python -m devices.scanner.simulator`` prints the port, then sends each line typed on
standard input as one scan.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import tty


class ScannerSimulator:
    def __init__(self, baud: int = 9600, suffix: str = "\r", *, wire_time: bool = True) -> None:
        self.baud = baud
        self.suffix = suffix
        self.wire_time = wire_time
        self._master = self._slave = -1
        self.port = ""
        self._lock = threading.Lock()

    def start(self) -> ScannerSimulator:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self._master)
        self.port = os.ttyname(self._slave)
        return self

    def stop(self) -> None:
        for fd in (self._master, self._slave):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._master = self._slave = -1

    def __enter__(self) -> ScannerSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def send_raw(self, data: bytes) -> None:
        with self._lock:
            start = time.monotonic()
            for i in range(0, len(data), 16):
                piece = data[i:i + 16]
                if self.wire_time:
                    delay = start + (i + len(piece)) * 10 / self.baud - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                os.write(self._master, piece)

    def scan(self, payload: str, encoding: str = "utf-8") -> None:
        """One scan: the payload and the suffix, as the scanner sends them."""
        self.send_raw(payload.encode(encoding) + self.suffix.encode("ascii"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devices.scanner.simulator")
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("--suffix", default="\\r", help="suffix, with \\r and \\n escapes")
    args = parser.parse_args(argv)
    suffix = args.suffix.replace("\\r", "\r").replace("\\n", "\n")
    sim = ScannerSimulator(args.baud, suffix).start()
    print(sim.port, flush=True)
    try:
        for line in sys.stdin:
            if line.strip():
                sim.scan(line.strip())
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
