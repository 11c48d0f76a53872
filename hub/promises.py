"""What a terminal's services promise, and whether its devices keep the promise (issue 23, item 5).

A service that issues a certificate promises an A4 print at the end. A terminal without a ready
A4 printer (none configured, CUPS unreachable, the queue stopped) lets a resident apply, tells them
"approved" and then cannot print, while every device it reports is "OK" or "not configured". The
fleet view therefore checks the services each terminal is sent against the A4 printer it reports,
and raises ``certificate_printer`` naming the services that cannot be kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from hub.publishing import content_body

ALERT = "certificate_printer"


class Promises:
    """One fleet view's check: the catalog versions it reads once each."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._certificates: dict[tuple[str, int], list[str]] = {}

    def certificate_services(self, content_id: str, version: int) -> list[str]:
        """The Chinese names of the services in this catalog version that issue a certificate."""
        key = (content_id, version)
        if key not in self._certificates:
            body = content_body(self.session, "catalog", content_id, version) or {}
            self._certificates[key] = [
                str((s.get("name") or {}).get("zh_CN") or s.get("id")) for s in body.get("services", [])
                if isinstance(s, dict) and s.get("certificate") is True]
        return self._certificates[key]

    def alerts(self, items: Iterable[dict[str, Any]], heartbeat: dict[str, Any]) -> list[dict[str, str]]:
        """``certificate_printer`` when the terminal's catalog has certificate services and its A4 printer
        (the heartbeat's ``cups`` row) is not ready; nothing before its first heartbeat."""
        if not heartbeat:
            return []
        services = [name for i in items if i.get("kind") == "catalog"
                    for name in self.certificate_services(str(i["id"]), int(i["version"]))]
        if not services:
            return []
        cups = (heartbeat.get("devices") or {}).get("cups") or {}
        if cups.get("status") == "ok":
            return []
        state = f"{cups.get('code') or 'no report'} {str(cups.get('detail') or '')[:120]}".strip()
        return [{"code": ALERT, "detail": f"A4 printer not ready ({state}) for: {', '.join(services)[:300]}"}]
