"""One resident's answers to one form, for one session.

``FormState`` holds what was entered, recomputes calculations and relevance
when an answer changes (only the fields downstream of it, in dependency
order), checks answers with plain-language messages, and gives the review
lines and the answers to submit. It is the only place answers live during a
session, and :meth:`FormState.clear` wipes them (session privacy).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from contract import idnumber
from contract.forms import address as addr
from contract.forms.expr import Env, Expression, compile_expression, truthy
from contract.forms.expr.values import as_date, as_number
from contract.forms.limits import MAX_SIGNATURE_PNG_B64, MAX_SIGNATURE_POINTS, MAX_VALUE_CHARS
from contract.forms.messages import message
from contract.forms.model import CHOICE_TYPES, Choice, Field, FormDefinition
from contract.lang import tr
from contract.masking import mask_id, mask_name, mask_phone

PHONE_RE = re.compile(r"^1[3-9][0-9]{9}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})+$")
_DEFAULT_MAX = {"text": 200, "long_text": 2000, "email": 254, "address": 300, "phone": 20, "id_number": 20}
_SEX_CODES = {"1": ("male", "m"), "2": ("female", "f")}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ReviewRow(NamedTuple):
    page_index: int
    field_id: str
    label: str
    display_value: str


def format_date(value: date, lang: str) -> str:
    """2026年11月26日 / 26 Nov 2026 (house rules: dates in the resident's locale)."""
    if lang == "zh_CN":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _fmt_number(v: float) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@dataclass
class _Compiled:
    """Everything derived once per definition: parsed expressions and the dependency order."""

    fields: dict[str, Field]
    page_of: dict[str, int]
    relevant: dict[str, Expression]
    page_relevant: dict[int, Expression]
    calculate: dict[str, Expression]
    constraint: dict[str, Expression]
    choice_filter: dict[str, Expression]
    pattern: dict[str, re.Pattern[str]]
    order: list[str]
    position: dict[str, int]
    dependents: dict[str, set[str]]
    downstream: dict[str, list[str]]

    @classmethod
    def build(cls, definition: FormDefinition) -> _Compiled:
        fields: dict[str, Field] = {}
        page_of: dict[str, int] = {}
        relevant: dict[str, Expression] = {}
        page_relevant: dict[int, Expression] = {}
        calculate: dict[str, Expression] = {}
        constraint: dict[str, Expression] = {}
        choice_filter: dict[str, Expression] = {}
        pattern: dict[str, re.Pattern[str]] = {}
        deps: dict[str, set[str]] = {}
        for pi, page in enumerate(definition.pages):
            if page.relevant:
                page_relevant[pi] = compile_expression(page.relevant)
        for pi, page in enumerate(definition.pages):
            for f in page.fields:
                fields[f.id] = f
                page_of[f.id] = pi
                d: set[str] = set(page_relevant[pi].refs) if pi in page_relevant else set()
                if f.relevant:
                    relevant[f.id] = compile_expression(f.relevant)
                    d |= relevant[f.id].refs
                if f.calculate:
                    calculate[f.id] = compile_expression(f.calculate)
                    d |= calculate[f.id].refs
                if f.constraint:
                    constraint[f.id] = compile_expression(f.constraint)
                if f.choice_filter:
                    choice_filter[f.id] = compile_expression(f.choice_filter)
                if f.pattern:
                    pattern[f.id] = re.compile(f.pattern)
                deps[f.id] = d
        # Kahn's algorithm in definition order; the validator has refused cycles.
        dependents: dict[str, set[str]] = {fid: set() for fid in fields}
        indegree = {fid: 0 for fid in fields}
        for fid, d in deps.items():
            for src in d:
                if src in dependents:
                    dependents[src].add(fid)
                    indegree[fid] += 1
        rank = {fid: i for i, fid in enumerate(fields)}
        ready = [fid for fid in fields if indegree[fid] == 0]
        order: list[str] = []
        while ready:
            fid = ready.pop(0)  # small lists; order = definition order among ready fields
            order.append(fid)
            for nxt in sorted(dependents[fid], key=rank.__getitem__):
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    ready.append(nxt)
        if len(order) != len(fields):  # pragma: no cover - guarded by validate_definition
            raise ValueError("form has circular expressions")
        position = {fid: i for i, fid in enumerate(order)}
        return cls(
            fields, page_of, relevant, page_relevant, calculate, constraint, choice_filter, pattern, order, position,
            dependents, {},
        )

    def affected(self, field_id: str) -> list[str]:
        """The field and everything depending on it, in dependency order (cached)."""
        cached = self.downstream.get(field_id)
        if cached is not None:
            return cached
        seen = {field_id}
        stack = [field_id]
        while stack:
            for nxt in self.dependents[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        result = sorted(seen, key=self.position.__getitem__)
        self.downstream[field_id] = result
        return result


def compiled(definition: FormDefinition) -> _Compiled:
    """The compiled form of a definition, built once and kept on the (immutable) definition."""
    cached = definition.__dict__.get("_compiled")
    if cached is None:
        cached = _Compiled.build(definition)
        object.__setattr__(definition, "_compiled", cached)
    return cached


class FormState:
    """Answers to ``definition`` for one session; prefill comes from the card and the terminal.

    ``prefill`` maps sources (``card.name``, ``card.birth_date`` as ISO date,
    ``card.sex`` as GB/T 2261.1 code, ``terminal.community_name``...) to text;
    see :func:`kiosk.prefill.prefill_values`. ``today`` defaults to the
    system date and can be a date or a callable (fake clocks in tests).
    """

    def __init__(
        self,
        definition: FormDefinition,
        prefill: Mapping[str, str] | None = None,
        lang: str = "zh_CN",
        today: date | Callable[[], date] | None = None,
    ) -> None:
        self.definition = definition
        self.lang = lang
        self._c = compiled(definition)
        self._today = today
        self._values: dict[str, Any] = {}
        self._calc: dict[str, Any] = {}
        self._relevant: dict[str, bool] = {}
        self._prefilled: set[str] = set()
        self._apply_prefill(prefill or {})
        self._apply_defaults()
        self._recompute(self._c.order)

    # ------------------------------------------------------------ time and prefill

    def today(self) -> date:
        if self._today is None:
            return date.today()
        if isinstance(self._today, date):
            return self._today
        return self._today()

    def _apply_prefill(self, prefill: Mapping[str, str]) -> None:
        for f in self._c.fields.values():
            if not f.prefill or not f.is_input:
                continue
            raw = prefill.get(f.prefill)
            if raw is None or raw == "":
                continue
            value: Any = raw.isoformat() if isinstance(raw, date) else str(raw)
            if f.type in CHOICE_TYPES:
                value = self._match_choice(f, value)
                if value is None:
                    continue
                if f.type == "multiple_choice":
                    value = [value]
            try:
                self._values[f.id] = self._normalise(f, value)
            except (TypeError, ValueError):
                continue  # a card value the field cannot hold is simply not prefilled
            self._prefilled.add(f.id)

    def _apply_defaults(self) -> None:
        """Authored starting answers (XLSForm ``default``) for fields the card did not fill."""
        for f in self._c.fields.values():
            if f.default is None or not f.is_input or f.id in self._values:
                continue
            value = f.default
            if f.type == "date" and value == "today":
                value = self.today().isoformat()
            try:
                self._values[f.id] = self._normalise(f, value)
            except (TypeError, ValueError):
                continue  # the validator checked the default; a stale one is simply not applied

    @staticmethod
    def _match_choice(f: Field, value: str) -> str | None:
        values = [c.value for c in f.choices]
        if value in values:
            return value
        for alias in _SEX_CODES.get(value, ()):
            if alias in values:
                return alias
        return None

    def is_prefilled(self, field_id: str) -> bool:
        """True while the answer is still the one read from the card or the terminal."""
        return field_id in self._prefilled

    # ------------------------------------------------------------ values

    def field(self, field_id: str) -> Field:
        try:
            return self._c.fields[field_id]
        except KeyError:
            raise KeyError(f"no field {field_id!r} in form {self.definition.id!r}") from None

    def _normalise(self, f: Field, value: Any) -> Any:
        """Check the shape of a value coming from the UI; a wrong shape is a programming error."""
        if value is None:
            return None
        t = f.type
        if t in ("yes_no", "consent"):
            if not isinstance(value, bool):
                raise TypeError(f"{f.id}: {t} takes True/False")
            return value
        if t == "multiple_choice":
            if isinstance(value, str) or not isinstance(value, (list, tuple)):
                raise TypeError(f"{f.id}: multiple_choice takes a list of choice values")
            allowed = [c.value for c in f.choices]
            chosen = set()
            for v in value:
                if v not in allowed:
                    raise ValueError(f"{f.id}: {v!r} is not one of the choices")
                chosen.add(v)
            return [v for v in allowed if v in chosen]
        if t == "signature":
            return self._normalise_signature(f, value)
        if t == "address" and isinstance(value, Mapping):
            out = {k: str(value.get(k, "") or "") for k in ("district", "street", "detail")}
            if out["district"] and addr.district(out["district"]) is None:
                raise ValueError(f"{f.id}: unknown district {out['district']!r}")
            if len(out["detail"]) > MAX_VALUE_CHARS:
                raise ValueError(f"{f.id}: address detail too long")
            return out
        if t == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"{f.id}: not a finite number")
            value = _fmt_number(value)
        if t == "date" and isinstance(value, date):
            value = value.isoformat()
        if not isinstance(value, str):
            raise TypeError(f"{f.id}: {t} takes text")
        if len(value) > MAX_VALUE_CHARS:
            raise ValueError(f"{f.id}: answer longer than {MAX_VALUE_CHARS} characters")
        if t in CHOICE_TYPES:
            if value == "":
                return None
            if value not in (c.value for c in f.choices):
                raise ValueError(f"{f.id}: {value!r} is not one of the choices")
        if t in ("id_number", "phone", "number", "email", "date"):
            # the Pinyin keyboard and pasted text can give full-width digits and letters (１３９, Ｘ)
            value = unicodedata.normalize("NFKC", value)
        if t == "id_number":
            value = value.upper().replace(" ", "")
        if t == "phone":
            value = value.replace(" ", "").replace("-", "")
        return value if value != "" else None

    @staticmethod
    def _normalise_signature(f: Field, value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise TypeError(f"{f.id}: signature takes {{'paths': [[[x, y], ...], ...], 'png_b64': '...'}}")
        paths = value.get("paths") or []
        if not isinstance(paths, (list, tuple)):
            raise TypeError(f"{f.id}: signature paths must be a list of strokes")
        clean: list[list[list[float]]] = []
        points = 0
        for stroke in paths:
            if not isinstance(stroke, (list, tuple)):
                raise TypeError(f"{f.id}: each stroke is a list of [x, y] points")
            s: list[list[float]] = []
            for p in stroke:
                if (
                    not isinstance(p, (list, tuple))
                    or len(p) != 2
                    or not all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in p)
                ):
                    raise TypeError(f"{f.id}: a point is [x, y] with finite numbers")
                s.append([round(float(p[0]), 1), round(float(p[1]), 1)])
            points += len(s)
            if points > MAX_SIGNATURE_POINTS:
                raise ValueError(f"{f.id}: signature has more than {MAX_SIGNATURE_POINTS} points")
            if s:
                clean.append(s)
        png = value.get("png_b64")
        if png is not None and (not isinstance(png, str) or len(png) > MAX_SIGNATURE_PNG_B64):
            raise ValueError(f"{f.id}: png_b64 must be base64 text under {MAX_SIGNATURE_PNG_B64} characters")
        out: dict[str, Any] = {"paths": clean}
        if png:
            out["png_b64"] = png
        for key in ("width", "height"):
            v = value.get(key)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < 100_000:
                out[key] = v
        return out

    def set_value(self, field_id: str, value: Any) -> None:
        """Store an answer (None clears it) and recompute what depends on it.

        Values: text for text-like, number, date (ISO) and single choices;
        a list of choice values for multiple choice; True/False for yes_no and
        consent; a dict for signature and for a picked address.
        """
        f = self.field(field_id)
        if not f.is_input:
            raise ValueError(f"{field_id}: a {f.type} field has no answer to set")
        normal = self._normalise(f, value)
        if normal is None or normal == [] or (f.type == "signature" and not normal.get("paths")):
            self._values.pop(field_id, None)
        else:
            self._values[field_id] = normal
        self._prefilled.discard(field_id)
        self._recompute(self._c.affected(field_id))

    def value(self, field_id: str) -> Any:
        """The answer as stored (calculated value for calculated fields), None when empty."""
        self.field(field_id)
        if field_id in self._c.calculate:
            return self._calc.get(field_id)
        v = self._values.get(field_id)
        if isinstance(v, list):
            return list(v)
        if isinstance(v, dict):
            return dict(v)
        return v

    def choices(self, field_id: str) -> list[Choice]:
        """The choices offered now: all of them, or those the field's ``choice_filter`` keeps."""
        f = self.field(field_id)
        expr = self._c.choice_filter.get(field_id)
        if expr is None:
            return list(f.choices)
        kept: list[Choice] = []
        seen: set[str] = set()
        for c in f.choices:
            env = Env(self._typed, self.today(), choice={**c.data, "value": c.value})
            if c.value not in seen and truthy(expr.evaluate(env)):
                kept.append(c)
                seen.add(c.value)
        return kept

    def is_relevant(self, field_id: str) -> bool:
        self.field(field_id)
        return self._relevant.get(field_id, False)

    # ------------------------------------------------------------ evaluation

    def _typed(self, field_id: str) -> Any:
        """A field's answer as expressions see it: typed, and empty when not relevant."""
        if not self._relevant.get(field_id, False):
            return None
        if field_id in self._c.calculate:
            return self._calc.get(field_id)
        v = self._values.get(field_id)
        if v is None:
            return None
        t = self._c.fields[field_id].type
        if t == "number":
            return as_number(v)
        if t == "date":
            return as_date(v)
        if t == "signature":
            return True if v.get("paths") else None
        if t == "address":
            return addr.format_address(v, "zh_CN")
        return v

    def _env(self, self_value: Any = None) -> Env:
        return Env(self._typed, self.today(), self_value)

    def _recompute(self, field_ids: list[str]) -> None:
        env = self._env()
        page_rel: dict[int, bool] = {}
        c = self._c
        for fid in field_ids:
            pi = c.page_of[fid]
            if pi not in page_rel:
                expr = c.page_relevant.get(pi)
                page_rel[pi] = True if expr is None else truthy(expr.evaluate(env))
            rel = page_rel[pi]
            if rel and fid in c.relevant:
                rel = truthy(c.relevant[fid].evaluate(env))
            self._relevant[fid] = rel
            if fid in c.calculate:
                self._calc[fid] = c.calculate[fid].evaluate(env) if rel else None

    # ------------------------------------------------------------ navigation

    def _shown(self, f: Field) -> bool:
        return f.type != "calculate" and self._relevant.get(f.id, False)

    def visible_pages(self) -> list[int]:
        """Indexes of pages with at least one relevant field to show."""
        return [i for i, page in enumerate(self.definition.pages) if any(self._shown(f) for f in page.fields)]

    def visible_fields(self, page_index: int) -> list[Field]:
        return [f for f in self.definition.pages[page_index].fields if self._shown(f)]

    def next_page(self, page_index: int) -> int | None:
        """The next visible page after ``page_index`` (None at the end: go to review)."""
        return next((i for i in self.visible_pages() if i > page_index), None)

    def previous_page(self, page_index: int) -> int | None:
        return next((i for i in reversed(self.visible_pages()) if i < page_index), None)

    def step(self, page_index: int) -> tuple[int, int]:
        """(n, total) for the "2 / 5" step counter."""
        pages = self.visible_pages()
        n = pages.index(page_index) + 1 if page_index in pages else 0
        return n, len(pages)

    # ------------------------------------------------------------ checks

    def errors(self, page_index: int, lang: str | None = None) -> dict[str, str]:
        """Messages for the page's visible questions, keyed by field id (empty = page is fine)."""
        out: dict[str, str] = {}
        for f in self.visible_fields(page_index):
            msg = self.field_error(f.id, lang)
            if msg:
                out[f.id] = msg
        return out

    def all_errors(self, lang: str | None = None) -> dict[str, str]:
        out: dict[str, str] = {}
        for pi in self.visible_pages():
            out.update(self.errors(pi, lang))
        return out

    def first_invalid_page(self) -> int | None:
        return next((pi for pi in self.visible_pages() if self.errors(pi)), None)

    def is_complete(self) -> bool:
        return self.first_invalid_page() is None

    def field_error(self, field_id: str, lang: str | None = None) -> str | None:
        """What is wrong with this answer, in plain words, or None."""
        lang = lang or self.lang
        f = self.field(field_id)
        if not f.is_input or not self._relevant.get(field_id, False):
            return None
        v = self._values.get(field_id)
        if v is None or v == [] or v is False and f.type == "consent":
            if not f.required:
                return None
            if f.required_message:
                return tr(f.required_message, lang)
            key = {
                "single_choice": "required_choice",
                "searchable_choice": "required_choice",
                "yes_no": "required_choice",
                "multiple_choice": "required_multi",
                "consent": "required_consent",
                "signature": "required_signature",
                "address": "required_address",
            }.get(f.type, "required")
            return message(key, lang)
        if f.choice_filter and f.type in CHOICE_TYPES:
            offered = {c.value for c in self.choices(field_id)}
            if any(x not in offered for x in (v if isinstance(v, list) else [v])):
                return message("choice_gone", lang)
        return self._check(f, v, lang)

    def _custom(self, f: Field, text: Any, lang: str, key: str, **values: Any) -> str:
        return tr(text, lang) if text else message(key, lang, **values)

    def _check(self, f: Field, v: Any, lang: str) -> str | None:
        t = f.type
        if t == "number":
            n = as_number(v)
            if n is None:
                return message("number", lang)
            if f.decimals == 0 and not float(n).is_integer():
                return message("integer", lang)
            if f.decimals and "." in str(v) and len(str(v).split(".")[1]) > f.decimals:
                return message("decimals", lang, n=f.decimals)
            lo, hi = f.min, f.max
            if (lo is not None and n < lo) or (hi is not None and n > hi):  # type: ignore[operator]
                if f.range_message:
                    return tr(f.range_message, lang)
                if lo is not None and hi is not None:
                    return message("range", lang, min=_fmt_number(lo), max=_fmt_number(hi))  # type: ignore[arg-type]
                if lo is not None:
                    return message("min", lang, min=_fmt_number(lo))  # type: ignore[arg-type]
                return message("max", lang, max=_fmt_number(hi))  # type: ignore[arg-type]
        elif t == "date":
            d = as_date(v)
            if d is None:
                return message("date", lang)
            lo_d = self.today() if f.min == "today" else as_date(f.min)
            hi_d = self.today() if f.max == "today" else as_date(f.max)
            if lo_d is not None and d < lo_d:
                return self._custom(f, f.range_message, lang, "date_min", min=format_date(lo_d, lang))
            if hi_d is not None and d > hi_d:
                return self._custom(f, f.range_message, lang, "date_max", max=format_date(hi_d, lang))
        elif t == "phone":
            if not PHONE_RE.match(v):
                return message("phone", lang)
        elif t == "email":
            if not EMAIL_RE.match(v.strip()):
                return message("email", lang)
        elif t == "id_number":
            problem = idnumber.problem(v) if v.isascii() else "characters"
            if problem:
                return message("id_" + problem, lang)
        elif t == "address":
            if not addr.is_complete(v):
                return message("required_address", lang)
        elif t == "multiple_choice":
            if f.min_selected is not None and len(v) < f.min_selected:
                return message("min_selected", lang, n=f.min_selected)
            if f.max_selected is not None and len(v) > f.max_selected:
                return message("max_selected", lang, n=f.max_selected)
        if t in ("text", "long_text", "email", "address") and isinstance(v, (str, dict)):
            length = len(v.strip()) if isinstance(v, str) else len(str(v.get("detail", "")).strip())
            limit = f.max_length if f.max_length is not None else _DEFAULT_MAX.get(t)
            if f.min_length is not None and length < f.min_length:
                return self._custom(f, f.length_message, lang, "too_short", n=f.min_length)
            if limit is not None and length > limit:
                return self._custom(f, f.length_message, lang, "too_long", n=limit)
        pattern = self._c.pattern.get(f.id)
        if pattern is not None:
            text = v if isinstance(v, str) else str((v or {}).get("detail", "")) if isinstance(v, dict) else str(v)
            if not pattern.fullmatch(text.strip()):
                return self._custom(f, f.pattern_message, lang, "pattern")
        expr = self._c.constraint.get(f.id)
        if expr is not None and not truthy(expr.evaluate(self._env(self._typed(f.id)))):
            return self._custom(f, f.constraint_message, lang, "constraint")
        return None

    # ------------------------------------------------------------ display

    def display_value(self, field_id: str, lang: str | None = None) -> str:
        """The answer as shown on the review page: choice labels, local dates, masked if sensitive."""
        lang = lang or self.lang
        f = self.field(field_id)
        v = self.value(field_id)
        if v is None or v == "" or v == []:
            return ""
        masked = f.sensitive
        t = f.type
        if t in ("yes_no",):
            return "******" if masked else message("yes" if v else "no", lang)
        if t == "consent":
            return message("agreed" if v else "not_agreed", lang)
        if t == "signature":
            return message("signed" if v.get("paths") else "not_signed", lang)
        if t in CHOICE_TYPES:
            if masked:
                return "******"
            if isinstance(v, list):
                sep = "、" if lang == "zh_CN" else ", "
                return sep.join(f.choice_label(x, lang) for x in v)
            return f.choice_label(v, lang)
        if t == "address":
            return addr.format_address(v, lang, masked=masked)
        if t == "date" or isinstance(v, date):
            d = as_date(v)
            if d is None:
                return str(v)
            if masked:
                return "****年**月**日" if lang == "zh_CN" else "** *** ****"
            return format_date(d, lang)
        if isinstance(v, bool):
            return message("yes" if v else "no", lang)
        if isinstance(v, float):
            v = _fmt_number(v)
        s = str(v)
        if not masked:
            return s
        if t == "id_number":
            return mask_id(s)
        if t == "phone":
            return mask_phone(s)
        if t == "email" and "@" in s:
            local, _, domain = s.partition("@")
            return local[:1] + "***@" + domain
        if t in ("text", "long_text") and len(s) <= 20:
            return mask_name(s)
        return "******"

    def review(self, lang: str | None = None) -> list[ReviewRow]:
        """One row per answered-or-required visible question, page by page, for the review screen."""
        lang = lang or self.lang
        rows: list[ReviewRow] = []
        for pi in self.visible_pages():
            for f in self.visible_fields(pi):
                if f.type == "note":
                    continue
                shown = self.display_value(f.id, lang) or message("empty", lang)
                rows.append(ReviewRow(pi, f.id, tr(f.label, lang), shown))
        return rows

    def answers(self) -> dict[str, Any]:
        """What is submitted: relevant answers only (hidden ones dropped), calculations included."""
        out: dict[str, Any] = {}
        for fid in self._c.order:
            f = self._c.fields[fid]
            if f.type == "note" or not self._relevant.get(fid, False):
                continue
            v = self.value(fid)
            if v is None or v == "" or v == []:
                continue
            if f.type == "number" and isinstance(v, str):
                n = as_number(v)
                v = n if n is not None else v
            elif isinstance(v, date):
                v = v.isoformat()
            out[fid] = v
        ordered = {f.id: out[f.id] for f in self.definition.fields if f.id in out}
        return ordered

    def clear(self) -> None:
        """Wipe every answer, prefill and calculation (idle timeout, finish)."""
        self._values.clear()
        self._calc.clear()
        self._prefilled.clear()
        self._apply_defaults()
        self._recompute(self._c.order)
