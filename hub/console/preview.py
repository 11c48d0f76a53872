"""A form's screens as the terminal shows them, built from the same definition by the form engine.

The console cannot run the terminal's QML, so it lays out each screen in HTML
from what the terminal itself reads: ``contract.forms.FormDefinition`` (validated
by the same engine), ``tr`` for the language fallback, each field's keypad,
choices, hints, prefill source and relevance rule. ``pages`` layout gives a
screen per page; ``one_per_screen`` a screen per resident-facing field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contract.forms import FormDefinition, FormError
from contract.forms.model import Field
from contract.lang import tr


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


def _field_view(f: Field, lang: str) -> FieldView:
    return FieldView(id=f.id, type=f.type, label=tr(f.label, lang), hint=tr(f.hint, lang), required=f.required,
                     sensitive=f.sensitive, keypad=f.keypad, prefill=f.prefill, read_only=f.read_only,
                     relevant=f.relevant, choices=[tr(c.label, lang) for c in f.choices], policy=tr(f.policy, lang))


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


__all__ = ["FormError", "Preview", "Screen", "build_preview"]
