"""Validation of published content, one function per kind; forms go to the form engine.

The form engine (``contract.forms``, issue 7) owns the form definition format: the
hub calls ``contract.forms.validate_definition(dict) -> list[str]`` and, for
spreadsheets, ``contract.forms.xlsx.convert_xlsx(path) -> dict``. Everything else
is checked here with pydantic models that fix only what the terminal relies
on, leaving room for fields newer terminals understand.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from contract import safe_load
from contract.catalog import validate_catalog as terminal_check
from contract.notices import NoticeError, parse_notices
from contract.sections import ValidationError as SettingsInvalid
from contract.settings import Settings, SettingsError

MAX_CONTENT_BYTES = 8 * 1024 * 1024
_MAX_DEPTH = 32
# every uploaded document (console editor, form upload, CLI) is parsed within these
CONTENT_BOUNDS = safe_load.Bounds(max_bytes=MAX_CONTENT_BYTES, max_depth=_MAX_DEPTH, max_nodes=100_000)


class FormSourceError(Exception):
    """A definition file cannot be read (bad JSON/YAML, or a spreadsheet error naming sheet and row)."""


def _depth(obj: Any, level: int = 0) -> int:
    if level > _MAX_DEPTH:
        return level
    if isinstance(obj, dict):
        return max([_depth(v, level + 1) for v in obj.values()] or [level])
    if isinstance(obj, list):
        return max([_depth(v, level + 1) for v in obj] or [level])
    return level


def _form_engine() -> Any | None:
    try:
        return importlib.import_module("contract.forms")
    except ImportError:
        return None


def validate_form(definition: dict[str, Any]) -> list[str]:
    """The form engine's verdict; if the engine is not installed, only the shape the hub needs."""
    engine = _form_engine()
    if engine is not None and hasattr(engine, "validate_definition"):
        if "version" not in definition:  # a spreadsheet without one: the hub numbers it at publish
            definition = {**definition, "version": 1}
        return list(engine.validate_definition(definition))
    errors = []
    if not isinstance(definition.get("id"), str) or not definition.get("id"):
        errors.append("id: a form needs a non-empty string id")
    if not isinstance(definition.get("pages"), list) or not definition.get("pages"):
        errors.append("pages: a form needs a non-empty list of pages")
    return errors


SPREADSHEET_SUFFIXES = (".xlsx", ".xls")


def convert_xlsx(path: Path, default_language: str = "zh_CN") -> dict[str, Any]:
    """A spreadsheet (this project's or XLSForm's, .xlsx or old .xls) as a definition;
    ``default_language`` is the language of plain ``label`` columns."""
    engine = _form_engine()
    if engine is None:
        raise FormSourceError("reading spreadsheets needs the form engine (contract.forms), which is not installed")
    xlsx = importlib.import_module("contract.forms.xlsx")
    try:
        return dict(xlsx.convert_xlsx(path, default_language=default_language))
    except Exception as exc:  # the engine's own error type carries sheet and row in its message
        raise FormSourceError(str(exc)) from exc


def load_form_file(path: Path, default_language: str = "zh_CN") -> dict[str, Any]:
    """Read a definition from .json, .yaml/.yml or a spreadsheet (.xlsx, .xls), through the bounded loaders."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return convert_xlsx(path, default_language)
    if suffix not in (".json", ".yaml", ".yml"):
        raise FormSourceError(f"{path}: use a .json, .yaml, .xlsx or .xls file")
    try:
        data = safe_load.load_file(path, CONTENT_BOUNDS)
    except safe_load.ContentError as exc:
        raise FormSourceError("; ".join(exc.problems)) from exc
    if not isinstance(data, dict):
        raise FormSourceError(f"{path}: a form definition is an object at the top level")
    return data


# --- the other kinds ------------------------------------------------------------------


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


LocalText = dict[Literal["zh_CN", "en_US"], str]


class StaffMember(_Loose):
    staff_id: str = Field(min_length=1, max_length=64)
    role: Literal["technician", "administrator"]
    pin_hash: str = Field(min_length=1, max_length=500, description="salted memory-hard hash, never a PIN")
    revoked: bool = False


class StaffList(_Loose):
    staff: list[StaffMember] = Field(max_length=10000)


class TopicOption(_Loose):
    id: str = Field(min_length=1, max_length=100)
    label: LocalText


class Topic(_Loose):
    """A consultation topic (议事协商): options make it a vote; opinions are always welcome while it is open."""

    id: str = Field(min_length=1, max_length=100)
    title: LocalText
    closes_at: str | None = None
    opens_at: str | None = None
    description: LocalText | None = None
    options: list[TopicOption] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _check(self) -> Topic:
        for name in ("opens_at", "closes_at"):
            value = getattr(self, name)
            if value is not None:
                try:
                    datetime.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"{name} is not an ISO 8601 time") from None
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids must be unique within a topic")
        return self


class Topics(_Loose):
    topics: list[Topic] = Field(max_length=1000)


# Only these settings sections may be pushed; drivers and data paths stay local to the terminal.
PUSHABLE_SETTINGS = ("ui", "sync", "terminal")


def _pydantic_errors(model: type[BaseModel]) -> Callable[[dict[str, Any]], list[str]]:
    def check(content: dict[str, Any]) -> list[str]:
        try:
            model.model_validate(content)
        except ValidationError as exc:
            return [f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors()]
        return []

    return check


def validate_settings(content: dict[str, Any]) -> list[str]:
    errors = [f"{key}: not a setting the hub may push (allowed: {', '.join(PUSHABLE_SETTINGS)})"
              for key in content if key not in PUSHABLE_SETTINGS]
    if errors:
        return errors
    try:
        Settings.model_validate({"data_dir": "/nonexistent", **content})
    except SettingsInvalid as exc:  # the terminal's settings checker, not pydantic (contract/sections.py)
        return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    except SettingsError as exc:
        return [str(exc)]
    return []


def validate_catalog(content: dict[str, Any]) -> list[str]:
    """The terminal's own catalog check (``contract.catalog``): the hub accepts what terminals will."""
    return list(terminal_check(content))


def validate_notices(content: dict[str, Any]) -> list[str]:
    """The terminal's own notices parser (``contract.notices``): the hub accepts what terminals will."""
    try:
        parse_notices(content)
    except NoticeError as exc:
        return list(exc.reasons)
    return []


_VALIDATORS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "form": validate_form,
    "catalog": validate_catalog,
    "notices": validate_notices,
    "settings": validate_settings,
    "staff": _pydantic_errors(StaffList),
    "topics": _pydantic_errors(Topics),
}


def validate_content(kind: str, content: Any) -> list[str]:
    """Reasons ``content`` cannot be published as ``kind`` (empty when it can)."""
    if not isinstance(content, dict):
        return ["content must be a JSON object"]
    if _depth(content) > _MAX_DEPTH:
        return [f"content is nested deeper than {_MAX_DEPTH} levels"]
    try:
        size = len(json.dumps(content, ensure_ascii=False, allow_nan=False).encode("utf-8"))
    except (TypeError, ValueError) as exc:
        return [f"content is not JSON: {exc}"]
    if size > MAX_CONTENT_BYTES:
        return [f"content is {size} bytes; the limit is {MAX_CONTENT_BYTES}"]
    validator = _VALIDATORS.get(kind)
    if validator is None:
        return [f"unknown content kind {kind!r}"]
    try:
        return validator(content)
    except RecursionError:
        return ["content is nested too deeply"]
