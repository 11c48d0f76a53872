"""Install, upgrade, remove and purge the real .deb with dpkg, in a throwaway copy of this machine
(tests/packaging/test_install.py checks what it reports).

The machine's root filesystem is the lower layer of an overlay mounted in a
private mount namespace (upper layer on tmpfs), and dpkg runs chrooted into it
with a fresh /run (no systemd or udevd there, so the scripts take their
"not booted with systemd" branches, as in a chroot or image build). Nothing
reaches the real system. The upgrade goes to the same package with a higher
version, repacked from the built one. The run needs nothing but the package, so
the conftest queues it in the background right after the build (tests/background.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

import pytest

from tests.background import Background

SCRIPT = textwrap.dedent(r"""
    set -eu
    W=$1
    mkdir -p "$W/upper" "$W/work" "$W/root"
    mount -t overlay overlay -o lowerdir=/,upperdir="$W/upper",workdir="$W/work" "$W/root"
    R=$W/root
    mount --bind /proc "$R/proc"
    mount --bind /dev "$R/dev"
    mount --bind /sys "$R/sys"
    mount -t tmpfs tmpfs "$R/run"
    mkdir -p "$R/run/lock"
    mount -t tmpfs tmpfs "$R/tmp"
    cp "$W/old.deb" "$W/new.deb" "$R/tmp/"
    chroot "$R" /bin/bash -s <<'EOF'
    set -eu
    export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
    report() { echo "REPORT $1=$2"; }
    pkg_state() { dpkg-query -W -f='${db:Status-Abbrev}' community-kiosk 2>/dev/null || echo none; }
    pre_user=$(getent passwd kiosk >/dev/null && echo yes || echo no)
    report pre_user "$pre_user"

    dpkg -i /tmp/old.deb > /tmp/install.log 2>&1 || { cat /tmp/install.log; exit 11; }
    report installed "$(pkg_state)"
    report user "$(getent passwd kiosk | cut -d: -f6,7)"
    report data_dir "$(stat -c %a:%U:%G /var/lib/kiosk)"
    report conffile "$(stat -c %a:%U /etc/kiosk/kiosk.toml)"
    report settings_dir "$(stat -c %a:%U:%G /etc/kiosk)"
    report groups "$(id -nG kiosk)"
    report enabled "$(test -L /etc/systemd/system/multi-user.target.wants/kiosk.service && echo yes || echo no)"
    report bytecode "$(ls /opt/kiosk/venv/lib/python3.11/site-packages/kiosk/__pycache__ | grep -c '\.pyc$')"
    report version "$(kiosk --version 2>&1)"
    report qml_cache "$(stat -c %a:%U /var/cache/kiosk):$(ls /var/cache/kiosk/qml | grep -c '\.qmlc$')"
    report qml_files "$(ls /opt/kiosk/venv/lib/python3.11/site-packages/ui/qml/*.qml | wc -l)"
    # The installed unit and rules, where they live, with the kiosk user and group in place.
    report verify "$(cd /tmp && systemd-analyze verify kiosk.service 2>&1 | tr '\n' ' ')"
    tty=$(ls -d /sys/class/tty/tty1 /sys/class/mem/null 2>/dev/null | head -n1)
    report udev "$(udevadm test --action=add "$tty" 2>&1 | grep 70-kiosk-devices.rules | tr '\n' ' ')"

    # A terminal in service: edited settings, keys (one copied in by hand with a loose mode),
    # a database with unsent submissions.
    # The technician screen saves as the kiosk user: a candidate file renamed over the old one.
    runuser -u kiosk -- sh -c 'umask 077; cp /etc/kiosk/kiosk.toml /etc/kiosk/kiosk.toml.prev && sed "s/^terminal_id = .*/terminal_id = \"JN-LX-0001\"/" /etc/kiosk/kiosk.toml > /etc/kiosk/.kiosk.toml.candidate && mv /etc/kiosk/.kiosk.toml.candidate /etc/kiosk/kiosk.toml'
    report saved_by_app "$(stat -c %U /etc/kiosk/kiosk.toml)"
    runuser -u kiosk -- sh -c 'umask 077; mkdir -p /var/lib/kiosk/keys; printf secret > /var/lib/kiosk/keys/terminal.key; printf outbox-item-1 > /var/lib/kiosk/kiosk.sqlite3'
    chmod 0644 /var/lib/kiosk/keys/terminal.key
    echo 'stray' > /opt/kiosk/venv/lib/python3.11/site-packages/kiosk/__pycache__/stray.pyc

    dpkg -i --force-confold /tmp/new.deb > /tmp/upgrade.log 2>&1 || { cat /tmp/upgrade.log; exit 12; }
    report upgraded "$(dpkg-query -W -f='${Version}' community-kiosk)"
    report upgraded_version "$(kiosk --version 2>&1)"
    report kept_settings "$(grep -c '^terminal_id = "JN-LX-0001"' /etc/kiosk/kiosk.toml)"
    report kept_key "$(cat /var/lib/kiosk/keys/terminal.key):$(stat -c %a:%U /var/lib/kiosk/keys/terminal.key)"
    report kept_outbox "$(cat /var/lib/kiosk/kiosk.sqlite3)"
    report keys_dir "$(stat -c %a /var/lib/kiosk/keys)"
    report stray_pyc "$(test -e /opt/kiosk/venv/lib/python3.11/site-packages/kiosk/__pycache__/stray.pyc && echo left || echo gone)"

    dpkg -r community-kiosk > /tmp/remove.log 2>&1 || { cat /tmp/remove.log; exit 13; }
    report removed "$(pkg_state)"
    report after_remove_data "$(cat /var/lib/kiosk/kiosk.sqlite3 2>/dev/null || echo missing)"
    report after_remove_conf "$(test -f /etc/kiosk/kiosk.toml && echo present || echo missing)"
    report after_remove_opt "$(test -e /opt/kiosk/venv && echo present || echo gone)"

    dpkg -P community-kiosk > /tmp/purge.log 2>&1 || { cat /tmp/purge.log; exit 14; }
    report purged "$(pkg_state)"
    report after_purge "$(ls -d /var/lib/kiosk /var/cache/kiosk /etc/kiosk /opt/kiosk 2>/dev/null | wc -l)"
    report after_purge_user "$(getent passwd kiosk >/dev/null && echo kept || echo gone)"
    EOF
