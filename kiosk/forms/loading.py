"""Reading definition files (.json, .yaml/.yml, .xlsx) with size and nesting refused early."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from kiosk.forms.limits import MAX_FILE_BYTES
from kiosk.forms.model import FormDefinition, FormError
from kiosk.forms.validate import validate_definition


def read_document(path: str | Path) -> dict[str, Any]:
    """Parse a definition file into a dict without validating it; FormError if unreadable."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        from kiosk.forms.xlsx import XlsxError, convert_xlsx

        try:
            return convert_xlsx(p)
        except XlsxError as exc:
            raise FormError(exc.problems) from exc
    if suffix not in (".json", ".yaml", ".yml"):
        raise FormError([f"{p.name}: a form definition must be a .json, .yaml or .xlsx file"])
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise FormError([f"{p.name}: cannot be read ({exc.strerror})"]) from exc
    if size > MAX_FILE_BYTES:
        raise FormError([f"{p.name}: file is {size} bytes; a definition may be at most {MAX_FILE_BYTES}"])
    try:
        text = p.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise FormError([f"{p.name}: not UTF-8 text"]) from exc
    return parse_document(text, yaml_syntax=suffix != ".json", name=p.name)


_MAX_FLOW_DEPTH = 50
_MAX_INDENT = 400


def _too_deep(text: str) -> bool:
    """A cheap scan before parsing: PyYAML takes seconds to fail on thousands of nested brackets.

    Counts bracket depth outside quotes and comments, and indentation; it may
    over-count odd but legal YAML, which is then refused as too deep, never parsed.
    """
    depth = 0
    quote = ""
    comment = False
    line_start = True
    indent = 0
    escaped = False
    for ch in text:
        if ch == "\n":
            comment = False
            quote = ""  # quotes rarely span lines in a definition; this also stops brackets hiding in one
            line_start = True
            indent = 0
            continue
        if line_start:
            if ch == " ":
                indent += 1
                if indent > _MAX_INDENT:
                    return True
                continue
            line_start = False
        if comment:
            continue
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        elif ch == "#":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > _MAX_FLOW_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def parse_document(text: str, *, yaml_syntax: bool, name: str = "definition") -> dict[str, Any]:
    if yaml_syntax and _too_deep(text):  # the C JSON parser fails fast on deep nesting by itself
        raise FormError([f"{name}: nested too deeply to read"])
    try:
        doc = yaml.safe_load(text) if yaml_syntax else json.loads(text)
    except RecursionError as exc:
        raise FormError([f"{name}: nested too deeply to read"]) from exc
    except json.JSONDecodeError as exc:
        raise FormError([f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise FormError([f"{name}: not valid YAML{where}"]) from exc
    if not isinstance(doc, dict):
        raise FormError([f"{name}: a form definition must be an object with id, version, title and pages"])
    return doc


def load_definition(path: str | Path) -> FormDefinition:
    """Read, validate and build a definition; FormError lists every reason it is refused."""
    doc = read_document(path)
    reasons = validate_definition(doc)
    if reasons:
        raise FormError(reasons)
    return FormDefinition._build(doc)


def load_directory(directory: str | Path) -> tuple[dict[str, FormDefinition], dict[str, list[str]]]:
    """Every valid form in a directory by id, and the refusal reasons of the others by file name."""
    forms: dict[str, FormDefinition] = {}
    refused: dict[str, list[str]] = {}
    for p in sorted(Path(directory).iterdir()):
        if p.suffix.lower() not in (".json", ".yaml", ".yml") or not p.is_file():
            continue
        try:
            definition = load_definition(p)
        except FormError as exc:
            refused[p.name] = exc.reasons
            continue
        if definition.id in forms:
            refused[p.name] = [f"form id {definition.id!r} is already used by another file"]
            continue
        forms[definition.id] = definition
    return forms, refused
