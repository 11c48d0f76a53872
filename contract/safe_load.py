"""The one bounded loader for uploaded content: JSON and YAML text, refused before anything walks it.

Why (issue 16, findings 1 and 9): a 318-byte YAML document with nine levels of
anchors and aliases loads in microseconds into a structure that shares its
parts, and then costs minutes and gigabytes when anything walks or serialises
it (validation, ``json.dumps``, the YAML editor); a JSON body nested a few
hundred levels deep breaks recursive code far from where it arrived. So every
upload path (console editor and form upload, the admin API, the CLI, terminal
request bodies at the hub, the terminal's own content files) goes through here:

- size first (bytes, before decoding);
- YAML: one pass over the parser's events (libyaml when present) refuses
  aliases and anchors (content authors never need them) and counts nesting
  depth and nodes, stopping at the first one past a bound; only then is the
  document built;
- JSON: a linear scan of the raw text (strings skipped by one regular
  expression) that stops as soon as depth or node count passes its bound; only
  then the C parser runs. :func:`check_json` is the scan alone, for the hub's
  request bodies, which FastAPI parses itself.

Problems come back as :class:`ContentError` with a short ``code`` (``too_large``,
``too_deep``, ``too_many_nodes``, ``yaml_alias``, ``not_json``, ``not_yaml``,
``not_utf8``) and sentences that name the line where one is known.
Spreadsheets have their own guard, :mod:`contract.safe_workbook`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Bounds:
    """How much content one document may hold. Generous for real content (a form needs depth 7)."""

    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 32
    max_nodes: int = 500_000


DEFAULT_BOUNDS = Bounds()


class ContentError(ValueError):
    """Content refused before it was walked; ``code`` for programs, ``problems`` for people."""

    def __init__(self, code: str, problems: list[str]) -> None:
        self.code = code
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def _too_large(size: int, bounds: Bounds, name: str) -> ContentError:
    return ContentError("too_large", [f"{name}: {size} bytes; the limit is {bounds.max_bytes}"])


def _too_deep(bounds: Bounds, name: str, where: str = "") -> ContentError:
    return ContentError("too_deep", [f"{name}{where}: nested deeper than {bounds.max_depth} levels"])


def _too_many(bounds: Bounds, name: str, where: str = "") -> ContentError:
    return ContentError("too_many_nodes", [f"{name}{where}: more than {bounds.max_nodes} values"])


def _text(data: str | bytes, bounds: Bounds, name: str) -> str:
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > bounds.max_bytes:
        raise _too_large(size, bounds, name)
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError("not_utf8", [f"{name}: not UTF-8 text (byte {exc.start})"]) from exc


# --- JSON -------------------------------------------------------------------------------------

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')  # a string literal, escapes included
_BRACKET = re.compile(rb"[\[\]{}]")


def check_json(data: bytes, bounds: Bounds = DEFAULT_BOUNDS, name: str = "body") -> None:
    """Refuse JSON text nested deeper or holding more values than ``bounds``, without parsing it.

    Values are counted as containers plus separating commas (an array of n values
    has n - 1 commas), which is what memory and walking cost grow with. Text
    whose bracket and comma counts are already within bounds is not looked at
    again; otherwise string literals are blanked (one regular expression, in C),
    the counts taken again, and the depth followed bracket by bracket, stopping
    at the first one past the bound. Malformed JSON is left to the parser.
    """
    if len(data) > bounds.max_bytes:
        raise _too_large(len(data), bounds, name)
    opening = data.count(b"[") + data.count(b"{")
    if opening <= bounds.max_depth and opening + data.count(b",") <= bounds.max_nodes:
        return
    bare = _JSON_STRING.sub(b'""', data)
    opening = bare.count(b"[") + bare.count(b"{")
    if opening + bare.count(b",") > bounds.max_nodes:
        raise _too_many(bounds, name)
    if opening <= bounds.max_depth:
        return
    depth = 0
    for match in _BRACKET.finditer(bare):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > bounds.max_depth:
                raise _too_deep(bounds, name)
        else:
            depth -= 1


def load_json(data: str | bytes, bounds: Bounds = DEFAULT_BOUNDS, name: str = "content") -> Any:
    """Parse JSON text after :func:`check_json`; :class:`ContentError` says why not."""
    text = _text(data, bounds, name)
    check_json(text.encode("utf-8") if isinstance(data, str) else data, bounds, name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise ContentError("not_json", [f"{name}: not valid JSON ({where}: {exc.msg})"]) from exc
    except RecursionError as exc:  # unreachable within the bounds; kept so no traceback can escape
        raise _too_deep(bounds, name) from exc


# --- YAML -------------------------------------------------------------------------------------


# A run of opening brackets deeper than the bound: refused in one regular-expression search, before the
# parser (PyYAML's pure-Python scanner looks up to 1024 characters ahead for each bracket on such a run).
def _bracket_run(depth: int) -> re.Pattern[str]:
    return re.compile(r"[\[{](?:\s*[\[{]){" + str(depth) + "}")


# libyaml when PyYAML has it (about ten times faster); the same safe constructor either way.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_events(text: str, bounds: Bounds, name: str) -> None:
    """One pass over the parser's events: refuse aliases and anchors, count depth and nodes.

    Nothing is built here, so a hostile document stops after a bounded amount of
    work; the document is then loaded knowing it has no aliases and fits the bounds.
    """
    parser = _Loader(text)
    depth = nodes = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            kind = type(event)
            if kind in _CLOSE:
                depth -= 1
                continue
            if kind is yaml.AliasEvent or getattr(event, "anchor", None):
                what = f"aliases (*{event.anchor})" if kind is yaml.AliasEvent else f"anchors (&{event.anchor})"
                problem = f"{name}{_line(event)}: YAML {what} are not accepted; write the content out in full"
                raise ContentError("yaml_alias", [problem])
            if kind is yaml.ScalarEvent or kind in _OPEN:
                nodes += 1
                if nodes > bounds.max_nodes:
                    raise _too_many(bounds, name, _line(event))
                if kind in _OPEN:
                    depth += 1  # containers only, as for JSON
                    if depth > bounds.max_depth:
                        raise _too_deep(bounds, name, _line(event))
    finally:
        parser.dispose()


def _line(event: yaml.Event) -> str:
    return f" (line {event.start_mark.line + 1})"


def load_yaml(data: str | bytes, bounds: Bounds = DEFAULT_BOUNDS, name: str = "content") -> Any:
    """Parse YAML (JSON is YAML too) within ``bounds``; :class:`ContentError` says why not."""
    text = _text(data, bounds, name)
    run = _bracket_run(bounds.max_depth).search(text)
    if run is not None:
        raise _too_deep(bounds, name, f" (line {text.count(chr(10), 0, run.start()) + 1})")
    try:
        _check_events(text, bounds, name)
        return yaml.load(text, Loader=_Loader)  # the safe loader (C or Python), after the checks above
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot be read"
        raise ContentError("not_yaml", [f"{name}: not valid YAML{where}: {problem}"]) from exc
    except ContentError:
        raise
    # a scalar PyYAML's constructor cannot build: an int of 5000 digits, "!!timestamp x", "!!int ''"
    except (ValueError, OverflowError, TypeError, AttributeError, IndexError, KeyError) as exc:
        raise ContentError("not_yaml", [f"{name}: a value cannot be read ({type(exc).__name__})"]) from exc


def load_file(path: str | Path, bounds: Bounds = DEFAULT_BOUNDS) -> Any:
    """A .json, .yaml or .yml file through the matching loader (the size is checked before reading)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise ContentError("unsupported", [f"{p}: use a .json, .yaml or .yml file"])
    try:
        size = p.stat().st_size
        if size > bounds.max_bytes:
            raise _too_large(size, bounds, str(p))
        data = p.read_bytes()
    except OSError as exc:
        raise ContentError("unreadable", [f"{p}: cannot be read ({exc.strerror})"]) from exc
    return (load_json if suffix == ".json" else load_yaml)(data, bounds, str(p))
