"""What ``kiosk-hub serve`` tells uvicorn about proxies and its access log.

Why: uvicorn believes ``X-Forwarded-For`` from 127.0.0.1 by default, so behind the recommended
local TLS proxy anyone could choose the address the hub rate-limits by and logs (issue 16,
finding 6): forwarded headers are believed only from the proxies the hub is told about
(``--trusted-proxy``, ``KIOSK_HUB_TRUSTED_PROXIES``; none by default). And a certificate's
verification code in the access log is enough to read the certificate (finding 7): the access
log never shows the query of ``/api/v1/verify/...`` nor any ``code`` parameter.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

VERIFY_PREFIX = "/api/v1/verify/"
_CODE = re.compile(r"([?&]code=)[^&#\s]*", re.IGNORECASE)


def redact(path: str) -> str:
    """A request target as the access log may show it."""
    if path.startswith(VERIFY_PREFIX) and "?" in path:
        return path.split("?", 1)[0] + "?[redacted]"
    return _CODE.sub(r"\1[redacted]", path)


class RedactSecrets(logging.Filter):
    """On uvicorn's access logger, whose records carry ``(client, method, target, http version, status)``."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact(args[2]), *args[3:])
        return True


def uvicorn_options(trusted_proxies: tuple[str, ...]) -> dict[str, Any]:
    """Options for ``uvicorn.run``: the redacting access log, and forwarded headers only from trusted proxies."""
    from uvicorn.config import LOGGING_CONFIG  # lazy: uvicorn costs 0.23 s and 15 MB; only `serve` needs it

    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config.setdefault("filters", {})["redact"] = {"()": f"{__name__}.RedactSecrets"}
    log_config["handlers"]["access"]["filters"] = ["redact"]
    options: dict[str, Any] = {"log_config": log_config, "proxy_headers": bool(trusted_proxies)}
    if trusted_proxies:
        options["forwarded_allow_ips"] = ",".join(trusted_proxies)
    return options
