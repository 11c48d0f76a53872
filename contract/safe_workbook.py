"""Bounds a .xlsx workbook before openpyxl reads it: zip sizes, DTDs and entities, rows and cells.

Why (issue 16, finding 8): an .xlsx is a zip of XML parts, and its cost hides
inside. A 110 KB workbook with one row of two million cells took openpyxl 15 s
and 1.26 GB (it parses every cell of a row, even in read-only mode, before
anything can count them), and a DTD with an undefined entity or a billion
laughs ended in a traceback. So before openpyxl opens a workbook, :func:`check`

- refuses a file, a member count, or any part's uncompressed size past its bound
  (Python's zipfile stops reading a member at its declared size, so the
  declared sizes bound the work that follows);
- streams every XML part through expat in small chunks with a handler that
  refuses any DOCTYPE or entity declaration (workbooks never need one; openpyxl
  only uses defusedxml when it is installed, and this needs no new package);
  an undefined entity is expat's own error;
- in worksheets, reads ``<dimension>`` and counts rows and cells as they
  stream, stopping at the first one past the bounds, so a hostile row costs a
  few 64 KB chunks (a row may hold Excel's 16,384 cells: real workbooks carry
  thousands of empty formatted ones).

Every problem is a sentence for the person who uploaded the file (the console
shows them as a list), and says where: the cell where a bound was passed
(``survey!XFE1``, ``survey!A3002``), the size a sheet records (``survey!A1:C900000``),
or the sheet's part and line for a DTD or broken XML. :class:`WorkbookError` carries them.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat


@dataclass(frozen=True)
class WorkbookBounds:
    max_file_bytes: int = 5 * 1024 * 1024
    max_members: int = 500
    max_part_bytes: int = 16 * 1024 * 1024  # uncompressed, each XML part
    max_total_bytes: int = 50 * 1024 * 1024  # uncompressed, all parts together
    max_rows: int = 3000  # per sheet
    max_columns: int = 16_384  # cells in one row: Excel's own limit (XFD); formatting leaves thousands of empty ones
    max_cells: int = 200_000  # per workbook


class WorkbookError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class _Refused(Exception):
    """Raised from inside an expat handler to stop the parse at once."""


_CHUNK = 64 * 1024
_DIMENSION = re.compile(r"^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$")
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def _column_letters(number: int) -> str:
    """1 -> A, 28 -> AB, 16385 -> XFE: how a spreadsheet names the column, so an author finds the cell."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class _PartScan:
    """One XML part streamed through expat, refusing DTDs; ``collect`` sees every element if given.
    ``where`` names the part for the author: the sheet it holds, or the part's name inside the zip."""

    def __init__(self, name: str, collect: Callable[[str, dict[str, str]], None] | None = None,
                 where: str = "") -> None:
        self.name = where or name
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        if collect is not None:
            self.parser.StartElementHandler = lambda tag, attrs: collect(tag.rpartition(":")[2], attrs)

    def _doctype(self, *_args: object) -> None:
        line = self.parser.CurrentLineNumber
        raise _Refused(f"{self.name} line {line}: has a DTD (<!DOCTYPE>); workbooks saved by Excel or WPS never do")

    def _entity(self, *_args: object) -> None:
        line = self.parser.CurrentLineNumber
        raise _Refused(f"{self.name} line {line}: declares XML entities; workbooks saved by Excel or WPS never do")

    def feed(self, zf: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
        with zf.open(member) as stream:
            try:
                while chunk := stream.read(_CHUNK):
                    self.parser.Parse(chunk, False)
                self.parser.Parse(b"", True)
            except expat.ExpatError as exc:
                why = f"{expat.ErrorString(exc.code)}, line {exc.lineno} column {exc.offset}"
                raise _Refused(f"{self.name} is not well-formed XML ({why})") from None


class _SheetCount:
    """Rows and cells of one worksheet as they stream past, stopping at the first one past the bounds.

    Refusals name the cell where the bound was passed (``survey!XFE1``): the ``r`` attribute Excel writes
    on rows and cells when present, else the position counted so far."""

    def __init__(self, sheet: str, bounds: WorkbookBounds, cells_so_far: int) -> None:
        self.sheet = sheet
        self.label = f"sheet '{sheet}'"
        self.bounds = bounds
        self.rows = 0
        self.row_number = 0  # the spreadsheet's own row number (rows may be skipped)
        self.row_cells = 0
        self.column = 0  # the spreadsheet's own column number of the last cell
        self.cells = cells_so_far

    def __call__(self, local: str, attrs: dict[str, str]) -> None:
        if local == "c":
            self.row_cells += 1
            self.cells += 1
            self._place_cell(attrs.get("r", ""))
            if self.row_cells > self.bounds.max_columns:
                raise _Refused(f"{self.label} row {self.row_number}: more than {self.bounds.max_columns} cells"
                               f" (at {self._cell()})")
            if self.cells > self.bounds.max_cells:
                raise _Refused(f"more than {self.bounds.max_cells} cells in the workbook (at {self._cell()})")
        elif local == "row":
            self.rows += 1
            self.row_cells = self.column = 0
            r = attrs.get("r", "")
            self.row_number = int(r) if r.isdigit() else self.row_number + 1
            if self.rows > self.bounds.max_rows + 1:  # the header row and max_rows rows
                raise _Refused(f"{self.label}: more than {self.bounds.max_rows} rows"
                               f" (at {self.sheet}!A{self.row_number})")
        elif local == "dimension":
            self._dimension(attrs.get("ref", ""))

    def _place_cell(self, ref: str) -> None:
        m = _CELL.match(ref)
        if m is None:
            self.column += 1
            return
        self.column = _column_number(m.group(1).upper())
        self.row_number = int(m.group(2))

    def _cell(self) -> str:
        return f"{self.sheet}!{_column_letters(self.column)}{self.row_number}"

    def _dimension(self, ref: str) -> None:
        m = _DIMENSION.match(ref.replace("$", "").upper())
        if m is None:
            return  # odd but harmless: the counting above still applies
        last_row = int(m.group(4) or m.group(2))
        last_column = _column_number(m.group(3) or m.group(1))
        where = f"its recorded size is {self.sheet}!{m.group(0)}"
        if last_row > self.bounds.max_rows + 1:
            raise _Refused(f"{self.label}: more than {self.bounds.max_rows} rows (it says {last_row}): {where}")
        if last_column > self.bounds.max_columns:
            raise _Refused(f"{self.label}: more than {self.bounds.max_columns} columns (it says {last_column}):"
                           f" {where}")


def _sheet_names(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Worksheet part -> sheet name (``survey``), from workbook.xml and its relationships (refusing DTDs there too)."""
    sheets: dict[str, str] = {}  # relationship id -> sheet name
    targets: dict[str, str] = {}  # relationship id -> part

    def collect(local: str, attrs: dict[str, str]) -> None:
        if local == "sheet":
            rid = next((v for k, v in attrs.items() if k.endswith("id") and k != "sheetId"), "")
            sheets[rid] = attrs.get("name", "")
        elif local == "Relationship":
            target = attrs.get("Target", "").lstrip("/")
            targets[attrs.get("Id", "")] = target if target.startswith("xl/") else f"xl/{target}"

    for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if part in names:
            _PartScan(part, collect).feed(zf, zf.getinfo(part))
    return {targets[rid]: name.strip().lower() for rid, name in sheets.items() if rid in targets}


DEFAULT_BOUNDS = WorkbookBounds()


def check(path: str | Path, bounds: WorkbookBounds = DEFAULT_BOUNDS) -> None:
    """Refuse a workbook whose reading would cost more than ``bounds``; :class:`WorkbookError` says why."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise WorkbookError([f"{p.name}: cannot be read ({exc.strerror})"]) from exc
    if size > bounds.max_file_bytes:
        raise WorkbookError([f"{p.name}: file is {size} bytes; at most {bounds.max_file_bytes}"])
    try:
        with zipfile.ZipFile(p) as zf:
            _check_zip(zf, p.name, bounds)
    except WorkbookError:
        raise
    # what zipfile raises for damaged, encrypted or exotic archives (zlib.error: a corrupt deflate stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
            ValueError, zlib.error) as exc:
        raise WorkbookError([f"{p.name}: not an .xlsx workbook ({type(exc).__name__})"]) from exc


def _check_zip(zf: zipfile.ZipFile, filename: str, bounds: WorkbookBounds) -> None:
    members = zf.infolist()
    if len(members) > bounds.max_members:
        raise WorkbookError([f"{filename}: holds {len(members)} files; a workbook needs far fewer"])
    total = 0
    for member in members:
        if member.file_size > bounds.max_part_bytes:
            limit = f"at most {bounds.max_part_bytes}"
            raise WorkbookError([f"{filename}: part {member.filename} unpacks to {member.file_size} bytes; {limit}"])
        total += member.file_size
    if total > bounds.max_total_bytes:
        raise WorkbookError([f"{filename}: unpacks to {total} bytes, too large for a form"])
    try:
        sheet_names = _sheet_names(zf, {m.filename for m in members})
        cells = 0
        for member in members:
            if not member.filename.endswith((".xml", ".rels")):
                continue
            sheet = sheet_names.get(member.filename)
            where = f"sheet '{sheet}' ({member.filename})" if sheet else member.filename
            count = None
            if member.filename.startswith("xl/worksheets/"):
                count = _SheetCount(sheet or member.filename, bounds, cells)
            _PartScan(member.filename, count, where).feed(zf, member)
            cells = count.cells if count is not None else cells
    except _Refused as exc:
        raise WorkbookError([f"{filename}: {exc}"]) from None
