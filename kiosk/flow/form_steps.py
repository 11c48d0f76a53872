"""Where the resident is in a form: its screens (a page, or one question per screen), the rows to show,
the review. Plain dicts in the session's language, for any UI."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from contract.forms.display import display_value
from contract.forms.messages import message
from contract.lang import tr

Step = tuple[int, str | None]  # (page index, field id or None for the whole page)


def steps(form: Any) -> list[Step]:
    """The screens of the form: one per visible page, or one per question when the form says
    ``layout: one_per_screen`` (hidden calculations never get a screen of their own)."""
    if form is None:
        return []
    pages = form.visible_pages()
    if form.definition.layout != "one_per_screen":
        return [(pi, None) for pi in pages]
    return [(pi, f.id) for pi in pages for f in form.visible_fields(pi) if f.type != "calculate"]


class FormCursor:
    """The step shown (``pos``) and whether its errors are shown yet (only after a try to go on)."""

    def __init__(self) -> None:
        self.pos = 0
        self.show_errors = False

    def reset(self) -> None:
        self.pos = 0
        self.show_errors = False

    def current_step(self, form: Any) -> Step | None:
        all_steps = steps(form)
        if not all_steps:
            return None
        self.pos = min(self.pos, len(all_steps) - 1)  # a page hidden by an answer shortens the list
        return all_steps[self.pos]

    def is_last(self, form: Any) -> bool:
        return self.pos >= len(steps(form)) - 1

    def step_fields(self, form: Any) -> list[Any]:
        step = self.current_step(form)
        if form is None or step is None:
            return []
        return [f for f in form.visible_fields(step[0]) if step[1] is None or f.id == step[1]]

    def step_errors(self, form: Any, lang: str) -> dict[str, str]:
        step = self.current_step(form)
        if form is None or step is None:
            return {}
        ids = {f.id for f in self.step_fields(form)}
        return {k: v for k, v in form.errors(step[0], lang).items() if k in ids}

    def info(self, form: Any, lang: str) -> dict[str, Any]:
        """Title and page counter of the form screen."""
        if form is None:
            return {}
        all_steps = steps(form)
        pos = min(self.pos, max(len(all_steps) - 1, 0))
        page = form.definition.pages[all_steps[pos][0]] if all_steps else None
        return {
            "title": tr(form.definition.title, lang),
            "formId": form.definition.id,
            "version": form.definition.version,
            "layout": form.definition.layout,
            "page": pos + 1,
            "pageCount": len(all_steps),
            "pageTitle": tr(page.title, lang) if page else "",
            "isLast": pos >= len(all_steps) - 1,
        }

    def field_rows(self, form: Any, lang: str) -> list[dict[str, Any]] | None:
        """One row per question of the step; None when there is no form (or no visible page)."""
        if form is None or self.current_step(form) is None:
            return None
        errors = self.step_errors(form, lang) if self.show_errors else {}
        return [_field_row(form, f, lang, errors.get(f.id, "")) for f in self.step_fields(form)]

    def review_rows(self, form: Any, lang: str) -> list[dict[str, Any]]:
        """Every answer with the step to go back to for changing it.

        What the resident typed (a name, a phone number, an address) is shown as typed, so a typo can be
        caught; other sensitive answers (the ID number, a birth date, a sensitive choice) stay masked for
        bystanders, with the real value in ``plain`` for a press-and-hold reveal (``masked``).
        """
        all_steps = steps(form)
        rows = []
        for page_index, field_id, label, value in form.review(lang):
            pos = next((i for i, (pi, fid) in enumerate(all_steps) if pi == page_index and fid in (None, field_id)), 0)
            f = form.field(field_id)
            plain = display_value(replace(f, sensitive=False), form.value(field_id), lang) or value
            shown = plain if f.type in _SHOWN_AS_TYPED else value
            rows.append({"page": pos, "fieldId": field_id, "label": label, "value": shown, "plain": plain,
                         "masked": shown != plain})
        return rows


# answers the resident typed on the review screen in full: the only way to catch a typo in them
_SHOWN_AS_TYPED = ("text", "long_text", "phone", "email", "address")


def _field_row(form: Any, f: Any, lang: str, error: str) -> dict[str, Any]:
    value = form.value(f.id)
    offered = form.choices(f.id) if f.is_choice else []
    hint = tr(f.hint, lang)
    if f.choice_filter and not offered:  # a cascading list waits for the answer above
        hint = hint or message("choices_after_answer", lang)
    return {
        "fieldId": f.id,
        "type": f.type,
        "label": tr(f.label, lang),
        "hint": hint,
        "required": bool(f.required),
        "value": value if isinstance(value, str) else ("" if value is None or isinstance(value, (list, bool, dict)) else str(value)),
        "values": list(value) if isinstance(value, list) else [],
        "checked": value is True,
        "error": error,
        "choices": [{"value": c.value, "label": tr(c.label, lang)} for c in offered],
        "keypad": f.keypad,
        "negative": takes_negative(f),
        "sensitive": bool(f.sensitive),
        "displayValue": form.display_value(f.id, lang),
        "readOnly": bool(getattr(f, "read_only", False)) or f.type in ("note", "calculate"),
        "raw": value if isinstance(value, (bool, dict, str)) else None,
        "steps": counted_range(f),
    }


def takes_negative(f: Any) -> bool:
    """A number whose definition allows values below zero (``min`` under 0: a basement floor, a loss): its
    keypad gets a sign key. Only an explicit negative ``min`` earns the key; on the many numbers that never
    go below zero (an income, an area, a household's size) a minus key would only invite a mistake."""
    return f.type == "number" and isinstance(f.min, (int, float)) and not isinstance(f.min, bool) and f.min < 0


STEPPED_SPAN = 20  # a count with at most this many steps is chosen with − and +; a wider range is typed


def counted_range(f: Any) -> list[int]:
    """[smallest, largest] of a whole-number question with a short range (copies, people in a household), which
    the screen offers as a − / + stepper instead of a keypad (issue 15 item 13); [] for any other question."""
    low, high = f.min, f.max
    if f.type != "number" or f.decimals != 0 or not all(isinstance(v, (int, float)) for v in (low, high)):
        return []
    if low != int(low) or high != int(high) or not 0 < high - low <= STEPPED_SPAN:
        return []
    return [int(low), int(high)]


def toggled(current: Any, choice: str) -> list[Any]:
    """A multiple-choice answer with ``choice`` ticked or unticked."""
    values = list(current) if isinstance(current, list) else []
    if choice in values:
        values.remove(choice)
    else:
        values.append(choice)
    return values
