"""HTTP transport to the platform hub (requests): signed, verified, bounded in time and size.

Every error a call can meet is turned into one of three exceptions, because the caller
(the outbox, the bundle fetcher) decides what to do by kind, not by cause:

- :class:`TransientError`: timeouts, refused/reset connections, 408/425/429/5xx,
  truncated or garbled bodies. Retry later with backoff; the hub may or may not have
  acted, which idempotency keys make harmless.
- :class:`AuthError`: 401/403 (and 404/405/406/415). The request, not the item, is at
  fault (wrong key, revoked terminal, clock skew, wrong hub URL): nothing is
  quarantined, the round stops.
- :class:`PermanentError`: any other 4xx (``status``, ``code`` and ``detail`` kept).
"""

from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract import crypto

API_PREFIX = "/api/v1"
DEFAULT_MAX_RESPONSE = 8 * 1024 * 1024
TRANSIENT_STATUSES = frozenset({408, 425, 429})
# 4xx that say the request is wrong whatever it carries (who signed it, which URL): no item is at fault,
# so nothing may be quarantined for them (a mistyped hub path must not quarantine the whole outbox)
REQUEST_LEVEL_STATUSES = frozenset({401, 403, 404, 405, 406, 415})


class HubError(Exception):
    def __init__(self, message: str, status: int | None = None, code: str = "", detail: str = "",
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.detail = detail
        self.retry_after = retry_after


class TransientError(HubError):
    """Try again later."""


class AuthError(HubError):
    """401/403: the hub does not accept this terminal's request as signed."""


class PermanentError(HubError):
    """A 4xx that retrying will not fix."""


class InsecureHubUrl(ValueError):
    """Plain HTTP to a non-loopback host, or not an http(s) URL at all."""


def check_hub_url(url: str) -> str:
    """Normalise a hub base URL; plain HTTP only to a loopback address (demo and tests)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InsecureHubUrl(f"hub URL must be https://HOST[:PORT], not {url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise InsecureHubUrl("hub URL must not carry a query, fragment or credentials")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise InsecureHubUrl(f"plain HTTP is allowed only to a loopback address, not {parts.hostname!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class HubResponse:
    status: int
    body: bytes
    headers: Mapping[str, str]

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise TransientError("garbled response body from the hub", status=self.status,
                                 code="garbled_response") from exc


class HubClient:
    """One hub, one terminal identity. Thread-safe enough for one sync thread plus CLI calls."""

    def __init__(
        self,
        base_url: str,
        *,
        ca_file: str = "",
        timeout_s: float = 10.0,
        terminal_id: str | None = None,
        signing_key: Ed25519PrivateKey | None = None,
        wall_clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = check_hub_url(base_url)
        self.verify: bool | str = ca_file if ca_file else True
        self.timeout_s = timeout_s
        self.terminal_id = terminal_id
        self.signing_key = signing_key
        self._wall = wall_clock
        self.clock_offset = 0.0  # hub clock minus ours, learnt from a stale_request answer
        self.session = session or requests.Session()
        self.session.trust_env = False  # no proxies from the environment between a terminal and its hub
        self.session.headers["User-Agent"] = "community-kiosk-sync/1"

    def close(self) -> None:
        self.session.close()

    def path(self, endpoint: str, params: Mapping[str, Any] | None = None) -> str:
        base_path = urlsplit(self.base_url).path
        query = f"?{urlencode(params)}" if params else ""
        return f"{base_path}{API_PREFIX}{endpoint}{query}"

    def url_for(self, path_and_query: str) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{path_and_query}"

    def request(self, method: str, endpoint: str, *, body: Any = None, params: Mapping[str, Any] | None = None,
                signed: bool = True, max_bytes: int = DEFAULT_MAX_RESPONSE, ok: tuple[int, ...] = (200,),
                _retried_skew: bool = False) -> HubResponse:
        path = self.path(endpoint, params)
        data = b"" if body is None else crypto.canonical_json(body)
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if signed:
            if self.signing_key is None or not self.terminal_id:
                raise AuthError("this terminal is not enrolled", code="not_enrolled")
            headers.update(crypto.request_headers(self.signing_key, self.terminal_id, method, path, data,
                                                  self._wall() + self.clock_offset))
        resp = self._send(method, path, data, headers, max_bytes)
        if resp.status in ok:
            return resp
        code, detail = _error_of(resp)
        if resp.status == 401 and code == "stale_request" and signed and not _retried_skew:
            hub_now = _date_of(resp.headers)
            if hub_now is not None:  # our clock is off: sign with the hub's time and try once more
                self.clock_offset = hub_now - self._wall()
                return self.request(method, endpoint, body=body, params=params, signed=signed,
                                    max_bytes=max_bytes, ok=ok, _retried_skew=True)
        message = f"{method} {endpoint}: {resp.status} {code}: {detail}".strip()
        if resp.status >= 500 or resp.status in TRANSIENT_STATUSES:
            raise TransientError(message, resp.status, code, detail, _retry_after(resp.headers))
        if resp.status in REQUEST_LEVEL_STATUSES:
            raise AuthError(message, resp.status, code, detail)
        if 400 <= resp.status < 500:
            raise PermanentError(message, resp.status, code, detail)
        raise TransientError(f"{method} {endpoint}: unexpected status {resp.status}", resp.status)

    def _send(self, method: str, path: str, data: bytes, headers: dict[str, str], max_bytes: int) -> HubResponse:
        deadline = time.monotonic() + self.timeout_s * 2  # connect + read, as a whole
        try:
            with self.session.request(method, self.url_for(path), data=data or None, headers=headers,
                                      timeout=(min(self.timeout_s, 5.0), self.timeout_s), verify=self.verify,
                                      stream=True, allow_redirects=False) as r:
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_content(65536):
                    size += len(chunk)
                    if size > max_bytes:
                        raise TransientError(f"{method} {path}: response over {max_bytes} bytes", r.status_code,
                                             "response_too_large")
                    if time.monotonic() > deadline:
                        raise TransientError(f"{method} {path}: response too slow", r.status_code, "timeout")
                    chunks.append(chunk)
                return HubResponse(r.status_code, b"".join(chunks), dict(r.headers))
        except requests.exceptions.SSLError as exc:
            raise TransientError(f"TLS verification failed for the hub: {type(exc).__name__}",
                                 code="tls_error") from exc
        except requests.Timeout as exc:
            raise TransientError(f"{method} {path}: timed out", code="timeout") from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            raise TransientError(f"{method} {path}: connection failed ({type(exc).__name__})",
                                 code="connection") from exc
        except requests.RequestException as exc:
            raise TransientError(f"{method} {path}: {type(exc).__name__}", code="request") from exc

    # --- endpoints ------------------------------------------------------------------------------

    def enroll(self, token: str, public_key: bytes, hostname: str) -> dict[str, Any]:
        resp = self.request("POST", "/enroll", body={"token": token, "public_key": crypto.b64e(public_key),
                                                     "hostname": hostname}, signed=False)
        data = resp.json()
        if not isinstance(data, dict):
            raise TransientError("garbled enrolment answer", code="garbled_response")
        return data

    def bundle_keys(self) -> list[dict[str, Any]]:
        """The hub's public bundle keys (unauthenticated): checked against a fingerprint before enrolling."""
        data = self.request("GET", "/bundle-keys", signed=False).json()
        keys = data.get("bundle_keys") if isinstance(data, dict) else None
        if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
            raise TransientError("garbled bundle keys answer", code="garbled_response")
        return keys

    def post_outbox(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        data = self.request("POST", "/outbox", body={"items": items}).json()
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise TransientError("garbled outbox answer", code="garbled_response")
        return results

    def get_bundle(self, have: int) -> dict[str, Any] | None:
        resp = self.request("GET", "/bundle", params={"have": have}, ok=(200, 304))
        if resp.status == 304:
            return None
        data = resp.json()
        if not isinstance(data, dict):
            raise TransientError("garbled bundle manifest", code="garbled_response")
        return data

    def get_item(self, sha256: str, max_bytes: int) -> bytes:
        return self.request("GET", f"/items/{sha256}", max_bytes=max_bytes).body

    def get_statuses(self, since: str | None) -> dict[str, Any]:
        data = self.request("GET", "/statuses", params={"since": since} if since else None).json()
        if not isinstance(data, dict) or not isinstance(data.get("statuses"), list):
            raise TransientError("garbled statuses answer", code="garbled_response")
        return data

    def heartbeat(self, report: dict[str, Any]) -> dict[str, Any]:
        data = self.request("POST", "/heartbeat", body=report).json()
        if not isinstance(data, dict):
            raise TransientError("garbled heartbeat answer", code="garbled_response")
        return data

    def download(self, path: str, offset: int, chunk: int = 1 << 20) -> tuple[int, Iterator[bytes]]:
        """A large file (a release package) at the hub path ``path``, from byte ``offset`` on (``Range``), signed
        like every request: the offset the body starts at (0 when the hub ignored the range) and its chunks.
        Failures are HubErrors, also while the chunks are read."""
        if self.signing_key is None or not self.terminal_id:
            raise AuthError("this terminal is not enrolled", code="not_enrolled")
        full = urlsplit(self.base_url).path + path
        headers = crypto.request_headers(self.signing_key, self.terminal_id, "GET", full, b"",
                                         self._wall() + self.clock_offset)
        if offset:
            headers["Range"] = f"bytes={offset}-"
        try:
            r = self.session.get(self.url_for(full), headers=headers, stream=True, allow_redirects=False,
                                 timeout=(min(self.timeout_s, 5.0), self.timeout_s * 3), verify=self.verify)
        except requests.RequestException as exc:
            raise TransientError(f"GET {path}: {type(exc).__name__}", code="connection") from exc
        if r.status_code not in (200, 206):
            resp = HubResponse(r.status_code, r.raw.read(65536, decode_content=True) or b"", dict(r.headers))
            r.close()
            code, detail = _error_of(resp)
            kind = TransientError if r.status_code >= 500 or r.status_code in TRANSIENT_STATUSES else PermanentError
            raise kind(f"GET {path}: {r.status_code} {code}: {detail}".strip(), r.status_code, code, detail)
        start = _range_start(r.headers.get("Content-Range", "")) if r.status_code == 206 else 0

        def body() -> Iterator[bytes]:
            try:
                yield from r.iter_content(chunk)
            except requests.RequestException as exc:
                raise TransientError(f"GET {path}: cut off ({type(exc).__name__})", code="connection") from exc
            finally:
                r.close()

        return start, body()


def _range_start(content_range: str) -> int:
    """The first byte of ``Content-Range: bytes N-M/T`` (-1 when unreadable: never a valid start)."""
    unit, _, spec = content_range.partition(" ")
    first = spec.split("-", 1)[0]
    return int(first) if unit == "bytes" and first.isdigit() and len(first) < 16 else -1


def _error_of(resp: HubResponse) -> tuple[str, str]:
    try:
        data = json.loads(resp.body.decode("utf-8"))
        if isinstance(data, dict):
            return str(data.get("error", "")), str(data.get("detail", ""))[:300]
    except (UnicodeDecodeError, ValueError):
        pass
    return "", ""


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = {k.lower(): v for k, v in headers.items()}.get("retry-after")
    try:
        return max(0.0, min(float(value), 3600.0)) if value is not None else None
    except ValueError:
        return None


def _date_of(headers: Mapping[str, str]) -> float | None:
    value = {k.lower(): v for k, v in headers.items()}.get("date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
