"""Reading definition files (.json, .yaml/.yml, .xlsx) with size and nesting refused early."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from contract import safe_load
from contract.forms.limits import MAX_FILE_BYTES, MAX_NODES
from contract.forms.model import FormDefinition, FormError
from contract.forms.validate import validate_definition
from contract.forms.xlsx import XlsxError, convert_xlsx


def read_document(path: str | Path) -> dict[str, Any]:
    """Parse a definition file into a dict without validating it; FormError if unreadable."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
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


# deeper than the validator's MAX_NESTING, so a definition a little too deep gets the validator's exact message
_BOUNDS = safe_load.Bounds(max_bytes=MAX_FILE_BYTES, max_nodes=MAX_NODES)


def parse_document(text: str, *, yaml_syntax: bool, name: str = "definition") -> dict[str, Any]:
    """Parse through the bounded loader (:mod:`contract.safe_load`): no aliases, nesting and size refused early."""
    try:
        doc = (safe_load.load_yaml if yaml_syntax else safe_load.load_json)(text, _BOUNDS, name)
    except safe_load.ContentError as exc:
        if exc.code == "too_deep":
            raise FormError([f"{name}: nested too deeply to read"]) from exc
        raise FormError(exc.problems) from exc
    if not isinstance(doc, dict):
        raise FormError([f"{name}: a form definition must be an object with id, version, title and pages"])
    return doc


Prepare = Callable[[dict[str, Any]], dict[str, Any]]


def load_definition(path: str | Path, prepare: Prepare | None = None) -> FormDefinition:
    """Read, validate and build a definition; FormError lists every reason it is refused.
    ``prepare`` adds to the document before it is built (the sample content's search keys)."""
    doc = read_document(path)
    if prepare is not None:
        doc = prepare(doc)
    reasons = validate_definition(doc)
    if reasons:
        raise FormError(reasons)
    return FormDefinition._build(doc)


def load_directory(
    directory: str | Path, prepare: Prepare | None = None
) -> tuple[dict[str, FormDefinition], dict[str, list[str]]]:
    """Every valid form in a directory by id, and the refusal reasons of the others by file name."""
    forms: dict[str, FormDefinition] = {}
    refused: dict[str, list[str]] = {}
    for p in sorted(Path(directory).iterdir()):
        if p.suffix.lower() not in (".json", ".yaml", ".yml") or not p.is_file():
            continue
        try:
            definition = load_definition(p, prepare)
        except FormError as exc:
            refused[p.name] = exc.reasons
            continue
        if definition.id in forms:
            refused[p.name] = [f"form id {definition.id!r} is already used by another file"]
            continue
        forms[definition.id] = definition
    return forms, refused
