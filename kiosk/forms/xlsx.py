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
``settings``
    One row under the headers: ``form_id``, ``version``, ``form_title::<lang>``,
    ``description::<lang>``, ``layout`` (``pages`` or ``one_per_screen``).

Every problem is reported with its sheet and row, including the problems
:func:`kiosk.forms.validate.validate_definition` finds in the converted form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk import safe_workbook
from kiosk.forms import limits
from kiosk.forms.model import _FIELD_KEYS as _FIELD_ORDER
from kiosk.forms.validate import validate_definition

_LANG_CODE = re.compile(r"\b([A-Za-z]{2})[_-]([A-Za-z]{2})\b")
_TRUE = {"yes", "true", "1", "y", "是", "true()"}
_FALSE = {"no", "false", "0", "n", "否", "false()", ""}
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
_PLAIN_COLUMNS = {"relevant", "constraint", "calculate", "prefill", "pattern", "keypad"}
_BOOL_COLUMNS = {"required", "sensitive", "read_only"}
_INT_COLUMNS = {"min_length", "max_length", "decimals", "min_selected", "max_selected"}
_NUMBER_COLUMNS = {"min", "max"}
_SIMPLE_TYPES = {
    "text",
    "long_text",
    "number",
    "date",
    "phone",
    "id_number",
    "email",
    "address",
    "yes_no",
    "consent",
    "signature",
    "note",
    "calculate",
}
_SELECT_TYPES = {
    "select_one": "single_choice",
    "single_choice": "single_choice",
    "select_multiple": "multiple_choice",
    "multiple_choice": "multiple_choice",
    "select_one_search": "searchable_choice",
    "searchable_choice": "searchable_choice",
}
_ALIASES = {"calculation": "calculate", "value": "name", "listname": "list_name", "title": "form_title"}


_BOUNDS = safe_workbook.WorkbookBounds(max_file_bytes=limits.MAX_XLSX_BYTES, max_rows=limits.MAX_XLSX_ROWS,
                                       max_total_bytes=10 * limits.MAX_XLSX_BYTES)


class XlsxError(ValueError):
    """The workbook cannot be converted; ``problems`` name sheet and row."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _column(header: Any) -> tuple[str, str | None] | None:
    """``label::zh_CN`` and XLSForm's ``label::Chinese (zh_CN)`` both give ("label", "zh_CN")."""
    if header is None:
        return None
    text = str(header).strip()
    if not text:
        return None
    base, _, lang_part = text.partition("::")
    base = base.strip().lower().replace(" ", "_")
    base = _ALIASES.get(base, base)
    if not lang_part:
        return base, None
    m = _LANG_CODE.search(lang_part)
    if m is None:
        return base, lang_part.strip()  # reported by the validator as a bad language key
    return base, f"{m.group(1).lower()}_{m.group(2).upper()}"


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


class _Sheet:
    def __init__(self, name: str, rows: list[tuple[Any, ...]]) -> None:
        self.name = name
        self.header: list[tuple[str, str | None] | None] = [_column(h) for h in rows[0]] if rows else []
        self.rows = rows[1:]

    def records(self) -> Iterator[tuple[int, dict[tuple[str, str | None], Any]]]:
        """(Excel row number, {(column, language): value}) for every non-empty row."""
        for i, row in enumerate(self.rows, start=2):
            rec: dict[tuple[str, str | None], Any] = {}
            for col, value in zip(self.header, row):
                if col is not None and value is not None and _cell_text(value) != "":
                    rec[col] = value
            if rec:
                yield i, rec


