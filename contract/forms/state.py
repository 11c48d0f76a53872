"""One resident's answers to one form, for one session.

``FormState`` holds what was entered, recomputes calculations and relevance
when an answer changes (only the fields downstream of it, in dependency
order), checks answers with plain-language messages, and gives the review
lines and the answers to submit. It is the only place answers live during a
session, and :meth:`FormState.clear` wipes them (session privacy).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from contract.forms import address as addr
from contract.forms import display
from contract.forms.answers import match_choice, normalise_answer
from contract.forms.checks import check_answer, custom_message, required_error
from contract.forms.compiled import compiled
from contract.forms.display import ReviewRow
from contract.forms.expr import Env, truthy
from contract.forms.expr.values import as_date, as_number
from contract.forms.messages import message
from contract.forms.model import Choice, Field, FormDefinition
from contract.forms.schema import CHOICE_TYPES
from contract.lang import tr


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
                value = match_choice(f, value)
                if value is None:
                    continue
                if f.type == "multiple_choice":
                    value = [value]
            try:
                self._values[f.id] = normalise_answer(f, value)
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
                self._values[f.id] = normalise_answer(f, value)
            except (TypeError, ValueError):
                continue  # the validator checked the default; a stale one is simply not applied

    def is_prefilled(self, field_id: str) -> bool:
        """True while the answer is still the one read from the card or the terminal."""
        return field_id in self._prefilled

    # ------------------------------------------------------------ values

    def field(self, field_id: str) -> Field:
        try:
            return self._c.fields[field_id]
        except KeyError:
            raise KeyError(f"no field {field_id!r} in form {self.definition.id!r}") from None

    def set_value(self, field_id: str, value: Any) -> None:
        """Store an answer (None clears it) and recompute what depends on it.

        Values: text for text-like, number, date (ISO) and single choices;
        a list of choice values for multiple choice; True/False for yes_no and
        consent; a dict for signature and for a picked address.
        """
        f = self.field(field_id)
        if not f.is_input:
            raise ValueError(f"{field_id}: a {f.type} field has no answer to set")
        normal = normalise_answer(f, value)
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
            return required_error(f, lang)
        if f.choice_filter and f.type in CHOICE_TYPES:
            offered = {c.value for c in self.choices(field_id)}
            if any(x not in offered for x in (v if isinstance(v, list) else [v])):
                return message("choice_gone", lang)
        return self._check(f, v, lang)

    def _check(self, f: Field, v: Any, lang: str) -> str | None:
        problem = check_answer(f, v, lang, self.today, self._c.pattern.get(f.id))
        if problem is not None:
            return problem
        expr = self._c.constraint.get(f.id)
        if expr is not None and not truthy(expr.evaluate(self._env(self._typed(f.id)))):
            return custom_message(f.constraint_message, lang, "constraint")
        return None

    # ------------------------------------------------------------ display

    def display_value(self, field_id: str, lang: str | None = None) -> str:
        """The answer as shown on the review page: choice labels, local dates, masked if sensitive."""
        return display.display_value(self.field(field_id), self.value(field_id), lang or self.lang)

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
