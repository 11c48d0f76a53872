"""Checks a parsed definition and explains every problem in words an author can act on.

Run by the hub before publishing (``kiosk-hub forms validate``) and by the terminal
before activating a form. It never raises on bad input: whatever the document
holds (wrong types, absurd sizes, hostile expressions), the answer is a list of
reasons, each naming the page and field it is about. An empty list means valid.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from contract.forms import limits
from contract.forms.expr import ExprError, Expression, Node, compile_expression, uses_self, walk
from contract.forms.schema import (
    CALCULABLE_TYPES,
    CHOICE_TYPES,
    DISPLAY_ONLY_TYPES,
    FIELD_KEYS,
    FIELD_TYPE,
    FIELD_TYPES,
    KEYPADS,
    LAYOUTS,
    LENGTH_TYPES,
    PREFILL_SOURCES,
)
from contract.lang import LANGUAGES

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CHOICE_VALUE = re.compile(r"^[A-Za-z0-9_.\-]+$")
_LANG_KEY = re.compile(r"^[a-z]{2}_[A-Z]{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_KEYS = frozenset({"id", "version", "title", "description", "layout", "pages", "sample"})
_PAGE_KEYS = frozenset({"id", "title", "relevant", "fields"})


def _is_extension(key: Any) -> bool:
    """Authoring tools may keep their own keys: ``$schema``, ``$comment``, ``x_*``."""
    return isinstance(key, str) and key.startswith(("$", "x_"))


def check_size(doc: Any) -> list[str]:
    """Refuse documents too deep or too large before looking at anything else.

    Iterative, with a node budget, so a deeply nested or alias-exploded YAML
    document cannot exhaust the stack or the CPU here.
    """
    stack: list[tuple[Any, int]] = [(doc, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > limits.MAX_NODES:
            return [f"definition is too large (more than {limits.MAX_NODES} values)"]
        if isinstance(value, (dict, list, tuple)):
            if depth > limits.MAX_NESTING:
                return [f"definition is nested more than {limits.MAX_NESTING} levels deep"]
            children = value.values() if isinstance(value, dict) else value
            if isinstance(value, dict):
                for key in value:
                    if not isinstance(key, str):
                        return [f"definition has a non-text key {key!r}"]
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(value, str) and len(value) > limits.MAX_LONG_TEXT_CHARS:
            return [f"definition holds a text longer than {limits.MAX_LONG_TEXT_CHARS} characters"]
    return []


class _Checker:
    def __init__(self) -> None:
        self.reasons: list[str] = []

    def add(self, where: str, message: str) -> None:
        if len(self.reasons) < 200:  # an author needs the first problems, not 10,000 copies
            self.reasons.append(f"{where}: {message}" if where else message)

    # -- scalars

    def text(self, where: str, name: str, value: Any, *, required: bool, limit: int, both: bool = True) -> None:
        if value is None:
            if required:
                self.add(where, f"{name} is missing")
            return
        if not isinstance(value, Mapping):
            self.add(where, f"{name} must be an object of languages, e.g. {{\"zh_CN\": \"...\", \"en_US\": \"...\"}}")
            return
        for lang, s in value.items():
            if not isinstance(lang, str) or not _LANG_KEY.match(lang):
                self.add(where, f"{name} has a bad language key {lang!r} (use zh_CN, en_US)")
            elif not isinstance(s, str):
                self.add(where, f"{name} in {lang} must be text")
            elif len(s) > limit:
                self.add(where, f"{name} in {lang} is longer than {limit} characters ({len(s)})")
            elif _CONTROL.search(s):
                self.add(where, f"{name} in {lang} contains control characters")
        if required or value:
            langs = LANGUAGES if both else LANGUAGES[:1]
            for lang in langs:
                s = value.get(lang)
                if not isinstance(s, str) or not s.strip():
                    self.add(where, f"{name} is missing {lang}")

    def ident(self, where: str, name: str, value: Any) -> bool:
        if not isinstance(value, str) or not value:
            self.add(where, f"{name} is missing or not text")
            return False
        if len(value) > limits.MAX_ID_CHARS or not _ID.match(value):
            shown = value if len(value) <= 40 else value[:40] + "..."
            self.add(
                where,
                f"{name} {shown!r} must start with a lowercase letter and use only a-z, 0-9 and _ "
                f"(at most {limits.MAX_ID_CHARS} characters)",
            )
            return False
        return True

    def boolean(self, where: str, name: str, value: Any) -> None:
        if value is not None and not isinstance(value, bool):
            self.add(where, f"{name} must be true or false")

    def count(self, where: str, name: str, value: Any, low: int, high: int) -> bool:
        if value is None:
            return True
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add(where, f"{name} must be a whole number from {low} to {high}")
            return False
        return True


_MAX_UNBOUNDED_REPEATS = 3


def _check_pattern(pattern: str) -> str | None:
    """Why a pattern is refused: too long, not a regex, or prone to catastrophic backtracking.

    Python's ``re`` backtracks, so some patterns take exponential (``(a+)+``,
    ``(ab|a)*``) or high-polynomial (``\\d*\\d*\\d*\\d*``) time on a
    resident's answer and would freeze the screen. Refused: a repeated group
    containing another unbounded repeat or a multi-character alternation,
    conditional groups, back-references, and more than three unbounded repeats.
    """
    if len(pattern) > limits.MAX_PATTERN_CHARS:
        return f"pattern is longer than {limits.MAX_PATTERN_CHARS} characters"
    try:
        re.compile(pattern)
        parsed = _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"pattern is not a valid regular expression ({exc})"
    counter = [0]
    risk = _regex_risk(parsed, False, counter)
    if risk:
        return risk
    if counter[0] > _MAX_UNBOUNDED_REPEATS:
        return f"pattern has more than {_MAX_UNBOUNDED_REPEATS} open-ended repeats (+, *, {{n,}}); simplify it"
    return None


_SLOW = (
    "pattern repeats a group that itself repeats a variable number of times or has alternatives "
    "(like (a+)+, (a{1,9}){1,9} or (ab|a)*), which can freeze the screen; simplify it"
)
MAX_PATTERN_INPUT = 500  # a field with a pattern must not accept longer answers


def _regex_risk(items: Any, in_variable_repeat: bool, counter: list[int]) -> str | None:
    """Backtracking blows up when a variable repeat sits inside another, or alternatives do.

    A fixed repeat of more than four counts as variable here: ``(a?){30}a{30}``
    takes 2**30 steps although its outer count is fixed.
    """
    repeats = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
    for op, av in items:
        if op in repeats:
            low, high, sub = av
            variable = low != high
            if high is sre.MAXREPEAT or high > 10:
                counter[0] += 1
            if variable and in_variable_repeat:
                return _SLOW
            risk = _regex_risk(sub, in_variable_repeat or variable or high > 4, counter)
            if risk:
                return risk
        elif op == sre.SUBPATTERN:
            risk = _regex_risk(av[-1], in_variable_repeat, counter)
            if risk:
                return risk
        elif op == sre.BRANCH:
            if in_variable_repeat:
                return _SLOW
            for branch in av[1]:
                risk = _regex_risk(branch, in_variable_repeat, counter)
                if risk:
                    return risk
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            risk = _regex_risk(av[1], in_variable_repeat, counter)
            if risk:
                return risk
        elif op in (sre.GROUPREF_EXISTS, sre.GROUPREF, getattr(sre, "GROUPREF_IGNORE", sre.GROUPREF)):
            return "pattern uses back-references or conditional groups, which are not allowed"
    return None


def _iso_or_today(value: Any) -> date | None | bool:
    if value == "today":
        return True
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def validate_definition(d: Any) -> list[str]:
    """Every reason the definition cannot be used; an empty list means it is valid."""
    if not isinstance(d, Mapping):
        return ["a form definition must be an object with id, version, title and pages"]
    try:
        size = check_size(d)
    except RecursionError:  # pragma: no cover - check_size is iterative
        size = ["definition is nested too deeply"]
    if size:
        return size
    try:
        return _validate(d)
    except RecursionError:  # pragma: no cover - expressions are depth-limited
        return ["definition is nested too deeply"]


def _validate(d: Mapping[str, Any]) -> list[str]:
    ck = _Checker()
    for key in d:
        if key not in _FORM_KEYS and not _is_extension(key):
            ck.add("form", f"unknown key {key!r}")
    ck.ident("form", "id", d.get("id"))
    version = d.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 1_000_000:
        ck.add("form", "version must be a whole number from 1 upwards")
    ck.text("form", "title", d.get("title"), required=True, limit=limits.MAX_LABEL_CHARS)
    ck.text("form", "description", d.get("description"), required=False, limit=limits.MAX_HINT_CHARS)
    ck.boolean("form", "sample", d.get("sample"))
    layout = d.get("layout", "pages")
    if layout not in LAYOUTS:
        ck.add("form", f"layout must be one of {', '.join(LAYOUTS)}")
    pages = d.get("pages")
    if not isinstance(pages, list) or not pages:
        ck.add("form", "pages must be a non-empty list")
        return ck.reasons
    if len(pages) > limits.MAX_PAGES:
        ck.add("form", f"has {len(pages)} pages; at most {limits.MAX_PAGES} are allowed")
        return ck.reasons
    total = sum(len(p.get("fields", [])) for p in pages if isinstance(p, Mapping) and isinstance(p.get("fields"), list))
    if total > limits.MAX_FIELDS:
        ck.add("form", f"has {total} fields; at most {limits.MAX_FIELDS} are allowed")
        return ck.reasons

    fields: dict[str, Mapping[str, Any]] = {}
    where_of: dict[str, str] = {}
    page_ids: set[str] = set()
    page_of: dict[str, int] = {}
    for pi, page in enumerate(pages):
        pwhere = f"page {pi + 1}"
        if not isinstance(page, Mapping):
            ck.add(pwhere, "must be an object with id, title and fields")
            continue
        if ck.ident(pwhere, "id", page.get("id")):
            pwhere = f"page {page['id']!r}"
            if page["id"] in page_ids:
                ck.add(pwhere, "page id is used twice")
            page_ids.add(page["id"])
        for key in page:
            if key not in _PAGE_KEYS and not _is_extension(key):
                ck.add(pwhere, f"unknown key {key!r}")
        ck.text(pwhere, "title", page.get("title"), required=True, limit=limits.MAX_LABEL_CHARS)
        pfields = page.get("fields")
        if not isinstance(pfields, list) or not pfields:
            ck.add(pwhere, "fields must be a non-empty list")
            continue
        if len(pfields) > limits.MAX_FIELDS_PER_PAGE:
            ck.add(pwhere, f"has {len(pfields)} fields; at most {limits.MAX_FIELDS_PER_PAGE} per page")
            continue
        for fi, f in enumerate(pfields):
            fwhere = f"{pwhere} field {fi + 1}"
            if not isinstance(f, Mapping):
                ck.add(fwhere, "must be an object with id, type and label")
                continue
            if ck.ident(fwhere, "id", f.get("id")):
                fwhere = f"{pwhere} field {f['id']!r}"
                if f["id"] in fields:
                    ck.add(fwhere, f"field id is already used in {where_of[f['id']]}")
                else:
                    fields[f["id"]] = f
                    where_of[f["id"]] = fwhere
                    page_of[f["id"]] = pi
            _check_field(ck, fwhere, f)

    _check_expressions(ck, pages, fields, where_of, page_of)
    return ck.reasons


def _check_field(ck: _Checker, where: str, f: Mapping[str, Any]) -> None:
    for key in f:
        if key not in FIELD_KEYS and not _is_extension(key):
            ck.add(where, f"unknown key {key!r}")
    ftype = f.get("type")
    if ftype not in FIELD_TYPES:
        shown = ftype if not isinstance(ftype, str) or len(ftype) <= 40 else ftype[:40] + "..."
        ck.add(where, f"type {shown!r} is not one of {', '.join(FIELD_TYPES)}")
        return
    is_calc = ftype == "calculate"
    ck.text(where, "label", f.get("label"), required=not is_calc, limit=limits.MAX_LABEL_CHARS)
    note_limit = limits.MAX_LONG_TEXT_CHARS if ftype == "note" else limits.MAX_HINT_CHARS
    ck.text(where, "hint", f.get("hint"), required=False, limit=note_limit, both=False)
    for name in ("required_message", "constraint_message", "range_message", "length_message", "pattern_message"):
        ck.text(where, name, f.get(name), required=False, limit=limits.MAX_LABEL_CHARS)
    for name in ("required", "sensitive", "read_only"):
        ck.boolean(where, name, f.get(name))
    if f.get("required") and ftype in DISPLAY_ONLY_TYPES:
        ck.add(where, f"a {ftype} cannot be required")
    if is_calc and not f.get("calculate"):
        ck.add(where, "a calculate field needs a calculate expression")
    if f.get("calculate") is not None and ftype not in CALCULABLE_TYPES:
        ck.add(where, f"calculate is only allowed on {', '.join(CALCULABLE_TYPES)} fields")
    prefill = f.get("prefill")
    if prefill is not None and prefill not in PREFILL_SOURCES:
        ck.add(where, f"prefill {prefill!r} is not one of {', '.join(PREFILL_SOURCES)}")
    keypad = f.get("keypad")
    if keypad is not None and keypad not in KEYPADS:
        ck.add(where, f"keypad must be one of {', '.join(KEYPADS)}")

    choices = f.get("choices")
    if ftype in CHOICE_TYPES:
        if not isinstance(choices, list) or not choices:
            ck.add(where, "a choice field needs a non-empty list of choices")
        elif len(choices) > limits.MAX_CHOICES:
            ck.add(where, f"has {len(choices)} choices; at most {limits.MAX_CHOICES}")
        else:
            # a filtered list may repeat a value under different filter data (XLSForm cascades), same label
            seen: dict[str, Any] = {}
            for ci, c in enumerate(choices):
                cwhere = f"{where} choice {ci + 1}"
                if not isinstance(c, Mapping):
                    ck.add(cwhere, "must be an object with value and label")
                    continue
                value = c.get("value")
                if not isinstance(value, str) or not _CHOICE_VALUE.match(value) or len(value) > limits.MAX_ID_CHARS:
                    ck.add(cwhere, "value must be text of letters, digits, '_', '.' or '-' (no spaces)")
                elif value in seen and not (f.get("choice_filter") and c.get("label") == seen[value]):
                    ck.add(cwhere, f"value {value!r} is used twice")
                else:
                    seen.setdefault(value, c.get("label"))
                ck.text(cwhere, "label", c.get("label"), required=True, limit=limits.MAX_LABEL_CHARS)
                _check_choice_data(ck, cwhere, c.get("data"))
                for key in c:
                    if key not in ("value", "label", "data") and not _is_extension(key):
                        ck.add(cwhere, f"unknown key {key!r}")
    elif choices is not None:
        ck.add(where, f"choices are only allowed on {', '.join(CHOICE_TYPES)} fields")
    if f.get("choice_filter") is not None and ftype not in CHOICE_TYPES:
        ck.add(where, f"choice_filter is only allowed on {', '.join(CHOICE_TYPES)} fields")
    if f.get("default") is not None:
        problem = _default_problem(ftype, f.get("default"), choices if isinstance(choices, list) else [])
        if problem:
            ck.add(where, problem)

    if ftype == "consent":
        ck.text(where, "policy", f.get("policy"), required=True, limit=limits.MAX_LONG_TEXT_CHARS)
    elif f.get("policy") is not None:
        ck.add(where, "policy text is only allowed on consent fields")

    # ranges
    lo, hi = f.get("min"), f.get("max")
    if lo is not None or hi is not None:
        if ftype == "number":
            for name, v in (("min", lo), ("max", hi)):
                if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or abs(v) > 1e15):
                    ck.add(where, f"{name} must be a number")
            if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
                ck.add(where, "min is greater than max")
        elif ftype == "date":
            parsed = {}
            for name, v in (("min", lo), ("max", hi)):
                if v is not None:
                    p = _iso_or_today(v)
                    if p is None:
                        ck.add(where, f"{name} must be a date like 2026-01-31 or 'today'")
                    parsed[name] = p
            a, b = parsed.get("min"), parsed.get("max")
            if isinstance(a, date) and isinstance(b, date) and a > b:
                ck.add(where, "min is after max")
        else:
            ck.add(where, "min/max are only allowed on number and date fields (use min_length/max_length for text)")
    okl = ck.count(where, "min_length", f.get("min_length"), 0, limits.MAX_VALUE_CHARS)
    okh = ck.count(where, "max_length", f.get("max_length"), 1, limits.MAX_VALUE_CHARS)
    if (f.get("min_length") is not None or f.get("max_length") is not None) and ftype not in LENGTH_TYPES:
        ck.add(where, "min_length/max_length are only allowed on text, long_text, email and address fields")
    lo_len, hi_len = f.get("min_length"), f.get("max_length")
    if okl and okh and lo_len is not None and hi_len is not None and lo_len > hi_len:
        ck.add(where, "min_length is greater than max_length")
    pattern = f.get("pattern")
    if pattern is not None:
        if not isinstance(pattern, str) or not pattern:
            ck.add(where, "pattern must be text")
        elif not FIELD_TYPE[ftype].pattern:
            ck.add(where, "pattern is only allowed on fields the resident types into")
        else:
            problem = _check_pattern(pattern)
            if problem:
                ck.add(where, problem)
            max_length = f.get("max_length")
            longest = max_length if isinstance(max_length, int) else FIELD_TYPE[ftype].max_length or 0
            if longest > MAX_PATTERN_INPUT:
                ck.add(where, f"a field with a pattern needs max_length of at most {MAX_PATTERN_INPUT}")
    if f.get("decimals") is not None:
        ck.count(where, "decimals", f.get("decimals"), 0, 6)
        if ftype != "number":
            ck.add(where, "decimals is only allowed on number fields")
    for name in ("min_selected", "max_selected"):
        if f.get(name) is not None:
            ck.count(where, name, f.get(name), 0, limits.MAX_CHOICES)
            if ftype != "multiple_choice":
                ck.add(where, f"{name} is only allowed on multiple_choice fields")


def _check_choice_data(ck: _Checker, where: str, data: Any) -> None:
    if data is None:
        return
    if not isinstance(data, Mapping) or len(data) > 20:
        ck.add(where, "data must be an object of at most 20 text columns")
        return
    for key, value in data.items():
        if not isinstance(key, str) or not _ID.match(key) or len(key) > limits.MAX_ID_CHARS:
            ck.add(where, f"data column {str(key)[:40]!r} must be lowercase letters, digits and '_'")
        elif not isinstance(value, str) or len(value) > limits.MAX_LABEL_CHARS or _CONTROL.search(value):
            ck.add(where, f"data column {key!r} must be plain text of at most {limits.MAX_LABEL_CHARS} characters")


def _default_problem(ftype: str, value: Any, choices: list[Any]) -> str | None:
    """Why ``default`` cannot be this field's starting answer, or None."""
    values = {c.get("value") for c in choices if isinstance(c, Mapping)}
    if not FIELD_TYPE[ftype].takes_default:
        return f"a {ftype} field cannot have a default"
    if ftype == "yes_no":
        return None if isinstance(value, bool) else "default must be true or false"
    if ftype == "multiple_choice":
        if not isinstance(value, list) or not all(v in values for v in value):
            return "default must be a list of this field's choice values"
        return None
    if not isinstance(value, str) or len(value) > limits.MAX_LABEL_CHARS:
        return f"default must be text of at most {limits.MAX_LABEL_CHARS} characters"
    if ftype in CHOICE_TYPES and value not in values:
        return f"default {value!r} is not one of the choices"
    if ftype == "number":
        try:
            float(value)
        except ValueError:
            return f"default {value!r} is not a number"
    if ftype == "date" and _iso_or_today(value) is None:
        return "default must be a date like 2026-01-31 or 'today'"
    return None


