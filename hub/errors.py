"""The error shape of the contract: ``{"error": "<code>", "detail": "<words>"}``."""

from __future__ import annotations

from pydantic import BaseModel


class ApiError(Exception):
    """Raised anywhere in the hub; turned into the contract's error body with ``status``."""

    def __init__(self, status: int, error: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {error}: {detail}")
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = headers


class ErrorBody(BaseModel):
    error: str
    detail: str


def error_responses(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI ``responses=`` for the error statuses an endpoint can give."""
    words = {
        304: "Not modified",
        400: "Malformed request",
        401: "Not authenticated",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict with the current state",
        413: "Request body too large",
        422: "Invalid request",
        429: "Rate limited",
    }
    out: dict[int | str, dict[str, object]] = {}
    for code in codes:
        if code == 304:
            out[code] = {"description": words[code]}
        else:
            out[code] = {"model": ErrorBody, "description": words.get(code, "Error")}
    return out
