"""Printing PDFs through CUPS with ``lp`` and following each job to its end.

``lp`` submits and returns the job id; the job's state then comes from the
scheduler: ``ipptool`` (cups-ipp-utils) gives the exact IPP ``job-state``
(completed / canceled / aborted), and ``lpstat -W`` is the fallback when ipptool
is missing. Every subprocess has a timeout. ``CUPS_SERVER``-style ``server``
(``host:port``) addresses a private scheduler, as the tests run one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# "stopped" (processing-stopped) is final for the kiosk: the printer needs a person, the resident must be told
FINAL_STATES = ("completed", "canceled", "aborted", "stopped")
_IPP_STATES = {
    "pending": "pending", "pending-held": "held", "processing": "processing",
    "processing-stopped": "stopped", "canceled": "canceled", "aborted": "aborted", "completed": "completed",
}


class CupsError(Exception):
    """CUPS refused or could not be reached; the message says what to check."""


@dataclass(frozen=True)
class JobState:
    job_id: int
    state: str  # pending, held, processing, stopped, completed, canceled, aborted, unknown
    reasons: str = ""

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def ok(self) -> bool:
        return self.state == "completed"


class CupsQueue:
    def __init__(self, queue: str, server: str | None = None, timeout_s: float = 15.0) -> None:
        if not queue or not re.fullmatch(r"[A-Za-z0-9_.\-]+", queue):
            raise ValueError(f"bad CUPS queue name {queue!r}")
        self.queue = queue
        self.server = server or os.environ.get("CUPS_SERVER") or None
        self.timeout_s = timeout_s

    def _env(self) -> dict[str, str]:
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        if self.server:
            env["CUPS_SERVER"] = self.server
        return env

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        if shutil.which(args[0]) is None:
            raise CupsError(f"{args[0]} not found: install the Debian package cups-client")
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=self.timeout_s, env=self._env(), check=False)
        except subprocess.TimeoutExpired as exc:
            raise CupsError(f"{args[0]} did not answer within {self.timeout_s:.0f} s (is cupsd running?)") from exc

    def ready(self) -> tuple[bool, str]:
        """Whether the queue exists and is enabled (``lpstat -p``)."""
        res = self._run(["lpstat", "-p", self.queue])
        out = res.stdout.strip()
        if res.returncode != 0 or not out:
            return False, res.stderr.strip() or f"queue {self.queue} not found"
        return "disabled" not in out, out.splitlines()[0]

    def submit(self, pdf: bytes | Path, title: str = "kiosk-document") -> int:
        """Queue a PDF (``lp -d QUEUE``); returns the CUPS job id."""
        title = re.sub(r"[^A-Za-z0-9_.\-]", "_", title)[:60] or "kiosk-document"
        tmp: Path | None = None
        try:
            if isinstance(pdf, bytes):
                fd, name = tempfile.mkstemp(prefix="kiosk-", suffix=".pdf")
                with os.fdopen(fd, "wb") as fh:
                    fh.write(pdf)
                tmp = path = Path(name)
            else:
                path = pdf
            res = self._run(["lp", "-d", self.queue, "-t", title, "-o", "media=A4", str(path)])
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        m = re.search(r"request id is \S+-(\d+)", res.stdout)
        if res.returncode != 0 or not m:
            raise CupsError(f"lp refused the job: {(res.stderr or res.stdout).strip()}")
        return int(m.group(1))

    def state(self, job_id: int) -> JobState:
        if shutil.which("ipptool"):
            st = self._ipp_state(job_id)
            if st is not None:
                return st
        return self._lpstat_state(job_id)

    def _ipp_state(self, job_id: int) -> JobState | None:
        server = self.server or "localhost"
        res = self._run(["ipptool", "-tv", "-T", str(int(self.timeout_s)), f"ipp://{server}/jobs/{job_id}",
                         "get-job-attributes.test"])
        m = re.search(r"job-state \(enum\) = (\S+)", res.stdout)
        if not m:
            return None
        reasons = re.search(r"job-state-reasons \(\S+\) = (.+)", res.stdout)
        return JobState(job_id, _IPP_STATES.get(m.group(1), "unknown"), reasons.group(1).strip() if reasons else "")

    def _lpstat_state(self, job_id: int) -> JobState:
        name = f"{self.queue}-{job_id}"
        for which, state in (("not-completed", "processing"), ("completed", "completed")):
            res = self._run(["lpstat", "-W", which, "-o", self.queue])
            if any(line.split()[:1] == [name] for line in res.stdout.splitlines()):
                return JobState(job_id, state)
        return JobState(job_id, "unknown")

    def wait(self, job_id: int, timeout_s: float = 60.0, poll_s: float = 0.25) -> JobState:
        """Follow the job until it is completed, canceled, aborted or stopped, or ``timeout_s`` passes."""
        deadline = time.monotonic() + timeout_s
        st = self.state(job_id)
        while not st.final and time.monotonic() < deadline:
            time.sleep(poll_s)
            st = self.state(job_id)
        return st

    def print_pdf(self, pdf: bytes | Path, title: str = "kiosk-document", timeout_s: float = 60.0) -> JobState:
        ok, detail = self.ready()
        if not ok:
            raise CupsError(f"CUPS queue {self.queue} is not ready: {detail}")
        return self.wait(self.submit(pdf, title), timeout_s)
