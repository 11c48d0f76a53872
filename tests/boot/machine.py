"""Debian 12 machines with systemd as PID 1 under ``systemd-nspawn``, for the boot tests.

Why this shape (see /work/shared/specs/nspawn-boot-example.sh and issue 20): the test machine has
no host systemd, so every container runs with ``--register=no --keep-unit``, from a cgroup
directory of its own (two containers would otherwise share ``<cgroup>/payload``), with the
cgroup2 layout of a real Debian 12 (``SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1``); commands run inside
through ``nsenter`` into the container's systemd once ``/run/systemd/private`` exists.

The file trees are overlayfs stacks, so nothing a test does reaches the cache:
``base`` (mmdebstrap, cached across runs, keyed by its package list) < ``installed`` (the .deb
installed with apt, once per session) < one writable layer per machine, which survives the
machine's reboots and power cuts and is removed with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

SUITE = "bookworm"
# The minimal systemd machine, and grim to take the screenshots of cage's headless output.
BASE_PACKAGES = ("systemd", "systemd-sysv", "dbus", "procps", "grim")
CACHE = Path(os.environ.get("KIOSK_BOOT_CACHE", "/var/cache/kiosk-boot"))
CGROUP = Path("/sys/fs/cgroup")
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
NSPAWN_ENV = {"PATH": PATH, "SYSTEMD_NSPAWN_UNIFIED_HIERARCHY": "1", "LANG": "C.UTF-8"}
TOOLS = ("systemd-nspawn", "mmdebstrap", "nsenter", "dpkg-deb")


def missing_capability() -> str | None:
    """Why this machine cannot run the boot tests, or None when it can."""
    if os.geteuid() != 0:
        return "the boot tests need root (systemd-nspawn, overlay mounts)"
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        return f"missing {missing}: apt-get install systemd-container mmdebstrap"
    if not cgroup_hierarchies():
        return "no cgroup2 hierarchy (/sys/fs/cgroup or /sys/fs/cgroup/unified)"
    if "overlay" not in Path("/proc/filesystems").read_text():
        return "the kernel has no overlayfs"
    return None


def cgroup_hierarchies() -> list[Path]:
    """Where a container's own cgroup directory is made: the unified tree, and the named systemd one if any."""
    if (CGROUP / "cgroup.controllers").exists():
        return [CGROUP]
    if (CGROUP / "unified" / "cgroup.controllers").exists():
        return [h for h in (CGROUP / "systemd", CGROUP / "unified") if h.is_dir()]
    return []


def _run(cmd: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout, check=False, env=NSPAWN_ENV)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return out


def base_tree() -> Path:
    """The cached minimal Debian 12 tree (~40 s the first time), built aside and renamed into place."""
    key = hashlib.sha256(f"{SUITE} minbase {','.join(sorted(BASE_PACKAGES))}".encode()).hexdigest()[:16]
    root = CACHE / f"base-{key}"
    if (root / "usr/lib/systemd/systemd").exists():
        return root
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = CACHE / f"base-{key}.tmp{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    _run(["mmdebstrap", "--variant=minbase", f"--include={','.join(BASE_PACKAGES)}", SUITE, str(tmp)], 900)
    tmp.rename(root)
    return root


@contextlib.contextmanager
def overlay(lowers: Sequence[Path], work: Path) -> Iterator[Path]:
    """``lowers`` (top first) with a writable layer in ``work``; yields the merged tree, unmounted after."""
    upper, scratch, merged = work / "upper", work / "work", work / "merged"
    for d in (upper, scratch, merged):
        d.mkdir(parents=True, exist_ok=True)
    lowerdir = ":".join(str(p) for p in lowers)
    _run(["mount", "-t", "overlay", "overlay", "-o",
          f"lowerdir={lowerdir},upperdir={upper},workdir={scratch}", str(merged)], 60)
    try:
        yield merged
    finally:
        subprocess.run(["umount", "--lazy", str(merged)], check=False, timeout=60)