def _check_expressions(
    ck: _Checker,
    pages: list[Any],
    fields: dict[str, Mapping[str, Any]],
    where_of: dict[str, str],
    page_of: dict[str, int],
) -> None:
    # deps[x] = fields whose value or relevance x's value or relevance depends on
    deps: dict[str, set[str]] = {fid: set() for fid in fields}
    page_refs: dict[int, set[str]] = {}
    for pi, page in enumerate(pages):
        if not isinstance(page, Mapping) or page.get("relevant") is None:
            continue
        where = f"page {page.get('id')!r}"
        tree = _parse(ck, where, "relevant", page["relevant"])
        if tree is not None:
            _check_tree(ck, where, "relevant", tree, fields, allow_self=False)
            page_refs[pi] = {r for r in tree.refs if r in fields}
    for fid, f in fields.items():
        where = where_of[fid]
        for key in ("relevant", "calculate", "constraint", "choice_filter"):
            source = f.get(key)
            if source is None:
                continue
            tree = _parse(ck, where, key, source)
            if tree is None:
                continue
            _check_tree(ck, where, key, tree, fields, allow_self=key == "constraint")
            _check_choice_calls(ck, where, key, tree, f)
            if key in ("relevant", "calculate"):
                deps[fid] |= {r for r in tree.refs if r in fields}
        deps[fid] |= page_refs.get(page_of[fid], set())
    _check_cycles(ck, deps, where_of)


