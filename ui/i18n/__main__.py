"""Build or update the translations (see ``ui.i18n``)."""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.i18n import I18N_DIR, LANGUAGES, QML_DIR, qm_path, ts_path


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    if exe.exists():
        return str(exe)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6-Essentials")
    return found


def build(quiet: bool) -> int:
    for lang in LANGUAGES:
        ts, qm = ts_path(lang), qm_path(lang)
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        res = subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], capture_output=True, text=True)
        if res.returncode != 0:
            print(res.stdout + res.stderr, file=sys.stderr)
            return res.returncode
        if not quiet:
            print(f"built {qm.name}")
    return 0


def load_tsv(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh, delimiter="\t"):
                if len(row) >= 2 and row[0] and not row[0].startswith("#"):
                    out[row[0]] = row[1]
    return out


def update() -> int:
    qml = sorted(str(p) for p in QML_DIR.glob("*.qml"))
    for lang in LANGUAGES:
        res = subprocess.run([_tool("pyside6-lupdate"), *qml, "-ts", str(ts_path(lang)), "-no-obsolete"],
                             capture_output=True, text=True)
        if res.returncode != 0:
            print(res.stdout + res.stderr, file=sys.stderr)
            return res.returncode
    table = load_tsv(I18N_DIR / "zh_CN.tsv")
    missing = fill(ts_path("zh_CN"), table, "zh_CN")
    fill(ts_path("en_US"), {}, "en_US")
    for source in missing:
        print(f"untranslated (zh_CN): {source}", file=sys.stderr)
    return 0


IRREGULAR_PLURALS = {"person(s)": ("person", "people")}


def english_plurals(source: str) -> list[str]:
    """The one and many forms of an English ``%n`` source: "vote(s)" gives "vote" and "votes", and the few
    irregular nouns in IRREGULAR_PLURALS their own ("1 person", "2 people", never "2 persons")."""
    one, many = source, source
    for marked, (singular, plural) in IRREGULAR_PLURALS.items():
        one, many = one.replace(marked, singular), many.replace(marked, plural)
    return [one.replace("(s)", ""), many.replace("(s)", "s")]


def fill(ts: Path, table: dict[str, str], lang: str) -> list[str]:
    """Write translations into a .ts file; en_US takes the (English) source text as is."""
    tree = ET.parse(ts)
    root = tree.getroot()
    root.set("language", lang)
    missing: list[str] = []
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        tr = message.find("translation")
        if tr is None:
            tr = ET.SubElement(message, "translation")
        numerus = message.get("numerus") == "yes"
        text = source if lang == "en_US" else table.get(source)
        if text is None:
            missing.append(source)
            continue
        tr.attrib.pop("type", None)
        if numerus:
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            forms = english_plurals(source) if lang == "en_US" else [text]
            for f in forms:
                ET.SubElement(tr, "numerusform").text = f
        else:
            tr.text = text
    ET.indent(tree)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return sorted(set(missing))


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m ui.i18n")
    p.add_argument("action", choices=["build", "update"])
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args()
    return build(a.quiet) if a.action == "build" else update()


if __name__ == "__main__":
    sys.exit(main())
