"""Operations: what redaction costs per log record, and what a watchdog keep-alive costs.

Figures are ratios against baselines measured in the same run: a record through
the redacting journal handler vs. the same handler without the filter, a
record with personal data in it vs. one without, and ``Notifier.keepalive``
vs. a bare ``sendto`` of the same datagram.
"""

from __future__ import annotations

import logging
import os
import socket
import tempfile
import threading
import time
from pathlib import Path

from contract.idnumber import make_valid
from terminal.logging_setup import JournalHandler, PersonalDataFilter, structured
from terminal.watchdog import Notifier


class _Drain:
    """A datagram socket emptied by a thread, standing in for journald / systemd."""

    def __init__(self, path: Path) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
        self.sock.settimeout(0.2)
        self.count = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                self.sock.recv(1 << 17)
                self.count += 1
            except TimeoutError:
                continue
            except OSError:
                return

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        self.sock.close()


def _per_record_us(logger: logging.Logger, n: int, message: str, *args: object) -> float:
    t0 = time.perf_counter()
    for i in range(n):
        logger.info(message, *args, i, extra=structured(event="bench.record", n=i))
    return (time.perf_counter() - t0) / n * 1e6


def _logger(name: str, handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(f"bench.ops.{name}.{os.getpid()}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.handlers[:] = [handler]
    return logger


def run(quick: bool) -> dict[str, float]:
    n = 2000 if quick else 20000
    id_number = make_valid("37010219900101123")
    with tempfile.TemporaryDirectory(prefix="bench-ops-") as d:
        jpath = Path(d) / "journal"
        drain = _Drain(jpath)
        try:
            plain = JournalHandler(jpath)
            redacting = JournalHandler(jpath)
            redacting.addFilter(PersonalDataFilter())
            lp, lr = _logger("plain", plain), _logger("redact", redacting)
            _per_record_us(lp, n // 4, "warm-up %s %d", "x")  # imports, caches, socket buffers
            _per_record_us(lr, n // 4, "warm-up %s %d", "x")
            # Best of three, alternating, so background load hits both sides alike.
            base_us = clean_us = dirty_us = float("inf")
            for _ in range(3):
                base_us = min(base_us, _per_record_us(lp, n, "printed receipt for job %s seq %d", "R-1"))
                clean_us = min(clean_us, _per_record_us(lr, n, "printed receipt for job %s seq %d", "R-1"))
                dirty_us = min(dirty_us, _per_record_us(lr, n, "card %s read seq %d", id_number))
            plain.close()
            redacting.close()
        finally:
            drain.close()

        npath = Path(d) / "notify"
        notify_drain = _Drain(npath)
        try:
            notifier = Notifier.from_env({"NOTIFY_SOCKET": str(npath)})
            t0 = time.perf_counter()
            for _ in range(n):
                notifier.keepalive()
            keepalive_us = (time.perf_counter() - t0) / n * 1e6
            raw = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            t0 = time.perf_counter()
            for _ in range(n):
                raw.sendto(b"WATCHDOG=1", str(npath))
            raw_us = (time.perf_counter() - t0) / n * 1e6
            raw.close()
        finally:
            notify_drain.close()

    return {
        "records": float(n),
        "journal_record_us_unfiltered": round(base_us, 2),
        "journal_record_us_redacting": round(clean_us, 2),
        "redaction_overhead_ratio": round(clean_us / base_us, 3),
        "record_with_id_number_vs_clean_ratio": round(dirty_us / clean_us, 3),
        "keepalive_us": round(keepalive_us, 2),
        "keepalive_vs_bare_sendto_ratio": round(keepalive_us / raw_us, 3),
    }