def _parse(ck: _Checker, where: str, key: str, source: Any) -> Expression | None:
    if not isinstance(source, str):
        ck.add(where, f"{key} must be an expression in text")
        return None
    try:
        return compile_expression(source)
    except ExprError as exc:
        ck.add(where, f"{key} expression: {exc}")
        return None


def _check_tree(
    ck: _Checker, where: str, key: str, expr: Expression, fields: Mapping[str, Mapping[str, Any]], *, allow_self: bool
) -> None:
    for ref in sorted(expr.refs):
        if ref not in fields:
            ck.add(where, f"{key} expression refers to unknown field ${{{ref}}}")
        elif fields[ref].get("type") == "note":
            ck.add(where, f"{key} expression refers to ${{{ref}}}, a note, which has no answer")
    if not allow_self and uses_self(expr.tree):
        ck.add(where, f"'.' (this field's answer) can only be used in a constraint, not in {key}")
    for node in walk(expr.tree):
        if node.kind == "call" and node.value in ("selected", "count-selected"):
            _check_selected(ck, where, key, node, fields)


def _check_choice_calls(ck: _Checker, where: str, key: str, expr: Expression, f: Mapping[str, Any]) -> None:
    """``choice('column')`` only in a choice_filter, naming ``value`` or a data column the choices have."""
    columns = {"value"}
    for c in f.get("choices") or []:
        if isinstance(c, Mapping) and isinstance(c.get("data"), Mapping):
            columns.update(str(k) for k in c["data"])
    for node in walk(expr.tree):
        if node.kind != "call" or node.value != "choice":
            continue
        if key != "choice_filter":
            ck.add(where, f"{key} expression: choice() can only be used in a choice_filter")
        elif node.args[0].kind != "lit" or str(node.args[0].value) not in columns:
            shown = node.args[0].value if node.args[0].kind == "lit" else "?"
            ck.add(where, f"choice_filter expression: choice({shown!r}) is not 'value' or a data column of the choices")


