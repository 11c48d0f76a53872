"""What a case page shows of a submission: the answers as the resident's form asked them, identity in plain words.

The sealed payload holds raw values (choice codes, GB/T 2261.1 sex codes, signature strokes, ISO dates);
staff read the case like the paper form, so answers follow the form's own order with its labels in the
console's language, choices show their labels, and the signature is a picture drawn here from its strokes
(never the terminal's own PNG, which is whatever bytes a terminal sent). Issue 23, item 4.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import quoteattr

from contract import masking
from contract.forms import FormDefinition, format_date
from contract.forms.address import format_address
from contract.forms.messages import message
from contract.lang import tr
from hub.console import i18n

MASKS: dict[str, Callable[[str], str]] = {"name": masking.mask_name, "id_number": masking.mask_id,
                                          "phone": masking.mask_phone}
_NOT_SHOWN = ("note",)  # a form's notes are text for the resident, not answers
SIGNATURE_BOX = (600.0, 200.0)  # the terminal's signature pad, when a signature does not say its size
IDENTITY_ORDER = ("card_type", "name", "id_number", "sex", "nation", "birth_date", "address", "issuer", "phone",
                  "valid_from", "valid_to", "expired", "checksum_ok")
# English source labels of the identity keys (translated by the console's catalogue)
IDENTITY_LABELS = {
    "card_type": "Card type", "name": "name", "id_number": "id_number", "sex": "sex", "nation": "nation",
    "birth_date": "birth_date", "address": "address", "issuer": "Issued by", "phone": "phone",
    "valid_from": "Valid from", "valid_to": "Valid until", "expired": "Card expired",
    "checksum_ok": "ID number check", "english_name": "Name in English", "pass_number": "Permit number",
}
CARD_TYPES = {"resident": "Resident ID card", "hmt_permit": "Residence permit (Hong Kong, Macao, Taiwan)",
              "foreign_2017": "Foreigner's permanent residence card", "foreign_2023": "Foreigner's permanent residence card",
              "manual": "Typed in by staff (no card)"}
SEXES = {"0": "Unknown", "1": "Male", "2": "Female", "9": "Not stated"}


@dataclass(frozen=True)
class Row:
    """One line of the case page: its label, the value in full and as first shown, and a picture if any."""

    id: str
    label: str
    value: str
    masked: str
    sensitive: bool = False
    image: str | None = None  # a data: URI (the signature)


def _points(stroke: Any) -> list[tuple[float, float]]:
    if not isinstance(stroke, list):
        return []
    return [(float(p[0]), float(p[1])) for p in stroke if isinstance(p, list) and len(p) == 2
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in p)]


def signature_image(value: Mapping[str, Any]) -> str | None:
    """The strokes as an SVG picture in a ``data:`` URI (None when there are no strokes to draw)."""
    strokes = [points for points in map(_points, value.get("paths") or []) if points]
    if not strokes:
        return None
    size = [value.get(k) if isinstance(value.get(k), (int, float)) else None for k in ("width", "height")]
    box_w = float(size[0] or max(SIGNATURE_BOX[0], *(x for s in strokes for x, _ in s)))
    box_h = float(size[1] or max(SIGNATURE_BOX[1], *(y for s in strokes for _, y in s)))
    lines = "".join(f"<polyline points={quoteattr(' '.join(f'{x:g},{y:g}' for x, y in s))}/>" for s in strokes)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {box_w:g} {box_h:g}" width="{box_w:g}" '
           f'height="{box_h:g}"><rect width="100%" height="100%" fill="#fff"/>'
           f'<g fill="none" stroke="#111" stroke-width="3" stroke-linecap="round" stroke-linejoin="round">'
           f'{lines}</g></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _date_text(value: Any, lang: str) -> str:
    try:
        return format_date(date.fromisoformat(str(value)[:10]), lang)
    except ValueError:
        return str(value)


def _answer_text(field: Any, value: Any, lang: str) -> str:
    """An answer in words, by the type of its question (``field`` is None for an answer the form no longer has)."""
    kind = field.type if field is not None else ""
    if kind == "signature" and isinstance(value, Mapping):
        return message("signed" if value.get("paths") else "not_signed", lang)
    if kind == "consent":
        return message("agreed" if value else "not_agreed", lang)
    if field is not None and field.is_choice:
        sep = "、" if lang == "zh_CN" else ", "
        return sep.join(field.choice_label(str(v), lang) for v in (value if isinstance(value, list) else [value]))
    if kind == "address" or (isinstance(value, Mapping) and "district" in value):
        return format_address(value, lang)
    if kind == "date":
        return _date_text(value, lang)
    if isinstance(value, bool):
        return message("yes" if value else "no", lang)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, Mapping):
        return message("empty", lang) if not value else "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _masked(key: str, text: str) -> str:
    return MASKS.get(key, lambda s: "*" * min(len(s), 8))(text)


def answer_rows(definition: FormDefinition | None, answers: Mapping[str, Any], lang: str) -> list[Row]:
    """The answers in the form's order with its labels; answers the form version lacks come last, by id."""
    fields = list(definition.fields) if definition is not None else []
    known = {f.id for f in fields}
    rows = []
    for f in fields:
        if f.type in _NOT_SHOWN or f.id not in answers or answers[f.id] in (None, "", []):
            continue
        value = answers[f.id]
        text = _answer_text(f, value, lang)
        sensitive = f.sensitive or f.id in MASKS
        image = signature_image(value) if f.type == "signature" and isinstance(value, Mapping) else None
        shown = _masked(f.id, text) if sensitive else text
        rows.append(Row(f.id, tr(f.label, lang) or f.id, text, shown, sensitive, image))
    for key in sorted(k for k in answers if k not in known):
        text = _answer_text(None, answers[key], lang)
        sensitive = key in MASKS
        rows.append(Row(key, key, text, _masked(key, text) if sensitive else text, sensitive))
    return rows


def _identity_text(key: str, value: Any, lang: str, _: Callable[[str], str]) -> str:
    if key == "card_type":
        return _(CARD_TYPES.get(str(value), str(value)))
    if key == "sex":
        return _(SEXES.get(str(value), str(value)))
    if key == "checksum_ok":
        return _("Correct") if value else _("Wrong: check the number against the card")
    if key == "valid_to" and value == "long_term":
        return _("Long-term")
    if key in ("birth_date", "valid_from", "valid_to"):
        return _date_text(value, lang)
    if isinstance(value, bool):
        return message("yes" if value else "no", lang)
    return str(value)


def identity_rows(identity: Mapping[str, Any], lang: str) -> list[Row]:
    """Who applied, as the card says it, in plain words (name, ID number and phone masked until revealed)."""
    _ = i18n.translator(lang)
    raw_extra = identity.get("extra")
    extra: Mapping[str, Any] = raw_extra if isinstance(raw_extra, Mapping) else {}
    flat = {**{k: v for k, v in identity.items() if k != "extra"}, **extra}
    keys = [k for k in IDENTITY_ORDER if k in flat] + sorted(k for k in flat if k not in IDENTITY_ORDER)
    rows = []
    for key in keys:
        value = flat[key]
        if value in (None, "") or (key == "expired" and not value):
            continue
        text = _identity_text(key, value, lang, _)
        sensitive = key in MASKS
        rows.append(Row(key, _(IDENTITY_LABELS.get(key, key)), text, MASKS[key](text) if sensitive else text,
                        sensitive))
    return rows
