"""One-time codes (RFC 6238 TOTP over RFC 4226 HOTP, SHA-1, 6 digits, 30 s steps).

The hub shows a technician the code of a terminal's secret; the terminal accepts
it as the fallback entry to technician mode when no staff card is at hand. Both
must compute the same digits, so the algorithm lives here, once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct

OTP_STEP_S = 30
OTP_DIGITS = 6


def _b32(secret: str) -> bytes:
    s = secret.strip().replace(" ", "").upper()
    return base64.b32decode(s + "=" * (-len(s) % 8))


def otp_code(secret_b32: str, counter: int, digits: int = OTP_DIGITS) -> str:
    """RFC 4226 HOTP value for one counter (TOTP uses ``unix_time // 30``)."""
    mac = hmac.new(_b32(secret_b32), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp_now(secret_b32: str, unix_time: float) -> str:
    return otp_code(secret_b32, int(unix_time // OTP_STEP_S))


def match_totp(secret_b32: str, code: str, unix_time: float, window: int = 1) -> int | None:
    """The counter the code belongs to (current step +- ``window``), or None."""
    code = code.strip()
    if not code.isdigit() or len(code) != OTP_DIGITS:
        return None
    now = int(unix_time // OTP_STEP_S)
    for counter in range(now - window, now + window + 1):
        if hmac.compare_digest(otp_code(secret_b32, counter), code):
            return counter
    return None