def _check_selected(ck: _Checker, where: str, key: str, node: Node, fields: Mapping[str, Mapping[str, Any]]) -> None:
    target = node.args[0]
    if target.kind != "ref":
        return
    f = fields.get(target.value)
    if f is None:
        return
    if f.get("type") not in CHOICE_TYPES:
        ck.add(where, f"{key} expression: {node.value}() needs a choice field, ${{{target.value}}} is {f.get('type')}")
        return
    if node.value == "selected" and node.args[1].kind == "lit":
        values = {c.get("value") for c in f.get("choices") or [] if isinstance(c, Mapping)}
        if str(node.args[1].value) not in values:
            ck.add(where, f"{key} expression: {node.args[1].value!r} is not a choice of ${{{target.value}}}")


def _check_cycles(ck: _Checker, deps: dict[str, set[str]], where_of: Mapping[str, str]) -> None:
    """Refuse dependency cycles and chains longer than the limit (iterative DFS)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    chain: dict[str, int] = {}
    reported: set[frozenset[str]] = set()
    for start, first in deps.items():
        if start in state:
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(first))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if todo:
                nxt = todo.pop()
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt):] + [nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        names = " -> ".join(f"${{{c}}}" for c in cycle)
                        ck.add(where_of[nxt], f"expressions depend on each other in a circle: {names}")
                elif nxt not in state:
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append((nxt, sorted(deps[nxt])))
            else:
                stack.pop()
                path.pop()
                state[node] = 2
                chain[node] = 1 + max((chain.get(d, 0) for d in deps[node]), default=0)
                if chain[node] > limits.MAX_DEPENDENCY_CHAIN and chain[node] - 1 == limits.MAX_DEPENDENCY_CHAIN:
                    ck.add(
                        where_of[node],
                        f"depends on a chain of more than {limits.MAX_DEPENDENCY_CHAIN} other calculations",
                    )
