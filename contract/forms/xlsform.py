"""XLSForm as its authors write it: column spellings, languages, types and expressions.

Form authors bring spreadsheets made for ODK, KoboToolbox or SurveyCTO. This
module holds what is specific to that dialect, so :mod:`contract.forms.xlsx` can
map a workbook onto this project's definition:

- header spellings (``label::English (en)``, ``label:english``, ``bind:relevant``,
  ``requiredMsg``...) read as (column, language);
- language names and codes mapped to ``zh_CN`` / ``en_US``;
- question types: what maps, what a terminal ignores (device metadata) and what
  it refuses, by the XLSForm name of the feature;
- XPath-style expressions translated into this project's expression language,
  and refused with the name of the XLSForm feature when they use something the
  engine does not have (``pulldata``, ``../`` paths, unknown functions).

Nothing here evaluates anything: translation works on tokens, and the result is
parsed and checked by :mod:`contract.forms.expr` like any other expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contract.forms.expr import FUNCTIONS, KEYWORDS
from contract.forms.limits import MAX_EXPR_CHARS

_XTOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<ref>\$\{[^}]*\})
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_.]*(?:[-:][A-Za-z_][A-Za-z0-9_.]*)*)
  | (?P<path>\.\.|/(?=[A-Za-z_]))
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Unsupported(ValueError):
    """An XLSForm feature a terminal cannot offer: ``feature`` names it, ``why`` helps the author (may be empty)."""

    def __init__(self, feature: str, why: str = "") -> None:
        self.feature = feature
        self.why = why
        super().__init__(refusal(feature, why))


def refusal(feature: str, why: str = "") -> str:
    """The one wording of every refusal: the XLSForm name of the feature, then why or what to do instead."""
    return f"XLSForm {feature} is not supported on a terminal" + (f" ({why})" if why else "")


# ------------------------------------------------------------------ headers

_COLUMN_ALIASES = {
    "calculation": "calculate",
    "value": "name",
    "listname": "list_name",
    "list_name": "list_name",
    "caption": "label",
    "relevance": "relevant",
    "readonly": "read_only",
    "requiredmsg": "required_message",
    "constraintmsg": "constraint_message",
    "constraint_msg": "constraint_message",
    "constraining_message": "constraint_message",
    "title": "form_title",
    "set_form_title": "form_title",
    "id_string": "form_id",
    "set_form_id": "form_id",
    "jr:count": "repeat_count",
    "count": "repeat_count",
}
# ``bind::x`` / ``body::x`` / ``control::x`` spellings of ordinary columns.
_PREFIXED = {
    "bind::relevant": "relevant",
    "bind::constraint": "constraint",
    "bind::jr:constraintmsg": "constraint_message",
    "bind::required": "required",
    "bind::jr:requiredmsg": "required_message",
    "bind::calculate": "calculate",
    "bind::readonly": "read_only",
    "body::appearance": "appearance",
    "control::appearance": "appearance",
}
# The headers of the console's Excel template, in the words of a street office (Chinese, as written there).
CHINESE_HEADERS = {
    "题型": "type", "编号": "name", "题目（中文）": "label::zh_CN", "题目（英文）": "label::en_US",
    "必填": "required", "说明（中文）": "hint::zh_CN", "说明（英文）": "hint::en_US", "显示条件": "relevant",
    "校验条件": "constraint", "校验提示（中文）": "constraint_message::zh_CN",
    "校验提示（英文）": "constraint_message::en_US", "格式（正则表达式）": "pattern",
    "格式提示（中文）": "pattern_message::zh_CN", "格式提示（英文）": "pattern_message::en_US",
    "最小值": "min", "最大值": "max", "最多字数": "max_length", "默认值": "default", "外观": "appearance",
    "选项列表": "list_name", "选项（中文）": "label::zh_CN", "选项（英文）": "label::en_US",
    "表单编号": "form_id", "版本": "version", "表单标题（中文）": "form_title::zh_CN",
    "表单标题（英文）": "form_title::en_US", "简介（中文）": "description::zh_CN",
    "简介（英文）": "description::en_US", "布局": "layout",
}
MEDIA_COLUMNS = frozenset({"image", "big_image", "audio", "video", "media"})
XFORM_PREFIXES = ("bind", "body", "control", "instance")


@dataclass(frozen=True)
class Column:
    """A header cell read the XLSForm way: ``name`` normalised, ``lang`` as written (or None)."""

    name: str
    lang: str | None
    header: str


def read_header(header: object) -> Column | None:
    """``label::English (en)``, ``label:english``, ``LABEL::EN``, ``bind:relevant`` -> Column."""
    if header is None:
        return None
    text = str(header).strip()
    if not text:
        return None
    alias = CHINESE_HEADERS.get(text.replace("(", "（").replace(")", "）"))
    if alias is not None:  # read as the column it stands for, named as the author wrote it
        column = read_header(alias)
        return Column(column.name, column.lang, text) if column is not None else None
    low = text.lower()
    if "::" not in low and ":" in low:
        low = re.sub(r"(?<!:):(?!:)", "::", low)  # the old single-colon spelling
        low = low.replace("jr::", "jr:")
    parts = [p.strip() for p in low.split("::")]
    prefixed = _PREFIXED.get("::".join(parts[:2]) if len(parts) > 1 and parts[1] != "jr" else "")
    if prefixed is None and len(parts) > 2 and parts[1] == "jr":
        prefixed = _PREFIXED.get(f"{parts[0]}::jr:{parts[2]}")
    if prefixed:
        return Column(prefixed, None, text)
    if parts[0] in XFORM_PREFIXES and len(parts) > 1:
        return Column(f"{parts[0]}::", None, text)
    base = parts[0].replace(" ", "_").replace("-", "_")
    base = _COLUMN_ALIASES.get(base, base)
    if base == "media" and len(parts) > 1:
        return Column("media", parts[2] if len(parts) > 2 else None, text)
    lang = text.split("::", 1)[1].strip() if "::" in text else (text.split(":", 1)[1].strip() if len(parts) > 1 else None)
    return Column(base, lang or None, text)


# ------------------------------------------------------------------ languages

_ENGLISH = {"en", "eng", "english", "英文", "英语", "anglais", "inglés"}
_CHINESE = {"zh", "chi", "zho", "chinese", "中文", "汉语", "漢語", "简体中文", "繁體中文", "mandarin", "普通话"}


def language(spec: str | None) -> str | None:
    """``English (en)``, ``english``, ``EN``, ``中文 (zh)``, ``zh_CN``, ``zh-Hans`` -> en_US / zh_CN; else None."""
    if not spec:
        return None
    m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", spec)
    candidates = [m.group(2), m.group(1)] if m else [spec]
    for cand in candidates:
        low = cand.strip().lower().replace("-", "_")
        head = low.split("_", 1)[0]
        if low in _ENGLISH or head == "en":
            return "en_US"
        if low in _CHINESE or head == "zh":
            return "zh_CN"
    return None


# ------------------------------------------------------------------ types

# XLSForm type -> (the feature a terminal cannot offer, in the author's words; why, when it helps).
UNSUPPORTED_TYPES: dict[str, tuple[str, str]] = {
    "geopoint": ("location (geopoint)", "a terminal has no GPS"),
    "geotrace": ("location trace (geotrace)", "a terminal has no GPS"),
    "geoshape": ("area (geoshape)", "a terminal has no GPS"),
    "gps": ("location (gps)", "a terminal has no GPS"),
    "start_geopoint": ("start location (start-geopoint)", "a terminal has no GPS"),
    "background_geopoint": ("background location", "a terminal has no GPS"),
    "osm": ("OpenStreetMap question (osm)", ""),
    "image": ("photo (image)", "a terminal has no camera for residents (use appearance 'signature' for a signature)"),
    "photo": ("photo", "a terminal has no camera for residents"),
    "audio": ("audio recording", ""),
    "background_audio": ("background audio recording", ""),
    "video": ("video recording", ""),
    "file": ("file upload", ""),
    "barcode": ("barcode scanning", ""),
    "time": ("time of day question (time)", ""),
    "datetime": ("date and time question (datetime)", ""),
    "range": ("range slider (range)", ""),
    "rank": ("ranking question (rank)", ""),
    "acknowledge": ("acknowledge button (acknowledge)", ""),
    "trigger": ("acknowledge button (trigger)", ""),
    "hidden": ("hidden question (hidden)", ""),
    "xml_external": ("external XML data (xml-external)", ""),
    "csv_external": ("external CSV data (csv-external)", ""),
    "select_one_external": ("external choices (select_one_external)", ""),
    "select_multiple_external": ("external choices (select_multiple_external)", ""),
    "select_one_from_file": ("choices from a file (select_one_from_file)", ""),
    "select_multiple_from_file": ("choices from a file (select_multiple_from_file)", ""),
    "include": ("including another form (include)", ""),
    "audit": ("audit log (audit)", ""),
    "begin_repeat": ("repeats (begin repeat)", ""),
    "begin_loop": ("loops (begin loop)", ""),
    "entity": ("entities", ""),
}
# Device metadata an ODK phone records silently; a terminal's submission carries its own times.
IGNORED_METADATA = frozenset(
    {
        "start", "end", "today", "deviceid", "imei", "subscriberid", "simid", "simserial", "phonenumber",
        "username", "uri:username", "uri:deviceid", "uri:subscriberid", "uri:simserial", "uri:phonenumber",
    }
)
# Old and new spellings of the two select types, longest first so "select one from" wins over "select one".
SELECT_SPELLINGS = (
    ("add select multiple prompt using", "multiple_choice"),
    ("add select one prompt using", "single_choice"),
    ("select all that apply from", "multiple_choice"),
    ("select all that apply", "multiple_choice"),
    ("select_multiple", "multiple_choice"),
    ("select one from", "single_choice"),
    ("select one", "single_choice"),
    ("select_one", "single_choice"),
    ("select1", "single_choice"),
)
OTHER_SUFFIXES = (" or_other", " or specify other")


def select_type(raw: str) -> tuple[str, str, bool] | None:
    """``select one from yes_no or specify other`` -> ("single_choice", "yes_no", True); None if not a select."""
    text = " ".join(raw.split()).lower()
    other = False
    for suffix in OTHER_SUFFIXES:
        if text.endswith(suffix):
            text, other = text[: -len(suffix)], True
    for spelling, kind in SELECT_SPELLINGS:
        if text.startswith(spelling + " "):
            rest = text[len(spelling) + 1 :].strip()
            if rest and " " not in rest:
                return kind, rest, other
    return None


def type_key(raw: str) -> str:
    """``begin group`` / ``begin_group`` / ``phone number`` / ``start-geopoint`` -> one spelling."""
    words = " ".join(raw.split()).lower().replace("-", "_").split()
    if words and words[0] in ("begin", "end") and len(words) > 1:
        return f"{words[0]}_{words[1]}"
    return "_".join(words)


# ------------------------------------------------------------------ expressions

_FEATURE_FUNCTIONS: dict[str, tuple[str, str]] = {
    "pulldata": ("pulldata()", "data from a CSV file attached to the form"),
    "regex": ("regex()", "use the 'pattern' column instead"),
    "jr:choice-name": ("jr:choice-name()", ""),
    "indexed-repeat": ("indexed-repeat()", "repeats"),
    "position": ("position()", "repeats"),
    "instance": ("instance()", "external data"),
    "once": ("once()", ""),
    "uuid": ("uuid()", ""),
    "now": ("now()", "time of day"),
    "format-date": ("format-date()", ""),
    "format-date-time": ("format-date-time()", ""),
    "random": ("random()", ""),
    "digest": ("digest()", ""),
    "sum": ("sum()", "repeats"),
}


def translate(source: str, column: str, choice_columns: frozenset[str] | None = None) -> tuple[str, list[str]]:
    """An XLSForm expression in this project's language, and notes for the author.

    ``${name}``, ``.``, operators, strings and the shared functions pass through;
    ``true()``/``false()`` become ``true``/``false``. In a ``choice_filter``
    (``choice_columns`` given) a bare word is a column of the choices sheet and
    becomes ``choice('word')`` (``name`` is the choice's value); a bare word that
    is no column is read as text, with a note. :class:`Unsupported` names the
    XLSForm feature this engine does not have.
    """
    if len(source) > MAX_EXPR_CHARS:
        return source, []  # the expression parser refuses it with its length; nothing long is walked here
    out: list[str] = []
    notes: list[str] = []
    tokens = [(m.lastgroup or "other", m.group()) for m in _XTOKEN.finditer(source)]
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        j = i + 1
        while j < len(tokens) and tokens[j][0] == "ws":
            j += 1
        nxt = tokens[j][1] if j < len(tokens) else ""
        if kind == "path":
            raise Unsupported(f"XPath paths ('{text}') in {column}", "write the question as ${name}")
        if kind == "name":
            low = text.lower()
            if nxt == "(":
                if low in ("true", "false"):
                    out.append(low)
                    i = _skip_call(tokens, i)
                    continue
                if low in _FEATURE_FUNCTIONS:
                    feature, why = _FEATURE_FUNCTIONS[low]
                    raise Unsupported(f"function {feature} in {column}", why)
                if low.replace("_", "-") not in FUNCTIONS and low not in KEYWORDS:
                    raise Unsupported(f"function {text}() in {column}")
            elif choice_columns is not None and low not in KEYWORDS:
                if text == "name":
                    out.append("choice('value')")
                elif low.replace("-", "_") in choice_columns:
                    out.append(f"choice('{low.replace('-', '_')}')")
                else:
                    notes.append(
                        f"{column}: '{text}' is not a column of the choices sheet; it is read as the text '{text}'"
                    )
                    out.append(f"'{text}'")
                i += 1
                continue
        out.append(text)
        i += 1
    return "".join(out), notes


def _skip_call(tokens: list[tuple[str, str]], i: int) -> int:
    """Index after ``name ( )`` (only for the empty calls true() and false())."""
    j = i + 1
    while j < len(tokens) and tokens[j][1] != ")":
        j += 1
    return j + 1
