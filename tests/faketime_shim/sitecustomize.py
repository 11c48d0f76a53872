"""Loaded (through PYTHONPATH) only by the date-shifted runs of ``tests/test_dated_runs.py``.

libfaketime 0.9.10 (Debian 12) with the wall clock moved and monotonic time left real breaks
``time.sleep``: CPython 3.11 sleeps with ``clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)``, which the
library rejects with EINVAL. Moving monotonic time as well instead hangs every lock or event wait with a
timeout. So monotonic time stays real and sleeping goes through a timed event wait, which works.
"""

import threading
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    threading.Event().wait(seconds)


time.sleep = _sleep