class Cgroup:
    """A directory of the container's own in each cgroup hierarchy, removed (deepest first) afterwards."""

    def __init__(self, name: str) -> None:
        self.dirs = [h / f"kiosk-boot-{name}" for h in cgroup_hierarchies()]
        for d in self.dirs:
            d.mkdir(exist_ok=True)

    def enter_script(self) -> str:
        """Shell that moves the shell itself into the directories (then ``exec`` keeps it there)."""
        return "".join(f"echo $$ > {d}/cgroup.procs; " for d in self.dirs)

    def remove(self) -> None:
        for d in self.dirs:
            for sub in sorted((p for p in d.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
                with contextlib.suppress(OSError):
                    sub.rmdir()
            with contextlib.suppress(OSError):
                d.rmdir()


def nspawn_run(root: Path, command: str, binds: Sequence[str], timeout: float) -> str:
    """``command`` (bash) in the tree, not booted, with the host's network (for apt); its output."""
    name = uuid.uuid4().hex[:10]
    cg = Cgroup(name)
    try:
        nspawn = ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit", f"--machine=kb{name}", "-D",
                  str(root), *binds, "-E", "DEBIAN_FRONTEND=noninteractive", "bash", "-c", command]
        return _run(["bash", "-c", cg.enter_script() + 'exec "$@"', "-", *nspawn], timeout).stdout
    finally:
        cg.remove()


class Machine:
    """One booted container on a merged tree; ``sh`` runs commands inside; always stopped by ``stop``."""

    def __init__(self, root: Path, binds: Sequence[str], log: Path) -> None:
        self.root, self.binds, self.log = root, list(binds), log
        self.name = "kb" + uuid.uuid4().hex[:10]
        self.cgroup: Cgroup | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.pid1 = 0
        self.started = 0.0

    def boot(self, timeout: float = 60) -> float:
        """Start it and wait until systemd answers; the monotonic time the boot began."""
        self.cgroup = Cgroup(self.name)
        nspawn = ["systemd-nspawn", "--register=no", "--keep-unit", f"--machine={self.name}", "-D", str(self.root),
                  "-b", "--console=read-only", "--private-network", *self.binds]
        self.started = time.monotonic()
        with self.log.open("ab") as sink:
            self.proc = subprocess.Popen(["bash", "-c", self.cgroup.enter_script() + 'exec "$@"', "-", *nspawn],
                                         stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         env=NSPAWN_ENV, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            if not self.pid1:
                found = subprocess.run(["pgrep", "-P", str(self.proc.pid), "-x", "systemd"], capture_output=True,
                                       text=True, check=False)
                self.pid1 = int(found.stdout.split()[0]) if found.stdout.strip() else 0
            if self.pid1 and Path(f"/proc/{self.pid1}/root/run/systemd/private").exists():
                return self.started
            time.sleep(0.05)
        raise RuntimeError(f"the container did not come up in {timeout} s; see {self.log}")

    def cmd(self, *argv: str) -> list[str]:
        """argv to run ``argv`` inside, as root, with a clean environment."""
        return ["nsenter", "-t", str(self.pid1), "-a", "env", "-i", f"PATH={PATH}", "LANG=C.UTF-8", *argv]

    def sh(self, script: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
        out = subprocess.run(self.cmd("bash", "-c", script), capture_output=True, text=True, timeout=timeout,
                             check=False)
        if check and out.returncode != 0:
            raise RuntimeError(f"in the container: {script!r} failed ({out.returncode}):\n{out.stdout[-3000:]}\n"
                               f"{out.stderr[-3000:]}")
        return out

    def power_cut(self) -> None:
        """Every process of the machine killed at once: SIGKILL to its PID 1 ends the whole PID namespace."""
        os.kill(self.pid1, signal.SIGKILL)
        self._wait_gone(30)
        self.stop()

    def stop(self, timeout: float = 30) -> None:
        """A clean poweroff, else killed; the cgroup directories removed either way. Safe to call twice."""
        try:
            if self.proc is not None and self.proc.poll() is None:
                subprocess.run(self.cmd("systemctl", "poweroff"), capture_output=True, timeout=15, check=False)
                if not self._wait_gone(timeout):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(self.pid1, signal.SIGKILL)
                    if not self._wait_gone(10):
                        os.killpg(self.proc.pid, signal.SIGKILL)
                        self.proc.wait(10)
        finally:
            if self.cgroup is not None:
                self.cgroup.remove()
            self.proc, self.pid1, self.cgroup = None, 0, None

    def _wait_gone(self, timeout: float) -> bool:
        assert self.proc is not None
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True
