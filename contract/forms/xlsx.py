"""Spreadsheet authoring: an XLSForm-like workbook converted to the JSON definition.

Government staff author forms in spreadsheets. The workbook has three sheets:

``survey``
    One row per question. Columns: ``type``, ``name``, ``label::zh_CN``,
    ``label::en_US``, ``hint::<lang>``, ``required``, ``relevant``,
    ``constraint``, ``constraint_message::<lang>``, ``calculation``, ``prefill``,
    ``sensitive``, ``read_only``, ``min``, ``max``, ``min_length``,
    ``max_length``, ``pattern``, ``*_message::<lang>``, ``decimals``,
    ``min_selected``, ``max_selected``, ``policy::<lang>``, ``keypad``,
    ``appearance``. Pages are ``begin page`` / ``end page`` rows (``begin
    group`` / ``end group`` are accepted); their ``name`` is the page id, their
    label the page title and their ``relevant`` applies to the whole page.
``choices``
    ``list_name``, ``name``, ``label::zh_CN``, ``label::en_US``; a
    ``select_one LIST`` / ``select_multiple LIST`` question uses the list.
``settings`` (optional, as in XLSForm)
    One row under the headers: ``form_id``, ``version``, ``form_title::<lang>``,
    ``description::<lang>``, ``layout`` (``pages`` or ``one_per_screen``),
    ``default_language``. Without it the id and title come from the file name
    and the hub numbers the version at publish.

Real XLSForms (ODK, KoboToolbox, SurveyCTO; also the old ``.xls``) are read as
their authors wrote them: the dialect (header and language spellings, types,
expression translation, refusals by feature name) is in :mod:`contract.forms.xlsform`.

Every problem is reported with its sheet and row, including the problems
:func:`contract.forms.validate.validate_definition` finds in the converted form.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from contract import safe_workbook
from contract.forms import limits
from contract.forms import xlsform as xf
from contract.forms.schema import CHOICE_TYPES, FIELD_KEY_ORDER, FIELD_TYPE
from contract.forms.sheet_problems import SheetProblem, Vocabulary, describe
from contract.forms.validate import validate_definition

# Chinese authors mark a required question 必填 (and an optional one 选填), as on paper forms.
_TRUE = {"yes", "true", "1", "y", "是", "true()", "必填", "必须"}
_FALSE = {"no", "false", "0", "n", "否", "false()", "", "选填", "非必填", "可选"}
_TEXT_COLUMNS = {
    "label",
    "hint",
    "required_message",
    "constraint_message",
    "range_message",
    "length_message",
    "pattern_message",
    "policy",
}
_FORM_TEXT_COLUMNS = {"form_title", "description"}
_EXPR_COLUMNS = ("relevant", "constraint", "calculate", "choice_filter")
_PLAIN_COLUMNS = {"prefill", "pattern", "keypad"}
_BOOL_COLUMNS = {"required", "sensitive", "read_only"}
_INT_COLUMNS = {"min_length", "max_length", "decimals", "min_selected", "max_selected"}
_NUMBER_COLUMNS = {"min", "max"}
# Our types an XLSForm may name as they are (the choice types need a list: ``select_one LIST``).
_SIMPLE_TYPES = frozenset(name for name, kind in FIELD_TYPE.items() if not kind.choice)
_TYPE_ALIASES = {
    "string": "text",
    "int": "integer",
    "phone_number": "phone",
    "select_one_search": "searchable_choice",
    "searchable_choice": "searchable_choice",
    "single_choice": "single_choice",
    "multiple_choice": "multiple_choice",
}
# Columns a terminal has no use for and that change nothing a resident sees.
_IGNORED_COLUMNS = {"rows", "compact_tag", "guidance_hint", "sms_field", "sms_option", "tag"}
_UNSUPPORTED_COLUMNS = {
    "repeat_count": "repeat count (repeats)",
    "parameters": "question parameters",
    "trigger": "trigger (recalculate when another answer changes)",
    "autoplay": "media autoplay",
    "noapperrorstring": "app launching (noAppErrorString)",
    "no_app_error_string": "app launching (noAppErrorString)",
    "buttontext": "acknowledge button text (buttonText)",
    "save_to": "entities (save_to)",
    "bind::": "custom XForm attributes (bind::)",
    "body::": "custom XForm attributes (body::)",
    "control::": "custom XForm attributes (control::)",
    "instance::": "custom XForm attributes (instance::)",
    "media": "media in labels (image, audio, video)",
    **{m: "media in labels (image, audio, video)" for m in xf.MEDIA_COLUMNS},
}
_REGEX_CONSTRAINT = re.compile(r"^\s*regex\(\s*\.\s*,\s*(?P<q>['\"])(?P<re>.*)(?P=q)\s*\)\s*$", re.DOTALL)
_SETTINGS_USED = {"form_id", "version", "form_title", "description", "layout", "sample", "default_language"}
_OTHER_LABEL = {"zh_CN": "其他", "en_US": "Other"}
_OTHER_FIELD_LABEL = {"zh_CN": "请说明“其他”是什么", "en_US": "Specify other."}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLS_REFUSAL = "{name}: 这是旧的 .xls 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传 / " \
    "{name}: this is the old .xls format; open it in Excel or WPS and save it as .xlsx, then upload that file"


_BOUNDS = safe_workbook.WorkbookBounds(max_file_bytes=limits.MAX_XLSX_BYTES, max_rows=limits.MAX_XLSX_ROWS,
                                       max_total_bytes=10 * limits.MAX_XLSX_BYTES)


class XlsxError(ValueError):
    """The workbook cannot be converted; ``problems`` name sheet and row (English, as the CLI and docs quote
    them), ``details`` the same problems by cell, in both languages, with hints and "did you mean"."""

    def __init__(self, problems: list[str], details: list[SheetProblem] | None = None) -> None:
        self.problems = list(problems)
        self.details = details if details is not None else [describe(p) for p in self.problems]
        super().__init__("\n".join(self.problems))


# Every column and type name an author may write, for "did you mean" (XLSForm's spellings and this project's).
KNOWN_COLUMNS = sorted({"type", "name", "label", "hint", "appearance", "default", "list_name", "required",
                        "relevant", "constraint", "calculation", "choice_filter", "constraint_message",
                        "required_message", "range_message", "length_message", "pattern_message", "policy",
                        "prefill", "pattern", "keypad", "sensitive", "read_only", "min", "max", "min_length",
                        "max_length", "decimals", "min_selected", "max_selected", "form_id", "form_title",
                        "version", "description", "layout", "default_language"})
KNOWN_TYPES = sorted(_SIMPLE_TYPES | {"integer", "decimal", "string", "select_one", "select_multiple",
                                      "begin_group", "end_group", "begin_page", "end_page"})


def _failure(problems: list[str], sheets: dict[str, _Sheet], lists: Iterable[str], fields: Iterable[str]) -> XlsxError:
    """The error for ``problems``, each described by its cell with the workbook's own headers and names."""
    headers = {name: [c.header if c else None for c in sheet.header] for name, sheet in sheets.items()}
    vocabulary = Vocabulary(columns=KNOWN_COLUMNS, types=KNOWN_TYPES, lists=sorted(lists), fields=sorted(fields))
    return XlsxError(problems, [describe(p, headers, vocabulary) for p in problems])


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


