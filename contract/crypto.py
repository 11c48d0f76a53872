"""The cryptography both ends of the sync contract share (see docs/sync-protocol.md).

- canonical JSON: UTF-8, keys sorted, no spaces; what every signature covers;
- request signatures: Ed25519 over ``METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nSHA256(body)``;
- bundle/record signatures: Ed25519 over canonical JSON, with a key id (``kid``);
- sealed payloads: X25519 ephemeral-static ECDH, HKDF-SHA256, ChaCha20-Poly1305
  (``b"KSB1" || epk(32) || nonce(12) || ciphertext``), so only the platform can open them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEAL_MAGIC = b"KSB1"
REPLAY_WINDOW_S = 300


class CryptoError(Exception):
    """A signature does not verify, or sealed data cannot be opened."""


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise CryptoError("not valid base64") from exc


def canonical_json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- keys -------------------------------------------------------------------------


def new_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def signing_key_to_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def signing_key_from_bytes(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_bytes(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def verify_key_from_bytes(raw: bytes) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise CryptoError("not an Ed25519 public key") from exc


def key_id(public_key_raw: bytes) -> str:
    """A short, stable id for a public key: the first 16 hex digits of its SHA-256."""
    return sha256_hex(public_key_raw)[:16]


def fingerprint(public_key_raw: bytes) -> str:
    return "SHA256:" + sha256_hex(public_key_raw)


def new_sealing_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def sealing_key_to_bytes(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def sealing_key_from_bytes(raw: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(raw)


# --- signatures -------------------------------------------------------------------


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    return b64e(key.sign(data))


def verify(public_key_raw: bytes, data: bytes, signature_b64: str) -> None:
    try:
        verify_key_from_bytes(public_key_raw).verify(b64d(signature_b64), data)
    except InvalidSignature as exc:
        raise CryptoError("signature does not verify") from exc


def sign_record(key: Ed25519PrivateKey, record: dict[str, Any], kid: str) -> dict[str, Any]:
    """Return ``record`` with ``kid`` and ``sig`` (over the canonical JSON without ``sig``)."""
    body = {k: v for k, v in record.items() if k != "sig"}
    body["kid"] = kid
    return {**body, "sig": sign(key, canonical_json(body))}


def verify_record(record: dict[str, Any], keys: dict[str, bytes]) -> dict[str, Any]:
    """Verify a signed record against trusted keys by ``kid``; returns the record without ``sig``."""
    if not isinstance(record, dict) or "sig" not in record or "kid" not in record:
        raise CryptoError("record is not signed")
    kid = record["kid"]
    if kid not in keys:
        raise CryptoError(f"unknown signing key {kid!r}")
    body = {k: v for k, v in record.items() if k != "sig"}
    verify(keys[kid], canonical_json(body), record["sig"])
    return body


# --- request signatures -----------------------------------------------------------


def request_sign_input(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return "\n".join([method.upper(), path, timestamp, nonce, sha256_hex(body)]).encode("utf-8")


def request_headers(key: Ed25519PrivateKey, terminal_id: str, method: str, path: str, body: bytes,
                    now: float) -> dict[str, str]:
    timestamp = str(int(now))
    nonce = os.urandom(16).hex()
    sig = sign(key, request_sign_input(method, path, timestamp, nonce, body))
    return {
        "X-Kiosk-Terminal": terminal_id,
        "X-Kiosk-Timestamp": timestamp,
        "X-Kiosk-Nonce": nonce,
        "X-Kiosk-Signature": sig,
    }


# --- sealed payloads --------------------------------------------------------------


def _derive(shared: bytes, epk: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + recipient, info=b"kiosk sealed payload v1").derive(shared)


def seal(recipient_public_raw: bytes, plaintext: bytes) -> bytes:
    recipient = X25519PublicKey.from_public_bytes(recipient_public_raw)
    eph = X25519PrivateKey.generate()
    epk = public_bytes(eph)
    key = _derive(eph.exchange(recipient), epk, recipient_public_raw)
    nonce = os.urandom(12)
    return SEAL_MAGIC + epk + nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, SEAL_MAGIC)


def open_sealed(recipient: X25519PrivateKey, sealed: bytes) -> bytes:
    if len(sealed) < 4 + 32 + 12 + 16 or not sealed.startswith(SEAL_MAGIC):
        raise CryptoError("not a sealed payload")
    epk, nonce, ct = sealed[4:36], sealed[36:48], sealed[48:]
    own = public_bytes(recipient)
    try:
        key = _derive(recipient.exchange(X25519PublicKey.from_public_bytes(epk)), epk, own)
        return ChaCha20Poly1305(key).decrypt(nonce, ct, SEAL_MAGIC)
    except (InvalidTag, ValueError) as exc:
        raise CryptoError("sealed payload cannot be opened") from exc
