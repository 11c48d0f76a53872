"""The package upgraded in place on a running terminal keeps settings, keys and the outbox, and the
terminal comes back by itself; a purge then removes the package's files and data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.boot.conftest import PKG_MOUNT, Kiosk

pytestmark = [pytest.mark.boot, pytest.mark.long]

GONE_AFTER_PURGE = ("/opt/kiosk", "/var/lib/kiosk", "/etc/kiosk", "/usr/bin/kiosk", "/lib/systemd/system/kiosk.service",
                    "/lib/udev/rules.d/70-kiosk-devices.rules", "/usr/lib/sysctl.d/70-community-kiosk.conf")


def test_upgrade_keeps_data_then_purge_removes_it(boot: Callable[[], Kiosk], upgrade_version: str) -> None:
    kiosk = boot()
    kiosk.wait_first_frame(after_restarts=0, timeout=120)
    kiosk.box.sh("sed -i 's/^terminal_id = .*/terminal_id = \"BOOT-UPGRADE-1\"/' /etc/kiosk/kiosk.toml")
    kiosk.helper("submit", "3")
    outbox = kiosk.helper("outbox")
    kept = kiosk.box.sh("cd / && sha256sum etc/kiosk/kiosk.toml var/lib/kiosk/keys/*").stdout
    assert "var/lib/kiosk/keys/" in kept and len(outbox) >= 3
    old_pid = kiosk.show("MainPID")["MainPID"]

    # Offline (the machine has no network): everything the new version needs is already there.
    kiosk.box.sh(f"DEBIAN_FRONTEND=noninteractive apt-get install -y -q {PKG_MOUNT}/v2.deb", timeout=900)
    assert kiosk.box.sh("dpkg-query -W -f '${Version}' community-kiosk").stdout == upgrade_version
    kiosk.wait_first_frame(after_restarts=0, timeout=120)
    assert kiosk.show("MainPID")["MainPID"] != old_pid, "the postinst did not restart the terminal"
    assert kiosk.box.sh("cd / && sha256sum etc/kiosk/kiosk.toml var/lib/kiosk/keys/*").stdout == kept
    assert 'terminal_id = "BOOT-UPGRADE-1"' in kiosk.box.sh("cat /etc/kiosk/kiosk.toml").stdout
    assert kiosk.helper("outbox") == outbox
    assert "Failed with result" not in kiosk.journal(), kiosk.journal()[-3000:]

    kiosk.box.sh("DEBIAN_FRONTEND=noninteractive apt-get purge -y -q community-kiosk", timeout=600)
    left = kiosk.box.sh(f"ls -d {' '.join(GONE_AFTER_PURGE)} 2>/dev/null", check=False).stdout
    assert left == "", left
    assert kiosk.box.sh("systemctl is-active kiosk.service", check=False).stdout.strip() == "inactive"
    assert kiosk.box.sh("pgrep -u kiosk", check=False).returncode == 1, "a kiosk process outlived the purge"
    # Debian keeps system users on purge (their files may still be somewhere); documented in the postrm.
    assert kiosk.box.sh("getent passwd kiosk", check=False).returncode == 0