Record = dict[xf.Column, Any]


class _Sheet:
    def __init__(self, name: str, rows: list[tuple[Any, ...]]) -> None:
        self.name = name
        self.header: list[xf.Column | None] = [xf.read_header(h) for h in rows[0]] if rows else []
        self.rows = rows[1:]

    def records(self) -> Iterator[tuple[int, Record]]:
        """(row number, {column: value}) for every row with something in it; ``_comment`` columns are skipped."""
        for i, row in enumerate(self.rows, start=2):
            rec: Record = {}
            for col, value in zip(self.header, row, strict=False):  # a row may be shorter or longer than the header
                if col is not None and not col.name.startswith("_") and _cell_text(value) != "":
                    rec[col] = value
            if rec:
                yield i, rec

    def get(self, rec: Record, name: str) -> str:
        """The cell of the first column called ``name`` with no language."""
        for col, value in rec.items():
            if col.name == name and col.lang is None:
                return _cell_text(value)
        return ""


_SHEETS = ("survey", "choices", "settings", "entities")


def _read_workbook(path: Path) -> dict[str, _Sheet]:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise XlsxError([f"{path.name}: cannot be read ({exc.strerror})"]) from exc
    if size > limits.MAX_XLSX_BYTES:
        raise XlsxError([f"{path.name}: file is {size} bytes; at most {limits.MAX_XLSX_BYTES}"])
    if magic == _OLE_MAGIC:
        return {name: _Sheet(name, rows) for name, rows in _read_xls(path).items()}
    try:
        safe_workbook.check(path, _BOUNDS)  # zip sizes, DTDs, rows and cells, before openpyxl parses anything
    except safe_workbook.WorkbookError as exc:
        raise XlsxError(exc.problems) from exc
    # Lazy: importing openpyxl takes about 380 ms (python -X importtime, 2026-12); a terminal loads its
    # forms as JSON and only the hub's publishing and spreadsheet previews read workbooks.
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions (data validation)
        return _read_xlsx(path, load_workbook)