def _read_workbook(path: Path) -> dict[str, _Sheet]:
    problems: list[str] = []
    try:
        safe_workbook.check(path, _BOUNDS)  # sizes, DTDs, rows and cells, before openpyxl parses anything
    except safe_workbook.WorkbookError as exc:
        raise XlsxError(exc.problems) from exc
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions (data validation)
            wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise XlsxError([f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__})"]) from exc
    sheets: dict[str, _Sheet] = {}
    try:
        for ws in wb.worksheets:
            name = ws.title.strip().lower()
            if name not in ("survey", "choices", "settings"):
                continue
            rows: list[tuple[Any, ...]] = []
            for row in ws.iter_rows(values_only=True):
                rows.append(tuple(row[:60]))
                if len(rows) > limits.MAX_XLSX_ROWS + 1:
                    problems.append(f"sheet '{name}': more than {limits.MAX_XLSX_ROWS} rows")
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


def _texts(rec: dict[tuple[str, str | None], Any]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for (col, lang), value in rec.items():
        if col in _TEXT_COLUMNS or col in ("form_title", "title", "description"):
            out.setdefault(col, {})[lang or "zh_CN"] = _cell_text(value)
    return out


def convert_xlsx(path: str | Path) -> dict[str, Any]:
    """The JSON definition authored in the workbook; :class:`XlsxError` names sheet and row."""
    p = Path(path)
    sheets = _read_workbook(p)
    problems: list[str] = []
    if "survey" not in sheets:
        raise XlsxError([f"{p.name}: no 'survey' sheet"])
    if "settings" not in sheets:
        raise XlsxError([f"{p.name}: no 'settings' sheet (form_id, version, form_title::zh_CN, form_title::en_US)"])

    # settings
    form: dict[str, Any] = {}
    settings = list(sheets["settings"].records())
    if not settings:
        problems.append("sheet 'settings' row 2: form_id and version are missing")
    else:
        row, rec = settings[0]
        texts = _texts(rec)
        form["id"] = _cell_text(rec.get(("form_id", None)))
        version = rec.get(("version", None))
        try:
            form["version"] = int(_cell_text(version)) if version is not None else None
        except ValueError:
            problems.append(f"sheet 'settings' row {row}: version must be a whole number")
            form["version"] = None
        form["sample"] = _cell_text(rec.get(("sample", None))).lower() in _TRUE
        form["title"] = texts.get("form_title") or texts.get("title") or {}
        if texts.get("description"):
            form["description"] = texts["description"]
        form["layout"] = _cell_text(rec.get(("layout", None))) or "pages"
        if not form["sample"]:
            del form["sample"]

    # choices
    lists: dict[str, list[dict[str, Any]]] = {}
    choice_rows: dict[tuple[str, int], int] = {}
    for row, rec in sheets.get("choices", _Sheet("choices", [])).records():
        list_name = _cell_text(rec.get(("list_name", None)))
        value = _cell_text(rec.get(("name", None)))
        if not list_name or not value:
            problems.append(f"sheet 'choices' row {row}: list_name and name are both needed")
            continue
        entries = lists.setdefault(list_name, [])
        entries.append({"value": value, "label": _texts(rec).get("label", {})})
        choice_rows[(list_name, len(entries))] = row

    # survey
    pages: list[dict[str, Any]] = []
    page_rows: dict[str, int] = {}
    field_rows: dict[str, int] = {}
    field_lists: dict[str, str] = {}
    position_rows: dict[tuple[int, int], int] = {}  # (page index, field number from 1) -> row
    current: dict[str, Any] | None = None
    loose = 0
    for row, rec in sheets["survey"].records():
        where = f"sheet 'survey' row {row}"
        raw_type = _cell_text(rec.get(("type", None)))
        name = _cell_text(rec.get(("name", None)))
        texts = _texts(rec)
        words = raw_type.lower().replace("-", "_").split()
        if not words:
            problems.append(f"{where}: type is missing")
            continue
        kind = "_".join(words[:2]) if words[0] in ("begin", "end") else words[0]
        if kind in ("begin_page", "begin_group"):
            if current is not None and current.get("_explicit"):
                problems.append(f"{where}: pages cannot be nested; close the page above with 'end page' first")
                continue
            if current is not None:
                pages.append(current)
            current = {"id": name, "title": texts.get("label", {}), "_explicit": True, "fields": []}
            if rec.get(("relevant", None)) is not None:
                current["relevant"] = _cell_text(rec[("relevant", None)])
            page_rows[name] = row
            continue
        if kind in ("end_page", "end_group"):
            if current is None or not current.get("_explicit"):
                problems.append(f"{where}: 'end page' without a 'begin page'")
                continue
            pages.append(current)
            current = None
            continue
        appearance = _cell_text(rec.get(("appearance", None))).lower()
        field: dict[str, Any] = {"id": name}
        if kind in _SELECT_TYPES:
            if len(words) != 2:
                problems.append(f"{where}: '{raw_type}' needs the name of a choices list, like 'select_one yes_no_list'")
                continue
            ftype = _SELECT_TYPES[kind]
            if ftype == "single_choice" and appearance in ("search", "autocomplete", "searchable"):
                ftype = "searchable_choice"
            field_lists[name] = words[1]
        elif kind in ("integer", "decimal"):
            ftype = "number"
            if kind == "integer":
                field["decimals"] = 0
        elif kind == "image" and "signature" in appearance:
            ftype = "signature"
        elif kind == "text" and appearance in ("multiline", "multi_line"):
            ftype = "long_text"
        elif kind in _SIMPLE_TYPES and len(words) == 1:
            ftype = kind
        else:
            problems.append(f"{where}: type '{raw_type}' is not supported")
            continue
        field["type"] = ftype
        for (col, lang), value in rec.items():
            if col in ("type", "name", "appearance"):
                continue
            if col in _TEXT_COLUMNS:
                continue  # gathered by _texts
            text = _cell_text(value)
            if col in _BOOL_COLUMNS:
                low = text.lower()
                if low in _TRUE:
                    field[col] = True
                elif low not in _FALSE:
                    problems.append(f"{where}: {col} must be yes or no, not {text!r}")
            elif col in _INT_COLUMNS:
                try:
                    field[col] = int(text)
                except ValueError:
                    problems.append(f"{where}: {col} must be a whole number, not {text!r}")
            elif col in _NUMBER_COLUMNS:
                if ftype == "date":
                    field[col] = text
                else:
                    try:
                        number = float(text)
                        field[col] = int(number) if number.is_integer() else number
                    except ValueError:
                        problems.append(f"{where}: {col} must be a number, not {text!r}")
            elif col in _PLAIN_COLUMNS or col.startswith("x_"):
                field[col] = text
            else:
                problems.append(f"{where}: unknown column '{col}'")
        for key, text_value in texts.items():
            if key in _TEXT_COLUMNS:
                field[key] = text_value
        if ftype in ("single_choice", "multiple_choice", "searchable_choice"):
            chosen_list = lists.get(field_lists[name])
            if chosen_list is None:
                problems.append(f"{where}: choices list '{field_lists[name]}' is not on the 'choices' sheet")
            else:
                field["choices"] = chosen_list
        field = {k: field[k] for k in _FIELD_ORDER if k in field} | {k: v for k, v in field.items() if k not in _FIELD_ORDER}
        if current is None:
            loose += 1
            current = {"id": f"page_{len(pages) + 1}", "title": form.get("title", {}), "fields": []}
        current["fields"].append(field)
        if name:
            field_rows.setdefault(name, row)
        position_rows[(len(pages), len(current["fields"]))] = row
    if current is not None:
        if current.get("_explicit"):
            problems.append(f"sheet 'survey': page '{current['id']}' is never closed with 'end page'")
        pages.append(current)
    for page in pages:
        page.pop("_explicit", None)
    form["pages"] = pages
    if problems:
        raise XlsxError(problems)

    reasons = validate_definition(form)
    if reasons:
        locator = _Locator(pages, page_rows, field_rows, field_lists, choice_rows, position_rows)
        raise XlsxError([locator.locate(r) for r in reasons])
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
