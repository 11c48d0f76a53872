"""Slow work that some tests need, started as soon as collection ends and run beside the other tests.

The test process is one thread, and much of the time it waits (on a hub, a browser, a subprocess): on the
two-core machines that run ``make test`` the second core idles for a good part of the run. The longest waits
of the suite need nothing from the tests before them: building the .deb with lintian on it
(tests/packaging/conftest.py) and the screen sweeps (tests/journeys/sweeps.py, one process per window size).
Their conftests queue them here when the session's selected tests need them; one background thread runs the
queue in order, each job in processes of its own, and the test that needs a result waits for it. A result no
one queued is worked out by the asking test itself, as before. The checks are the same either way; only when
the work happens changes. Everything still running when the session ends is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar, cast

import pytest

T = TypeVar("T")


class Background:
    """The session's queue of background jobs, by name; :meth:`run` starts a job's processes."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="suite-background")
        self._jobs: dict[str, Future[Any]] = {}
        self._processes: set[subprocess.Popen[str]] = set()
        self._at_close: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self._closed = False

    def start(self, name: str, job: Callable[[], Any]) -> None:
        """Queue ``job`` under ``name`` (once: a name already queued keeps its first job)."""
        if name not in self._jobs:
            self._jobs[name] = self._pool.submit(job)

    def result(self, name: str, job: Callable[[], T]) -> T:
        """The queued job's result (waiting for it, re-raising its failure); ``job()`` here if none was queued."""
        queued = self._jobs.get(name)
        return job() if queued is None else cast(T, queued.result())

    def run(self, args: Sequence[str], timeout: float, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        """``subprocess.run(args, capture_output=True, text=True)``, but killed if the session ends first."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the test session is over")
            # a session of its own: the kill at close reaches the job's children too (build.sh runs pip, dpkg-deb)
            process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       start_new_session=True, **kwargs)
            self._processes.add(process)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            process.communicate()
            raise
        finally:
            with self._lock:
                self._processes.discard(process)
        return subprocess.CompletedProcess(list(args), process.returncode, out, err)

    def at_close(self, cleanup: Callable[[], None]) -> None:
        """Run ``cleanup`` when the session ends (a job's scratch directory, a process it left running)."""
        with self._lock:
            self._at_close.append(cleanup)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for process in self._processes:
                _kill(process)
        self._pool.shutdown(wait=True, cancel_futures=True)
        for cleanup in reversed(self._at_close):
            cleanup()


def _kill(process: subprocess.Popen[str]) -> None:
    """Stop the process and everything it started (its process group): asked first, so build.sh's trap removes
    its scratch tree, then killed."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return  # the whole group is gone
        try:
            process.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


KEY = pytest.StashKey[Background]()


def background(config: pytest.Config) -> Background:
    """The session's background queue (made on first use; closed by tests/conftest.py at the session's end)."""
    if KEY not in config.stash:
        config.stash[KEY] = Background()
    return config.stash[KEY]


def wanted(session: pytest.Session, fixture: str) -> list[pytest.Item]:
    """The selected tests that use ``fixture``; none when the session only collects."""
    if session.config.option.collectonly:
        return []
    return [item for item in session.items if fixture in getattr(item, "fixturenames", ())]
