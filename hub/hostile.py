"""Hostile uploads from the issue-16 security review, built on demand, for the tests, the fuzz and the benchmark.

Each generator returns the bytes an attacker would send (small, so nothing large
is stored in the repository): the nine-level YAML alias bomb, JSON nested past
any bound, and workbooks whose cost hides inside the zip (a row of two million
cells, a billion-laughs DTD, an undefined entity). ``rss_bytes`` reads a
process's resident memory, to assert that refusing them cost nothing.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

_LEVELS = "abcdefghijklmnopqrstuvwxyz"


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """YAML whose last key expands to ``width ** levels`` strings (9 levels: 387 million) through aliases."""
    lines = [f"{_LEVELS[0]}: &{_LEVELS[0]} [{','.join(['lol'] * width)}]"]
    for prev, name in itertools.pairwise(_LEVELS[:levels]):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * width)}]")
    return "\n".join(lines) + "\n"


def deep_json(depth: int, key: str = "x") -> bytes:
    """``{"x": {"x": ... 1}}`` nested ``depth`` objects deep."""
    return (f'{{"{key}":' * depth + "1" + "}" * depth).encode()


def nested(depth: int, key: str = "x") -> dict[str, object]:
    """The same as a Python value, built without recursion."""
    node: dict[str, object] = {}
    top = node
    for _ in range(depth - 1):
        child: dict[str, object] = {}
        node[key] = child
        node = child
    return top


_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  b'<Default Extension="xml" ContentType="application/xml"/>'
                  b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  b'spreadsheetml.sheet.main+xml"/>'
                  b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                  b'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             b'<sheets><sheet name="survey" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                  b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def workbook(sheet_xml: bytes, prolog: bytes = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') -> bytes:
    """A minimal .xlsx (one sheet, ``survey``) whose worksheet part is ``prolog + sheet_xml``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", prolog + sheet_xml)
    return out.getvalue()


def wide_row_workbook(cells: int = 2_000_000, cell: bytes = b'<c t="n"><v>1</v></c>') -> bytes:
    """One row of ``cells`` cells (about 110 KB zipped for two million numbers), no ``<dimension>``."""
    row = cell * cells
    return workbook(_SHEET_OPEN + b'<sheetData><row r="1">' + row + b"</row></sheetData></worksheet>")


def billion_laughs_workbook(levels: int = 9) -> bytes:
    """A worksheet whose DTD defines ten-fold nested entities (10 ** levels "lol"s when expanded)."""
    entities = [b'<!ENTITY l0 "lol">']
    for i in range(1, levels + 1):
        entities.append(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">'.encode())
    dtd = b"<!DOCTYPE worksheet [" + b"".join(entities) + b"]>"
    prolog = b'<?xml version="1.0" encoding="UTF-8"?>' + dtd
    return workbook(_SHEET_OPEN + f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l{levels};</t></is></c>'
                    .encode() + b"</row></sheetData></worksheet>", prolog)


def undefined_entity_workbook() -> bytes:
    return workbook(_SHEET_OPEN + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&boom;</t></is></c>'
                    b"</row></sheetData></worksheet>")


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")
