"""Printing through CUPS with ``lp`` and following each job to its end.

``lp`` submits and returns the job id; the job's state then comes from the
scheduler: ``ipptool`` (cups-ipp-utils) gives the exact IPP ``job-state``
(completed / canceled / aborted) and the printer's ``printer-state-reasons``
(media-empty, offline-report...), and ``lpstat`` is the fallback when ipptool is
missing. Every subprocess has a timeout. ``CUPS_SERVER``-style ``server``
(``host:port``) addresses a private scheduler, as the tests run one.

One implementation for both printers of the kiosk: A4 documents (PDF, ``media=A4``)
and receipts to a ``cups:QUEUE`` raw queue (``-o raw``), so a receipt sent to a
paused or failing queue reports what happened instead of "lp accepted it".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from kiosk.documents.cups import CupsError, JobState

_IPP_STATES = {
    "pending": "pending", "pending-held": "held", "processing": "processing",
    "processing-stopped": "stopped", "canceled": "canceled", "aborted": "aborted", "completed": "completed",
}
# printer-state-reasons (RFC 8011 5.4.12, PWG 5100.9) -> PrintOutcome reason; the first match wins
_PAPER_OUT = ("media-empty", "media-needed", "media-low-error", "input-tray-missing")
_COVER_OPEN = ("cover-open", "door-open", "interlock-open")
_OFFLINE = ("offline", "connecting-to-device", "paused", "shutdown", "timed-out", "stopped", "moving-to-paused")


def outcome_reason(state: JobState, printer_reasons: tuple[str, ...]) -> str:
    """The PrintOutcome reason (paper_out / cover_open / offline / error) for a job that did not complete.

    The printer's reasons say why when they say anything (an out-of-paper printer stops the queue and
    aborts or holds the job); a job still waiting when the wait ended is on a printer that is not
    printing: offline. Anything else (aborted by a filter, canceled by a person) is an error."""
    for prefixes, reason in ((_PAPER_OUT, "paper_out"), (_COVER_OPEN, "cover_open"), (_OFFLINE, "offline")):
        if any(r.startswith(prefixes) for r in printer_reasons if r != "none"):
            return reason
    return "offline" if not state.final or state.state == "stopped" else "error"


class CupsQueue:
    """One CUPS queue: submit, follow, cancel; ``timeout_s`` bounds every call to a CUPS tool."""

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
        except OSError as exc:
            raise CupsError(f"{args[0]} could not run: {exc}") from exc

    def ready(self) -> tuple[bool, str]:
        """Whether the queue exists and is enabled (``lpstat -p``)."""
        res = self._run(["lpstat", "-p", self.queue])
        out = res.stdout.strip()
        if res.returncode != 0 or not out:
            return False, res.stderr.strip() or f"queue {self.queue} not found"
        return "disabled" not in out, out.splitlines()[0]

    def submit(self, pdf: bytes | Path, title: str = "kiosk-document") -> int:
        """Queue a PDF on A4 (``lp -d QUEUE -o media=A4``); returns the CUPS job id."""
        return self._lp(pdf, title, "kiosk-document", ["-o", "media=A4"], ".pdf")

    def submit_raw(self, data: bytes, title: str = "kiosk-receipt") -> int:
        """Queue printer-ready bytes (ESC/POS) untouched by filters (``lp -o raw``); returns the job id."""
        return self._lp(data, title, "kiosk-receipt", ["-o", "raw"], ".bin")

    def _lp(self, content: bytes | Path, title: str, default_title: str, options: list[str], suffix: str) -> int:
        title = re.sub(r"[^A-Za-z0-9_.\-]", "_", title)[:60] or default_title
        tmp: Path | None = None
        try:
            if isinstance(content, bytes):
                fd, name = tempfile.mkstemp(prefix="kiosk-", suffix=suffix)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(content)
                tmp = path = Path(name)
            else:
                path = content
            res = self._run(["lp", "-d", self.queue, "-t", title, *options, str(path)])
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

    def _ipptool(self, resource: str, test: str) -> str:
        server = self.server or "localhost"
        res = self._run(["ipptool", "-tv", "-T", str(max(1, int(self.timeout_s))), f"ipp://{server}/{resource}", test])
        return res.stdout

    def _ipp_state(self, job_id: int) -> JobState | None:
        out = self._ipptool(f"jobs/{job_id}", "get-job-attributes.test")
        m = re.search(r"job-state \(enum\) = (\S+)", out)
        if not m:
            return None
        reasons = re.search(r"job-state-reasons \([^)]*\) = (.+)", out)
        return JobState(job_id, _IPP_STATES.get(m.group(1), "unknown"), reasons.group(1).strip() if reasons else "")

    def _lpstat_state(self, job_id: int) -> JobState:
        name = f"{self.queue}-{job_id}"
        for which, state in (("not-completed", "processing"), ("completed", "completed")):
            res = self._run(["lpstat", "-W", which, "-o", self.queue])
            if any(line.split()[:1] == [name] for line in res.stdout.splitlines()):
                return JobState(job_id, state)
        return JobState(job_id, "unknown")

    def printer_state(self) -> tuple[str, tuple[str, ...]]:
        """(``idle`` / ``processing`` / ``stopped``, printer-state-reasons such as ``media-empty-error``)."""
        if shutil.which("ipptool"):
            out = self._ipptool(f"printers/{self.queue}", "get-printer-attributes.test")
            state = re.search(r"printer-state \(enum\) = (\S+)", out)
            if state:
                reasons = re.search(r"printer-state-reasons \([^)]*\) = (.+)", out)
                found = reasons.group(1).split(",") if reasons else []
                return state.group(1), tuple(r.strip() for r in found if r.strip())
        ok, _detail = self.ready()
        return ("idle", ()) if ok else ("stopped", ("paused",))

    def cancel(self, job_id: int) -> None:
        """Cancel a job (``cancel``); a receipt reported as failed must not come out later."""
        self._run(["cancel", f"{self.queue}-{job_id}"])

    def wait(self, job_id: int, timeout_s: float = 60.0, poll_s: float = 0.25) -> JobState:
        """Follow the job until it is completed, canceled, aborted or stopped, or ``timeout_s`` passes.

        A job held (the backend failed and the error policy retries it later) or waiting in a stopped
        queue (the policy stopped the printer, or a person paused it) is not waited for: it cannot move
        until a person acts or a retry timer fires, long after the resident has gone."""
        deadline = time.monotonic() + timeout_s
        st = self.state(job_id)
        while not st.final and time.monotonic() < deadline:
            if st.state == "held" or (st.state == "pending" and self.printer_state()[0] == "stopped"):
                break
            time.sleep(poll_s)
            st = self.state(job_id)
        return st

    def print_pdf(self, pdf: bytes | Path, title: str = "kiosk-document", timeout_s: float = 60.0) -> JobState:
        ok, detail = self.ready()
        if not ok:
            raise CupsError(f"CUPS queue {self.queue} is not ready: {detail}")
        return self.wait(self.submit(pdf, title), timeout_s)
