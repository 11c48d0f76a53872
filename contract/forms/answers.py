"""The shapes an answer may have, per field type: what the UI, the card prefill and defaults hand in.

A value of the wrong shape is a programming error (TypeError); a value the
field cannot hold (an unknown choice, an overlong text) is a ValueError. What
comes out is the stored form: full-width characters folded, no spaces in ID
and phone numbers, choices in the list's order, empty text as None.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from contract.forms import address as addr
from contract.forms.display import format_number
from contract.forms.limits import MAX_SIGNATURE_PNG_B64, MAX_SIGNATURE_POINTS, MAX_VALUE_CHARS
from contract.forms.model import Field
from contract.forms.schema import CHOICE_TYPES, FIELD_TYPE

# GB/T 2261.1 sex codes on the ID card, and the choice values a form may use for them.
_SEX_CODES = {"1": ("male", "m"), "2": ("female", "f")}


def match_choice(f: Field, value: str) -> str | None:
    """The choice a prefilled text stands for (an ID card's sex code matches ``male``/``m``), or None."""
    values = [c.value for c in f.choices]
    if value in values:
        return value
    for alias in _SEX_CODES.get(value, ()):
        if alias in values:
            return alias
    return None


def normalise_answer(f: Field, value: Any) -> Any:
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
        return _normalise_signature(f, value)
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
        value = format_number(value)
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
    if FIELD_TYPE[t].fold_width:
        # the Pinyin keyboard and pasted text can give full-width digits and letters (１３９, Ｘ)
        value = unicodedata.normalize("NFKC", value)
    if t == "id_number":
        value = value.upper().replace(" ", "")
    if t == "phone":
        value = value.replace(" ", "").replace("-", "")
    return value if value != "" else None

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