""")



def _repack_with_version(tree_dir: Path, control_dir: Path, version: str, out: Path, work: Path) -> None:
    """The built package again with another version, by dpkg-deb from the tree the fixture already extracted
    (hard links, so nothing is decompressed or copied again)."""
    tree = work / "repack"
    shutil.copytree(tree_dir, tree, symlinks=True, copy_function=os.link)
    shutil.copytree(control_dir, tree / "DEBIAN", symlinks=True)
    control = tree / "DEBIAN/control"
    control.write_text("".join(f"Version: {version}\n" if line.startswith("Version:") else line
                               for line in control.read_text().splitlines(keepends=True)))
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Znone", "--build", str(tree), str(out)], check=True,
                   timeout=300, capture_output=True)
    shutil.rmtree(tree)


def install_upgrade_remove_purge(jobs: Background, deb: Path, tree: Path, control: Path,
                                  new_version: str) -> dict[str, str]:
    """The package's life (``deb``, extracted in ``tree`` and ``control``): what the script reported at each step,
    by name."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is missing")
    shm = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="kiosk-install-", dir=shm) as d:
        work = Path(d)
        shutil.copy(deb, work / "old.deb")
        _repack_with_version(tree, control, new_version, work / "new.deb", work)
        out = jobs.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", SCRIPT, "sh", d], timeout=900)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-4000:]
    return dict(line[len("REPORT "):].split("=", 1) for line in out.stdout.splitlines() if line.startswith("REPORT "))