def _read_xlsx(path: Path, load_workbook: Any) -> dict[str, _Sheet]:
    problems: list[str] = []
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise XlsxError([f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__})"]) from exc
    sheets: dict[str, _Sheet] = {}
    try:
        for ws in wb.worksheets:
            name = ws.title.strip().lower()
            if name not in _SHEETS:
                continue
            rows: list[tuple[Any, ...]] = []
            for row in ws.iter_rows(values_only=True):
                rows.append(tuple(row[:60]))
                if len(rows) > limits.MAX_XLSX_ROWS + 1:
                    problems.append(f"sheet '{name}': more than {limits.MAX_XLSX_ROWS} rows (at {name}!A{len(rows)})")
                    break
            while rows and all(v is None or _cell_text(v) == "" for v in rows[-1]):
                rows.pop()
            sheets[name] = _Sheet(name, rows)
    except Exception as exc:  # a damaged part the guard let through: a problem for the author, never a 500
        raise XlsxError([f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__})"]) from exc
    finally:
        wb.close()
    if problems:
        raise XlsxError(problems)
    return sheets


def _read_xls(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The old binary workbook (pyxform's examples, older ODK tools), read with xlrd within the same limits."""
    try:
        # Lazy: importing xlrd takes about 25 ms (python -X importtime, 2026-12), paid only for an old .xls.
        import xlrd
    except ImportError:  # pragma: no cover - xlrd is a dependency; without it, say what to do
        raise XlsxError([XLS_REFUSAL.format(name=path.name)]) from None
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises many types for damaged files
        raise XlsxError([f"{path.name}: not a readable .xls workbook ({type(exc).__name__}); "
                         + XLS_REFUSAL.format(name=path.name)]) from exc
    out: dict[str, list[tuple[Any, ...]]] = {}
    try:
        for sheet_name in book.sheet_names():
            name = sheet_name.strip().lower()
            if name not in _SHEETS:
                continue
            sh = book.sheet_by_name(sheet_name)
            if sh.nrows > limits.MAX_XLSX_ROWS + 1:
                raise XlsxError([f"sheet '{name}': more than {limits.MAX_XLSX_ROWS} rows (at {name}!A{limits.MAX_XLSX_ROWS + 2})"])
            rows = [tuple(sh.row_values(r, 0, min(sh.ncols, 60))) for r in range(sh.nrows)]
            while rows and all(_cell_text(v) == "" for v in rows[-1]):
                rows.pop()
            out[name] = rows
    finally:
        book.release_resources()
    return out


def _form_id(raw: str) -> str:
    """An XLSForm id or file name as this project's id: lowercase letters, digits and '_'."""
    ident = re.sub(r"[^a-z0-9_]+", "_", raw.lower()).strip("_")
    if ident and not ident[0].isalpha():
        ident = f"form_{ident}"
    return ident[: limits.MAX_ID_CHARS]


def _and(*conditions: str | None) -> str | None:
    present = [c for c in conditions if c]
    if len(present) <= 1:
        return present[0] if present else None
    return " and ".join(f"({c})" for c in present)


class _Converter:
    """One conversion: the problems and author notes it collects, and the default language."""

    def __init__(self, path: Path, default_language: str, form_id: str = "", title: str = "") -> None:
        self.path = path
        self.given_id, self.given_title = form_id.strip(), title.strip()  # asked by the console when missing
        self.default = default_language
        self.other = "en_US" if default_language == "zh_CN" else "zh_CN"
        self.problems: list[str] = []
        self.notes: list[str] = []
        self._reported: set[tuple[str, str]] = set()
        self.choice_features: dict[str, tuple[int, str, str]] = {}  # list -> first unsupported cell
        self.file_title: dict[str, str] | None = None  # a title made from the file name counts as no language

    def refuse(self, sheet: str, row: int, column: str, what: str) -> None:
        self.problems.append(f"sheet '{sheet}' row {row} column '{column}': {what}")

    def once(self, sheet: str, col: xf.Column) -> bool:
        key = (sheet, col.header)
        if key in self._reported:
            return False
        self._reported.add(key)
        return True

    def texts(self, sheet: str, rec: Record, names: set[str]) -> dict[str, dict[str, str]]:
        """Text columns by language: explicit languages first, then the plain column for the default language."""
        out: dict[str, dict[str, str]] = {}
        plain: dict[str, str] = {}
        for col, value in rec.items():
            if col.name not in names:
                continue
            if col.lang is None:
                plain[col.name] = _cell_text(value)
                continue
            lang = xf.language(col.lang)
            if lang is None:
                if self.once(sheet, col):
                    self.notes.append(f"sheet '{sheet}' column '{col.header}': terminals show Chinese and English;"
                                      f" the language '{col.lang}' is not used")
                continue
            out.setdefault(col.name, {})[lang] = _cell_text(value)
        for name, text in plain.items():
            d = out.setdefault(name, {})
            for lang in (self.default, self.other):
                if lang not in d:
                    d[lang] = text
                    break
        return out

    # -------------------------------------------------------------- settings

    def settings(self, sheet: _Sheet | None) -> dict[str, Any]:
        form: dict[str, Any] = {}
        rows = list(sheet.records()) if sheet is not None else []
        row, rec = rows[0] if rows else (2, {})
        lang = xf.language(sheet.get(rec, "default_language")) if sheet is not None else None
        if lang:
            self.default, self.other = lang, ("en_US" if lang == "zh_CN" else "zh_CN")
        raw_id = (sheet.get(rec, "form_id") if sheet is not None else "") or self.given_id
        form["id"] = _form_id(raw_id or self.path.stem)
        if not form["id"]:
            self.problems.append(f"sheet 'settings' row {row} column 'form_id': the form needs an id (letters,"
                                 " digits and '_'): give one when uploading, or add a settings sheet with form_id")
        elif raw_id and form["id"] != raw_id:
            self.notes.append(f"form_id '{raw_id}' is used as '{form['id']}'")
        elif not raw_id:
            self.notes.append(f"the form id '{form['id']}' comes from the file name (no form_id in a settings sheet)")
        version = sheet.get(rec, "version") if sheet is not None else ""
        if version:
            try:
                form["version"] = int(version)
            except ValueError:
                self.problems.append(f"sheet 'settings' row {row}: version must be a whole number")
        texts = self.texts("settings", rec, _FORM_TEXT_COLUMNS)
        title = texts.get("form_title") or ({self.default: self.given_title} if self.given_title else None)
        if not title:
            words = re.sub(r"[_\-]+", " ", self.path.stem).strip() or form["id"]
            title = {"zh_CN": words, "en_US": words}
            self.file_title = dict(title)
            self.notes.append(f"the title '{words}' comes from the file name (no form_title in a settings sheet)")
        form["title"] = title
        if texts.get("description"):
            form["description"] = texts["description"]
        form["layout"] = sheet.get(rec, "layout") if sheet is not None else ""
        form["layout"] = form["layout"] or "pages"
        if sheet is not None and sheet.get(rec, "sample").lower() in _TRUE:
            form["sample"] = True
        unused = sorted({c.header for c in rec if c.name not in _SETTINGS_USED})
        if unused:
            self.notes.append(f"sheet 'settings': {', '.join(unused)} not used by terminals (ignored)")
        return form

    # -------------------------------------------------------------- choices

    def choices(self, sheet: _Sheet | None) -> tuple[dict[str, list[dict[str, Any]]], dict[tuple[str, int], int]]:
        lists: dict[str, list[dict[str, Any]]] = {}
        rows: dict[tuple[str, int], int] = {}
        if sheet is None:
            return lists, rows
        for row, rec in sheet.records():
            list_name, value = sheet.get(rec, "list_name"), sheet.get(rec, "name")
            if not list_name and not value:
                continue
            if not list_name or not value:
                self.problems.append(f"sheet 'choices' row {row}: list_name and name are both needed")
                continue
            data: dict[str, str] = {}
            for col, cell in rec.items():
                if col.name in ("list_name", "name", "label"):
                    continue
                feature = _UNSUPPORTED_COLUMNS.get(col.name)
                if feature:  # refused only if a question uses the list (see use_list)
                    self.choice_features.setdefault(list_name, (row, col.header, feature))
                elif col.lang is None and not col.name.startswith("sms_"):
                    data[col.name] = _cell_text(cell)
            entries = lists.setdefault(list_name, [])
            entries.append({"value": value, "label": self.texts("choices", rec, {"label"}).get("label", {}),
                            "data": data})
            rows[(list_name, len(entries))] = row
        return lists, rows

    # -------------------------------------------------------------- one question

    def field_type(self, row: int, raw: str, appearance: str) -> tuple[str, dict[str, Any], str | None, bool] | None:
        """(type, extra keys, choices list, or_other), or None with the problem recorded."""
        select = xf.select_type(raw)
        if select is not None:
            ftype, list_name, other = select
            if ftype == "single_choice" and appearance in ("search", "autocomplete", "searchable"):
                ftype = "searchable_choice"
            return ftype, {}, list_name, other
        key = xf.type_key(raw)
        key = _TYPE_ALIASES.get(key, key)
        words = key.split("_")
        if key in CHOICE_TYPES or (
            words[0] in ("select", "select1", "rank") or key.startswith(("select_one", "select_multiple"))
        ):
            base = raw.split()[0].lower().replace("-", "_")
            if base in xf.UNSUPPORTED_TYPES:
                self.refuse("survey", row, "type", xf.refusal(*xf.UNSUPPORTED_TYPES[base]))
            elif len(raw.split()) == 2 and base in CHOICE_TYPES:
                return _TYPE_ALIASES[base], {}, raw.split()[1], False
            else:
                self.refuse("survey", row, "type", f"'{raw}' needs the name of a choices list, like"
                            " 'select_one yes_no'")
            return None
        if key in ("integer", "decimal"):
            return "number", ({"decimals": 0} if key == "integer" else {}), None, False
        if key == "image" and "signature" in appearance:
            return "signature", {}, None, False
        if key == "text" and appearance in ("multiline", "multi_line", "multi-line"):
            return "long_text", {}, None, False
        if key in _SIMPLE_TYPES:
            return key, {}, None, False
        feature = xf.UNSUPPORTED_TYPES.get(key) or xf.UNSUPPORTED_TYPES.get(words[0] if words else "")
        if feature:
            self.refuse("survey", row, "type", xf.refusal(*feature))
        else:
            self.refuse("survey", row, "type", f"type '{raw}' is not an XLSForm question type a terminal knows")
        return None

    def expression(self, row: int, col: xf.Column, value: Any, choice_columns: frozenset[str] | None = None) -> str | None:
        source = _cell_text(value)
        try:
            text, notes = xf.translate(source, col.header, choice_columns)
        except xf.Unsupported as exc:
            self.refuse("survey", row, col.header, str(exc))
            return None
        self.notes.extend(f"sheet 'survey' row {row}: {n}" for n in notes)
        return text

    def default_value(self, row: int, ftype: str, text: str) -> Any:
        if "${" in text or "(" in text and text.strip().lower() != "today()":
            self.refuse("survey", row, "default", xf.refusal("dynamic default (an expression in default)"))
            return None
        if ftype == "multiple_choice":
            return text.split()
        if ftype == "yes_no":
            return text.lower() in _TRUE
        if ftype == "date" and text.strip().lower() == "today()":
            return "today"
        return text

    def columns(self, row: int, rec: Record, field: dict[str, Any], ftype: str,
                choice_columns: frozenset[str] | None) -> None:
        """Every non-text column of a question row into ``field``; refusals name row and column."""
        for col, value in rec.items():
            name = col.name
            if name in ("type", "name", "appearance", "list_name") or name in _TEXT_COLUMNS:
                continue
            text = _cell_text(value)
            feature = _UNSUPPORTED_COLUMNS.get(name)
            if feature:
                self.refuse("survey", row, col.header, xf.refusal(feature))
            elif name in _IGNORED_COLUMNS or name.startswith("sms_"):
                if self.once("survey", col):
                    self.notes.append(f"sheet 'survey' column '{col.header}' is not used by terminals (ignored)")
            elif col.lang is not None and name not in _TEXT_COLUMNS:
                self.refuse("survey", row, col.header, "unknown column")
            elif name == "constraint" and len(text) <= limits.MAX_EXPR_CHARS and _REGEX_CONSTRAINT.match(text):
                self.regex_pattern(row, col, text, field)
            elif name in _EXPR_COLUMNS:
                if name == "choice_filter" and choice_columns is None:
                    self.refuse("survey", row, col.header, "choice_filter needs a select_one or select_multiple")
                    continue
                expr = self.expression(row, col, value, choice_columns if name == "choice_filter" else None)
                if expr is not None:
                    field[name] = expr
            elif name == "default":
                default = self.default_value(row, ftype, text)
                if default is not None:
                    field["default"] = default
            elif name in _BOOL_COLUMNS:
                low = text.lower()
                if low in _TRUE:
                    field[name] = True
                elif low not in _FALSE:
                    if name == "required" and ("${" in text or "(" in text):
                        self.refuse("survey", row, col.header, xf.refusal(
                            "conditional required (an expression)", "use relevant to ask the question only when needed"))
                    else:
                        self.refuse("survey", row, col.header, f"{name} must be yes or no, not {text!r}")
            elif name in _INT_COLUMNS:
                try:
                    field[name] = int(text)
                except ValueError:
                    self.refuse("survey", row, col.header, f"{name} must be a whole number, not {text!r}")
            elif name in _NUMBER_COLUMNS:
                if ftype == "date":
                    field[name] = text
                else:
                    try:
                        number = float(text)
                        field[name] = int(number) if number.is_integer() else number
                    except ValueError:
                        self.refuse("survey", row, col.header, f"{name} must be a number, not {text!r}")
            elif name in _PLAIN_COLUMNS or name.startswith("x_"):
                field[name] = text
            elif self.once("survey", col):
                self.refuse("survey", row, col.header, "unknown column (neither XLSForm nor this project's)")

    def regex_pattern(self, row: int, col: xf.Column, text: str, field: dict[str, Any]) -> None:
        """``regex(., '^...$')`` as the whole constraint is this project's ``pattern`` (checked for
        catastrophic backtracking like any other); an unanchored regex would mean something else."""
        m = _REGEX_CONSTRAINT.match(text)
        assert m is not None
        regex = m.group("re")
        if regex.startswith("^") and regex.endswith("$") and not regex.endswith("\\$"):
            field["pattern"] = regex[1:-1]
            field["x_pattern_from_regex"] = True
        else:
            self.refuse("survey", row, col.header, xf.refusal(
                "regex() without ^ and $", "a terminal checks the whole answer: write regex(., '^...$')"))

    def check_texts(self, row: int, texts: dict[str, dict[str, str]]) -> None:
        for key in ("label", "hint"):
            for text in texts.get(key, {}).values():
                if "${" in text:
                    self.refuse("survey", row, key, xf.refusal("answer shown inside text (${...} in a label or hint)"))
                    return

    # -------------------------------------------------------------- languages

    def fill_languages(self, form: dict[str, Any]) -> None:
        """A text in one language is shown in that language in both UIs; the author gets a note."""
        seen: dict[str, int] = {"zh_CN": 0, "en_US": 0, "one": 0}

        def fill(text: Any) -> None:
            if not isinstance(text, dict) or not text or text == self.file_title:
                return
            for lang in ("zh_CN", "en_US"):
                if text.get(lang):
                    seen[lang] += 1
            present = [v for v in text.values() if v]
            if present and not (text.get("zh_CN") and text.get("en_US")):
                seen["one"] += 1
                text["zh_CN"] = text.get("zh_CN") or present[0]
                text["en_US"] = text.get("en_US") or present[0]

        for key in ("title", "description"):
            fill(form.get(key))
        for page in form["pages"]:
            fill(page.get("title"))
            for f in page["fields"]:
                for key in _TEXT_COLUMNS:
                    fill(f.get(key))
                for c in f.get("choices", []):
                    fill(c.get("label"))
        if not seen["one"]:
            return
        if not seen["en_US"] or not seen["zh_CN"]:
            only = "Chinese" if seen["zh_CN"] else "English"
            self.notes.append(f"this form is written only in {only}: residents see {only} whichever language they"
                              " pick; add label::中文 (zh) or label::English (en) columns to translate it (plain"
                              f" label columns are read as {self.default}, the upload's default language)")
        else:
            self.notes.append(f"{seen['one']} texts are in one language only and are shown in that language in both")


def convert_xlsx(path: str | Path, *, default_language: str = "zh_CN", form_id: str = "",
                 title: str = "") -> dict[str, Any]:
    """The JSON definition authored in the workbook (.xlsx, or XLSForm's old .xls).

    ``default_language`` is the language of plain ``label``/``hint`` columns
    (a ``default_language`` in the settings sheet wins). Notes for the author
    (what was ignored or filled in) are kept under ``x_xlsform_notes``. Without
    a ``version`` in the settings sheet the definition has none: the hub numbers
    it when it is published. ``form_id`` and ``title`` (in the default language)
    are used when the workbook has none, before the file name. :class:`XlsxError`
    names sheet, row and column.
    """
    p = Path(path)
    if default_language not in ("zh_CN", "en_US"):
        raise ValueError("default_language is zh_CN or en_US")
    sheets = _read_workbook(p)
    if "survey" not in sheets:
        raise XlsxError([f"{p.name}: no 'survey' sheet"])
    cv = _Converter(p, default_language, form_id, title)
    form = cv.settings(sheets.get("settings"))
    for row, _rec in sheets["entities"].records() if "entities" in sheets else ():
        cv.refuse("entities", row, "dataset", xf.refusal("entities"))
        break
    lists, choice_rows = cv.choices(sheets.get("choices"))

    pages: list[dict[str, Any]] = []
    page_rows: dict[str, int] = {}
    field_rows: dict[str, int] = {}
    field_lists: dict[str, str] = {}
    position_rows: dict[tuple[int, int], int] = {}  # (page index, field number from 1) -> row
    current: dict[str, Any] | None = None
    groups: list[tuple[str, str | None]] = []  # open groups inside the page: (kind, relevant)
    survey = sheets["survey"]
    for row, rec in survey.records():
        where = f"sheet 'survey' row {row}"
        raw_type = survey.get(rec, "type")
        name = survey.get(rec, "name")
        texts = cv.texts("survey", rec, _TEXT_COLUMNS)
        if not raw_type:
            if name or texts:
                cv.problems.append(f"{where}: type is missing")
            continue
        key = xf.type_key(raw_type)
        if key.startswith("begin_"):
            kind = key[len("begin_"):]
            relevant = None
            for col, value in rec.items():
                if col.name == "relevant":
                    relevant = cv.expression(row, col, value)
            if kind not in ("group", "page"):
                cv.refuse("survey", row, "type", xf.refusal(*xf.UNSUPPORTED_TYPES.get(key, (f"'{raw_type}'", ""))))
            if current is None or not current.get("_explicit"):
                if current is not None:
                    pages.append(current)
                current = {"id": name, "title": texts.get("label", {}), "_explicit": True, "fields": []}
                if relevant:
                    current["relevant"] = relevant
                page_rows[name] = row
            groups.append((kind, relevant))
            continue
        if key.startswith("end_"):
            if not groups:
                cv.problems.append(f"{where}: '{raw_type}' without a matching begin")
                continue
            groups.pop()
            if not groups and current is not None:
                pages.append(current)
                current = None
            continue
        if key in xf.IGNORED_METADATA:
            cv.notes.append(f"{where}: device metadata '{raw_type}' is not recorded by terminals (ignored)")
            continue
        appearance = survey.get(rec, "appearance").lower()
        typed = cv.field_type(row, raw_type, appearance)
        if typed is None:
            continue
        ftype, extra, list_name, or_other = typed
        field: dict[str, Any] = {"id": name, "type": ftype, **extra}
        choice_columns = None
        if list_name is not None:
            field_lists[name] = list_name
            if list_name in cv.choice_features:
                row_, header, feature = cv.choice_features.pop(list_name)
                cv.refuse("choices", row_, header, xf.refusal(feature))
            choice_columns = frozenset(k for c in lists.get(list_name, []) for k in c["data"])
        cv.check_texts(row, texts)
        cv.columns(row, rec, field, ftype, choice_columns)
        for text_key, text_value in texts.items():
            field[text_key] = text_value
        if field.pop("x_pattern_from_regex", False) and "constraint_message" in field:
            field["pattern_message"] = field.pop("constraint_message")
        inner = [g[1] for g in groups[1:]]
        if any(inner):
            field["relevant"] = _and(*inner, field.get("relevant"))
        extra_fields: list[dict[str, Any]] = []
        if list_name is not None:
            chosen = lists.get(list_name)
            if chosen is None:
                cv.problems.append(f"{where}: choices list '{list_name}' is not on the 'choices' sheet")
            else:
                used = set(re.findall(r"choice\('(\w+)'\)", field.get("choice_filter", "")))
                field["choices"] = [
                    {"value": c["value"], "label": dict(c["label"])}
                    | ({"data": {k: v for k, v in c["data"].items() if k in used}} if used else {})
                    for c in chosen
                ]
                if or_other and all(c["value"] != "other" for c in chosen):
                    field["choices"].append({"value": "other", "label": dict(_OTHER_LABEL)})
                if or_other:
                    extra_fields.append({"id": f"{name}_other", "type": "text", "label": dict(_OTHER_FIELD_LABEL),
                                         "relevant": _and(field.get("relevant"), f"selected(${{{name}}}, 'other')")})
        field = {k: field[k] for k in FIELD_KEY_ORDER if k in field} | {k: v for k, v in field.items() if k not in FIELD_KEY_ORDER}
        if current is None:
            current = {"id": f"page_{len(pages) + 1}", "title": {}, "fields": []}
        for f in [field, *extra_fields]:
            current["fields"].append(f)
            if f["id"]:
                field_rows.setdefault(f["id"], row)
            position_rows[(len(pages), len(current["fields"]))] = row
    if current is not None:
        if current.get("_explicit"):
            cv.problems.append(f"sheet 'survey': group '{current['id']}' is never closed with 'end group'")
        pages.append(current)
    for page in pages:
        page.pop("_explicit", None)
        if not page["title"]:
            page["title"] = dict(form["title"])
    form["pages"] = pages
    field_ids = [f["id"] for p in pages for f in p["fields"] if f.get("id")]
    if cv.problems:
        raise _failure(cv.problems, sheets, lists, field_ids)
    cv.fill_languages(form)
    if cv.notes:
        form["x_xlsform_notes"] = cv.notes
    reasons = validate_definition(form if "version" in form else {**form, "version": 1})
    if reasons:
        locator = _Locator(pages, page_rows, field_rows, field_lists, choice_rows, position_rows)
        raise _failure([locator.locate(r) for r in reasons], sheets, lists, field_ids)
    return form


_WHERE = re.compile(
    r"^page (?:'(?P<page>[^']*)'|(?P<pnum>\d+))"
    r"(?: field (?:'(?P<field>[^']*)'|(?P<fnum>\d+))(?: choice (?P<choice>\d+))?)?: "
)


class _Locator:
    """Turns a validator reason ("page 'p' field 'f': ...") into the sheet and row to fix."""

    def __init__(
        self,
        pages: list[dict[str, Any]],
        page_rows: dict[str, int],
        field_rows: dict[str, int],
        field_lists: dict[str, str],
        choice_rows: dict[tuple[str, int], int],
        position_rows: dict[tuple[int, int], int],
    ) -> None:
        self.page_index = {p.get("id"): i for i, p in enumerate(pages)}
        self.page_rows = page_rows
        self.field_rows = field_rows
        self.field_lists = field_lists
        self.choice_rows = choice_rows
        self.position_rows = position_rows

    def locate(self, reason: str) -> str:
        if reason.startswith("form: "):
            return f"sheet 'settings' row 2: {reason[6:]}"
        m = _WHERE.match(reason)
        if not m:
            return f"sheet 'survey': {reason}"
        rest = reason[m.end():]
        page, field, choice = m.group("page"), m.group("field"), m.group("choice")
        if field and choice and field in self.field_lists:
            row = self.choice_rows.get((self.field_lists[field], int(choice)))
            if row:
                return f"sheet 'choices' row {row} (list '{self.field_lists[field]}'): {rest}"
        if field and field in self.field_rows:
            return f"sheet 'survey' row {self.field_rows[field]} (field '{field}'): {rest}"
        if m.group("fnum"):
            pi = self.page_index.get(page) if page is not None else int(m.group("pnum")) - 1
            row = self.position_rows.get((pi, int(m.group("fnum")))) if pi is not None else None
            if row:
                return f"sheet 'survey' row {row}: {rest}"
        if page and not field and page in self.page_rows:
            return f"sheet 'survey' row {self.page_rows[page]} (page '{page}'): {rest}"
        return f"sheet 'survey': {reason}"
