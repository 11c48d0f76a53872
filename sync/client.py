"""HTTP transport to the platform hub (urllib3): signed, verified, bounded in time and size.

Every error a call can meet is turned into one of three exceptions, because the caller
(the outbox, the bundle fetcher) decides what to do by kind, not by cause:

- :class:`TransientError`: timeouts, refused/reset connections, 408/425/429/5xx,
  truncated or garbled bodies. Retry later with backoff; the hub may or may not have
  acted, which idempotency keys make harmless.
- :class:`AuthError`: 401/403 (and 404/405/406/415). The request, not the item, is at
  fault (wrong key, revoked terminal, clock skew, wrong hub URL): nothing is
  quarantined, the round stops.
- :class:`PermanentError`: any other 4xx (``status``, ``code`` and ``detail`` kept).

urllib3 directly, not requests on top of it: the client needs one connection pool, streamed bodies and
no redirects, retries or proxies, and requests (with charset_normalizer and idna) cost the kiosk 6 MB of
RSS at start (issue 17, measured: ``import requests`` +11.8 MB, ``import urllib3`` +5.8 MB). TLS is
verified against ``sync.ca_file`` when set, else the system's trust store.
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

import urllib3
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
    ) -> None:
        self.base_url = check_hub_url(base_url)
        self.timeout_s = timeout_s
        self.terminal_id = terminal_id
        self.signing_key = signing_key
        self._wall = wall_clock
        self.clock_offset = 0.0  # hub clock minus ours, learnt from a stale_request answer
        # one pool; no proxies from the environment between a terminal and its hub (urllib3 reads none)
        self.pool = urllib3.PoolManager(num_pools=2, maxsize=2, cert_reqs="CERT_REQUIRED", ca_certs=ca_file or None,
                                        headers={"User-Agent": "community-kiosk-sync/1"})

    def close(self) -> None:
        self.pool.clear()

    def _open(self, method: str, path: str, data: bytes, headers: dict[str, str],
              read_timeout: float) -> urllib3.BaseHTTPResponse:
        """The response with its body unread (streamed); no redirects or retries: a redirect is an answer."""
        return self.pool.request(method, self.url_for(path), body=data or None, headers=headers,
                                 timeout=urllib3.Timeout(connect=min(self.timeout_s, 5.0), read=read_timeout),
                                 preload_content=False, redirect=False, retries=False)

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
            r = self._open(method, path, data, headers, self.timeout_s)
            try:
                chunks: list[bytes] = []
                size = 0
                for chunk in r.stream(65536, decode_content=True):
                    size += len(chunk)
                    if size > max_bytes:
                        raise TransientError(f"{method} {path}: response over {max_bytes} bytes", r.status,
                                             "response_too_large")
                    if time.monotonic() > deadline:
                        raise TransientError(f"{method} {path}: response too slow", r.status, "timeout")
                    chunks.append(chunk)
                return HubResponse(r.status, b"".join(chunks), dict(r.headers))
            finally:
                r.release_conn()
        except urllib3.exceptions.SSLError as exc:
            raise TransientError(f"TLS verification failed for the hub: {type(exc).__name__}",
                                 code="tls_error") from exc
        # a refused connection before timeouts: urllib3 files NewConnectionError under ConnectTimeoutError
        except (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ProtocolError,
                urllib3.exceptions.DecodeError, OSError) as exc:
            raise TransientError(f"{method} {path}: connection failed ({type(exc).__name__})",
                                 code="connection") from exc
        except urllib3.exceptions.TimeoutError as exc:
            raise TransientError(f"{method} {path}: timed out", code="timeout") from exc
        except urllib3.exceptions.HTTPError as exc:
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
            r = self._open("GET", full, b"", headers, self.timeout_s * 3)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise TransientError(f"GET {path}: {type(exc).__name__}", code="connection") from exc
        if r.status not in (200, 206):
            try:
                resp = HubResponse(r.status, r.read(65536, decode_content=True) or b"", dict(r.headers))
            except (urllib3.exceptions.HTTPError, OSError):
                resp = HubResponse(r.status, b"", dict(r.headers))
            finally:
                r.release_conn()
            code, detail = _error_of(resp)
            kind = TransientError if r.status >= 500 or r.status in TRANSIENT_STATUSES else PermanentError
            raise kind(f"GET {path}: {r.status} {code}: {detail}".strip(), r.status, code, detail)
        start = _range_start(r.headers.get("Content-Range", "")) if r.status == 206 else 0

        def body() -> Iterator[bytes]:
            try:
                yield from r.stream(chunk, decode_content=True)
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                raise TransientError(f"GET {path}: cut off ({type(exc).__name__})", code="connection") from exc
            finally:
                r.release_conn()

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
