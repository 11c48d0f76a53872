"""A form's screens as the terminal shows them, built from the same definition by the form engine.

The console cannot run the terminal's QML, so it lays out each screen in HTML
from what the terminal itself reads: ``contract.forms.FormDefinition`` (validated
by the same engine), ``tr`` for the language fallback, each field's keypad,
choices, hints, prefill source, relevance rule and the rules an answer must meet (pattern,
earliest date, lengths, constraint). ``pages`` layout gives a screen per page; ``one_per_screen``
a screen per resident-facing field. :func:`try_value` runs a test value through the terminal's own
answer checks (``FormState``), so the author sees the message a resident would see.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from contract.forms import FormDefinition, FormError
from contract.forms.model import Field
from contract.forms.state import FormState
from contract.lang import tr

# the types an author can test by typing a value (choices, signatures and pickers have nothing to type)
TRIABLE = ("text", "long_text", "number", "date", "phone", "id_number", "email")
MAX_TRIAL = 500  # characters of a test value: more than any typed answer the terminal takes


@dataclass(frozen=True)
class FieldView:
    id: str
    type: str
    label: str
    hint: str
    required: bool
    sensitive: bool
    keypad: str
    prefill: str | None
    read_only: bool
    relevant: str | None
    choices: list[str] = field(default_factory=list)
    policy: str = ""
    rules: list[tuple[str, str]] = field(default_factory=list)  # (English label, the rule as written)
    triable: bool = False


@dataclass(frozen=True)
class Screen:
    number: int
    page_id: str
    title: str
    relevant: str | None
    fields: list[FieldView]


@dataclass(frozen=True)
class Preview:
    title: str
    description: str
    layout: str
    screens: list[Screen]


@dataclass(frozen=True)
class Trial:
    """A test value's verdict: ``problem`` is the terminal's message (None: accepted). The value is checked as
    if the field were shown; ``asked_when`` is the rule (the field's or its page's) that decides when it is."""

    field_id: str
    label: str
    value: str
    problem: str | None
    asked_when: str | None


def _rules(f: Field, lang: str) -> list[tuple[str, str]]:
    """What an answer must meet, as the author wrote it (the preview used to hide these)."""
    lower, upper = ("Earliest", "Latest") if f.type == "date" else ("At least", "At most")
    rules = [(label, str(value)) for label, value in ((lower, f.min), (upper, f.max)) if value is not None]
    if f.min_length is not None or f.max_length is not None:
        rules.append(("Length", f"{f.min_length or 0}–{f.max_length if f.max_length is not None else '∞'}"))
    if f.pattern:
        rules.append(("Pattern", f.pattern))
    if f.constraint:
        rules.append(("Rule", f.constraint))
    for message in (f.range_message, f.length_message, f.pattern_message, f.constraint_message):
        if message:
            rules.append(("Message shown", tr(message, lang)))
    return rules


def _field_view(f: Field, lang: str) -> FieldView:
    return FieldView(id=f.id, type=f.type, label=tr(f.label, lang), hint=tr(f.hint, lang), required=f.required,
                     sensitive=f.sensitive, keypad=f.keypad, prefill=f.prefill, read_only=f.read_only,
                     relevant=f.relevant, choices=[tr(c.label, lang) for c in f.choices], policy=tr(f.policy, lang),
                     rules=_rules(f, lang), triable=f.type in TRIABLE and not f.read_only)


def build_preview(definition: dict[str, Any], lang: str) -> Preview:
    """Every screen of the form in ``lang``; FormError when the engine refuses the definition."""
    form = FormDefinition.from_dict(definition)
    screens: list[Screen] = []
    for page in form.pages:
        shown = [f for f in page.fields if f.type != "calculate" and f.calculate is None]
        if form.layout == "one_per_screen":
            for f in shown:
                screens.append(Screen(len(screens) + 1, page.id, tr(page.title, lang), page.relevant,
                                      [_field_view(f, lang)]))
        else:
            screens.append(Screen(len(screens) + 1, page.id, tr(page.title, lang), page.relevant,
                                  [_field_view(f, lang) for f in shown]))
    return Preview(title=tr(form.title, lang), description=tr(form.description, lang), layout=form.layout,
                   screens=screens)


def try_value(definition: dict[str, Any], field_id: str, value: str, lang: str, today: date) -> Trial | None:
    """``value`` typed into ``field_id`` on a terminal whose date is ``today``: what the resident would be told.
    None when the form has no such field or it takes no typed answer."""
    form = FormDefinition.from_dict(definition)
    page = next((p for p in form.pages if any(f.id == field_id for f in p.fields)), None)
    f = next((f for f in page.fields if f.id == field_id), None) if page else None
    if page is None or f is None or f.type not in TRIABLE or f.read_only:
        return None
    # the author tests the field's own rules: shown whatever the other answers are (a new, uncached definition)
    shown = replace(page, relevant=None, fields=tuple(replace(x, relevant=None) if x is f else x for x in page.fields))
    state = FormState(replace(form, pages=tuple(shown if p is page else p for p in form.pages)), lang=lang,
                      today=today)
    state.set_value(field_id, value[:MAX_TRIAL])  # within every type's longest answer, so set_value takes it
    return Trial(field_id, tr(f.label, lang), value[:MAX_TRIAL], state.field_error(field_id, lang),
                 f.relevant or page.relevant)


__all__ = ["FormError", "Preview", "Screen", "Trial", "build_preview", "try_value"]
