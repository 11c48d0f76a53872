"""A terminal enrolled with a platform key, a signed staff bundle and staff cards signed by the platform."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from contract import crypto
from contract.settings import load_settings
from kiosk.staff import hash_pin
from sync.bundles import BundleManager
from sync.keys import Enrollment

OTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
TECH_PIN = "246810"
ADMIN_PIN = "13579"
# Cheap scrypt parameters keep the suite fast; the format and the check are the production ones.
FAST: dict[str, Any] = {"n": 2**10, "r": 8, "p": 1}


@dataclass
class Platform:
    key: Any
    kid: str

    @property
    def public(self) -> bytes:
        return crypto.public_bytes(self.key)

    def card_record(self, staff_id: str, role: str = "technician", *, forge: bool = False) -> bytes:
        record = crypto.sign_record(self.key, {"v": 1, "staff_id": staff_id, "role": role, "issued": "2026-01-05"},
                                    self.kid)
        if forge:
            record["staff_id"] = staff_id + "x"
        return json.dumps(record, separators=(",", ":")).encode("utf-8")


def new_platform() -> Platform:
    key = crypto.new_signing_key()
    return Platform(key, crypto.key_id(crypto.public_bytes(key)))


def staff_list() -> dict[str, Any]:
    return {"staff": [
        {"staff_id": "T1001", "role": "technician", "pin_hash": hash_pin(TECH_PIN, **FAST), "revoked": False},
        {"staff_id": "A2001", "role": "administrator", "pin_hash": hash_pin(ADMIN_PIN, **FAST), "revoked": False},
        {"staff_id": "R3001", "role": "technician", "pin_hash": hash_pin(TECH_PIN, **FAST), "revoked": True},
    ]}


def enrol(store: Any, platform: Platform, terminal_id: str = "t-test-0001") -> None:
    """Pin the platform key as the enrolment would, store the one-time-code secret, activate a staff bundle."""

    keys = store.keys
    keys.save_enrollment(Enrollment(hub_url="https://127.0.0.1:9", terminal_id=terminal_id, terminal_no=7,
                                    district="历下区", community="示例社区", sealing_key=os.urandom(32),
                                    bundle_keys={platform.kid: platform.public},
                                    enrolled_at=datetime.now(UTC).isoformat()))
    keys.save_otp_secret(OTP_SECRET)
    blob = crypto.canonical_json(staff_list())
    sha = crypto.sha256_hex(blob)
    manifest = crypto.sign_record(platform.key, {
        "bundle_version": 1, "terminal_id": terminal_id, "created_at": "2026-11-26T00:00:00Z",
        "items": [{"kind": "staff", "id": "staff", "version": 1, "sha256": sha, "size": len(blob)}]}, platform.kid)
    bundles = BundleManager(store)
    bundles.stage(manifest, lambda h, n: blob)
    assert bundles.activate_if_idle(True)


def settings_for(data_dir: Path, **sections: Any) -> Any:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    cfg = data_dir / "kiosk.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    if not cfg.exists():
        cfg.write_text("", encoding="utf-8")
    overrides: dict[str, Any] = {"data_dir": str(data_dir), "mode": "demo", "ui": {"fullscreen": False}}
    for name, values in sections.items():
        overrides.setdefault(name, {}).update(values)
    return load_settings(config_file=cfg, environ=environ, overrides=overrides)
