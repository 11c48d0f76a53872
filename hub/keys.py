"""The platform's keys: an Ed25519 bundle-signing key (with a key id) and an X25519 sealing key.

They live in ``<data_dir>/keys`` as raw 32-byte files, mode 0600. Creation is
race-free (write a temporary file, then ``link`` it into place), so two hub
processes starting at once against one data directory end up with the same keys.
Old signing keys stay on disk after a rotation so the terminals' pinned list
(``bundle_keys`` at enrolment) can still name them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from contract import crypto


def _write_exclusive(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it exists; True when this call created it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink()


def _read_key(path: Path) -> bytes:
    raw = path.read_bytes()
    if len(raw) != 32:
        raise ValueError(f"{path} is not a 32-byte raw key")
    return raw


@dataclass(frozen=True)
class PlatformKeys:
    signing: Ed25519PrivateKey
    kid: str
    sealing: X25519PrivateKey
    all_signing_public: dict[str, bytes]  # kid -> raw public key, the active one included

    @property
    def sealing_public(self) -> bytes:
        return crypto.public_bytes(self.sealing)

    def bundle_keys(self) -> list[dict[str, str]]:
        return [{"kid": kid, "public_key": crypto.b64e(pub)} for kid, pub in sorted(self.all_signing_public.items())]


def keys_dir(data_dir: Path) -> Path:
    path = data_dir / "keys"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _new_signing_file(directory: Path) -> str:
    key = crypto.new_signing_key()
    kid = crypto.key_id(crypto.public_bytes(key))
    _write_exclusive(directory / f"signing-{kid}.key", crypto.signing_key_to_bytes(key))
    return kid


def load_or_create(data_dir: Path) -> PlatformKeys:
    directory = keys_dir(data_dir)
    active = directory / "signing.active"
    if not active.exists():
        kid = _new_signing_file(directory)
        _write_exclusive(active, kid.encode("ascii"))  # a concurrent creator may win; read it back
    kid = active.read_text(encoding="ascii").strip()
    signing = crypto.signing_key_from_bytes(_read_key(directory / f"signing-{kid}.key"))
    sealing_path = directory / "sealing.key"
    if not sealing_path.exists():
        _write_exclusive(sealing_path, crypto.sealing_key_to_bytes(crypto.new_sealing_key()))
    sealing = crypto.sealing_key_from_bytes(_read_key(sealing_path))
    everyone: dict[str, bytes] = {}
    for path in directory.glob("signing-*.key"):
        pub = crypto.public_bytes(crypto.signing_key_from_bytes(_read_key(path)))
        everyone[crypto.key_id(pub)] = pub
    return PlatformKeys(signing=signing, kid=kid, sealing=sealing, all_signing_public=everyone)


def rotate_signing_key(data_dir: Path) -> str:
    """Make a new active signing key; the old ones stay listed. Returns the new kid."""
    directory = keys_dir(data_dir)
    kid = _new_signing_file(directory)
    tmp = directory / f".signing.active.{os.getpid()}"
    tmp.write_text(kid, encoding="ascii")
    os.chmod(tmp, 0o600)
    os.replace(tmp, directory / "signing.active")
    return kid
