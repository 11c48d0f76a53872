"""The terminal's secrets and its enrolment, kept as small files in ``data_dir/keys`` (0700/0600).

- ``terminal.key``: the Ed25519 key every hub request is signed with (made at enrolment);
- ``person.key``: the HMAC secret that turns an ID number into a lookup key, so the
  database never holds a clear ID number yet "find my applications" still works;
- ``pending-seal.key``: an X25519 key pair for payloads sealed *before* enrolment (demo
  and first-boot offline use; see :mod:`sync.submissions` for why and :mod:`sync.outbox_items`
  for how they are re-sealed);
- ``enrollment.json``: what the hub said at enrolment (terminal id and number, the
  platform sealing key, the pinned bundle keys). Not secret, but integrity-relevant.

Files are written atomically (temporary file, fsync, rename, fsync of the directory) so
a power cut leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from contract import crypto
from kiosk.files import atomic_write


@dataclass(frozen=True)
class Enrollment:
    """What the hub answered at enrolment, pinned on this terminal."""

    hub_url: str
    terminal_id: str
    terminal_no: int
    district: str
    community: str
    sealing_key: bytes  # X25519 public key of the platform
    bundle_keys: dict[str, bytes]  # kid -> Ed25519 public key (pinned)
    enrolled_at: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "hub_url": self.hub_url,
                "terminal_id": self.terminal_id,
                "terminal_no": self.terminal_no,
                "district": self.district,
                "community": self.community,
                "sealing_key": crypto.b64e(self.sealing_key),
                "bundle_keys": {k: crypto.b64e(v) for k, v in self.bundle_keys.items()},
                "enrolled_at": self.enrolled_at,
                "extra": self.extra,
            },
            ensure_ascii=False,
            indent=1,
        ).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Enrollment:
        d = json.loads(data.decode("utf-8"))
        return cls(
            hub_url=d["hub_url"],
            terminal_id=d["terminal_id"],
            terminal_no=int(d["terminal_no"]),
            district=d.get("district", ""),
            community=d.get("community", ""),
            sealing_key=crypto.b64d(d["sealing_key"]),
            bundle_keys={k: crypto.b64d(v) for k, v in d["bundle_keys"].items()},
            enrolled_at=d.get("enrolled_at", ""),
            extra=d.get("extra", {}),
        )


class KeyRing:
    """Access to the files in ``keys_dir``; safe to use from several threads and processes."""

    TERMINAL_KEY = "terminal.key"
    PERSON_KEY = "person.key"
    PENDING_SEAL_KEY = "pending-seal.key"
    ENROLLMENT = "enrollment.json"
    OTP_SECRET = "otp.secret"
    CACHE_KEY = "cache.key"

    def __init__(self, keys_dir: Path) -> None:
        self.dir = Path(keys_dir)
        self._person: bytes | None = None
        self._cache: bytes | None = None
        self._enrollment: tuple[float, int, Enrollment | None] | None = None
        self._pending: X25519PrivateKey | None = None
        self._signing: Ed25519PrivateKey | None = None

    def ensure_dir(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o700)

    def _get_or_create(self, name: str, make: Any) -> bytes:
        path = self.dir / name
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        self.ensure_dir()
        data: bytes = make()
        try:  # O_EXCL through a hard link, so two processes creating at once agree on one secret
            tmp = path.with_name(f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
            atomic_write(tmp, data)
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return path.read_bytes()

    # --- person lookup secret ----------------------------------------------------------

    def person_secret(self) -> bytes:
        if self._person is None:
            self._person = self._get_or_create(self.PERSON_KEY, lambda: secrets.token_bytes(32))
        return self._person

    def cache_key(self) -> bytes:
        """A symmetric key for cached hub data that may name a resident (certificate text)."""
        if self._cache is None:
            self._cache = self._get_or_create(self.CACHE_KEY, lambda: secrets.token_bytes(32))
        return self._cache

    # --- enrolment -----------------------------------------------------------------------

    def enrollment(self) -> Enrollment | None:
        """The current enrolment, re-read when the file changes (another process may enrol)."""
        path = self.dir / self.ENROLLMENT
        try:
            st = path.stat()
        except FileNotFoundError:
            self._enrollment = None
            return None
        stamp = (st.st_mtime, st.st_ino)
        if self._enrollment is None or self._enrollment[:2] != stamp:
            self._enrollment = (stamp[0], stamp[1], Enrollment.from_json(path.read_bytes()))
        return self._enrollment[2]

    def save_enrollment(self, enrollment: Enrollment) -> None:
        self.ensure_dir()
        atomic_write(self.dir / self.ENROLLMENT, enrollment.to_json())
        self._enrollment = None

    def save_otp_secret(self, secret: str) -> None:
        self.ensure_dir()
        atomic_write(self.dir / self.OTP_SECRET, secret.encode("ascii"))

    # --- terminal signing key --------------------------------------------------------------

    def new_terminal_key(self) -> Ed25519PrivateKey:
        """A fresh key pair for (re-)enrolment, stored before the hub ever sees the public half."""
        self.ensure_dir()
        key = crypto.new_signing_key()
        atomic_write(self.dir / self.TERMINAL_KEY, crypto.signing_key_to_bytes(key))
        self._signing = key
        return key

    def save_terminal_key(self, key: Ed25519PrivateKey) -> None:
        """Keep the key pair the hub has just accepted at enrolment (made before the hub saw it)."""
        self.ensure_dir()
        atomic_write(self.dir / self.TERMINAL_KEY, crypto.signing_key_to_bytes(key))
        self._signing = None

    def terminal_key(self) -> Ed25519PrivateKey | None:
        if self._signing is None:
            try:
                self._signing = crypto.signing_key_from_bytes((self.dir / self.TERMINAL_KEY).read_bytes())
            except FileNotFoundError:
                return None
        return self._signing

    # --- pending sealing key (before enrolment) -------------------------------------------------

    def pending_sealing_key(self, create: bool = True) -> X25519PrivateKey | None:
        if self._pending is None:
            path = self.dir / self.PENDING_SEAL_KEY
            if not create and not path.exists():
                return None
            raw = self._get_or_create(self.PENDING_SEAL_KEY,
                                      lambda: crypto.sealing_key_to_bytes(crypto.new_sealing_key()))
            self._pending = crypto.sealing_key_from_bytes(raw)
        return self._pending

    def forget_pending_sealing_key(self) -> None:
        """Remove the pending key once nothing is sealed to it any more (caller holds the DB write lock)."""
        path = self.dir / self.PENDING_SEAL_KEY
        if path.exists():
            size = path.stat().st_size
            with open(path, "r+b") as f:  # overwrite before unlinking: best effort on flash media
                f.write(b"\0" * size)
                f.flush()
                os.fsync(f.fileno())
            path.unlink()
        self._pending = None
