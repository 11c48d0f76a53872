"""A workbook problem as an author fixes it: the cell (``survey!H8``), the words in Chinese and English,
a hint and a "did you mean".

The converter (:mod:`contract.forms.xlsx`) and the validator word their reasons in
English ("sheet 'survey' row 8 column 'constraint': ..."), and tests, the CLI and
the docs quote those words. Authors in a street office read Chinese first, so
this module reads each reason back into its parts and words it again for them:
it never decides anything, it only explains what was refused. A reason it does
not recognise keeps its English words after a Chinese sentence that says where.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from contract.forms.xlsform import read_header

_WHERE = re.compile(r"^(?:[^:]*?: )?sheet '(?P<sheet>[^']+)'(?: row (?P<row>\d+))?"
                    r"(?: column '(?P<column>[^']*)')?(?: \((?P<what>[^)]*)\))?: (?P<msg>.*)$", re.DOTALL)
_WHAT = re.compile(r"^(?P<kind>field|page|list) '(?P<name>[^']*)'$")


@dataclass(frozen=True)
class Vocabulary:
    """What an author may write, to suggest the nearest name for a misspelt one."""

    columns: Sequence[str] = ()
    types: Sequence[str] = ()
    lists: Sequence[str] = ()
    fields: Sequence[str] = ()


@dataclass(frozen=True)
class SheetProblem:
    """One problem: where (sheet, row, column header as written, cell), what (both languages), how to fix it."""

    sheet: str
    row: int | None
    column: str
    cell: str
    text: Mapping[str, str]
    hint: Mapping[str, str] = field(default_factory=dict)
    suggestion: str = ""
    source: str = ""

    def words(self, lang: str) -> str:
        """The whole problem in ``lang``: cell, text, hint and "did you mean", as one line for a CLI or log."""
        parts = [f"{self.cell}: " if self.cell else "", self.text.get(lang, self.source)]
        if self.suggestion:
            parts.append(f" {_DID_YOU_MEAN[lang].format(s=self.suggestion)}")
        if self.hint:
            parts.append(f" {self.hint.get(lang, '')}")
        return "".join(parts)


_DID_YOU_MEAN = {"zh_CN": "您是不是想写“{s}”？", "en_US": "Did you mean '{s}'?"}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the letters Excel and WPS show above a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# (English reason, Chinese words). Groups are reused by name; order matters (first match wins).
_TEXTS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(en, re.DOTALL), zh) for en, zh in (
    (r"^type '(?P<v>.*)' is not an XLSForm question type a terminal knows$", "题型“{v}”不是终端认识的题型"),
    (r"^'(?P<v>.*)' needs the name of a choices list, like 'select_one yes_no'$",
     "“{v}”后面要写选项列表的名称，例如 select_one yes_no"),
    (r"^choices list '(?P<v>.*)' is not on the 'choices' sheet$", "choices 工作表中没有名为“{v}”的选项列表"),
    (r"^type is missing$", "这一行没有填写题型（type）"),
    (r"^list_name and name are both needed$", "list_name 和 name 两列都要填写"),
    (r"^unknown column \(neither XLSForm nor this project's\)$", "不认识这一列的列名"),
    (r"^unknown column$", "不认识这一列的列名"),
    (r"^(?P<c>\w+) must be yes or no, not (?P<v>.*)$", "{c} 一列只能填“是/否”（或 yes/no、必填/选填），不能填 {v}"),
    (r"^(?P<c>\w+) must be a whole number, not (?P<v>.*)$", "{c} 一列要填整数，不能填 {v}"),
    (r"^(?P<c>\w+) must be a number, not (?P<v>.*)$", "{c} 一列要填数字，不能填 {v}"),
    (r"^version must be a whole number$", "version（版本号）要填整数"),
    (r"^'(?P<v>.*)' without a matching begin$", "“{v}”前面没有对应的 begin 行"),
    (r"^group '(?P<v>.*)' is never closed with 'end group'$", "分组“{v}”没有用 end group 结束"),
    (r"^choice_filter needs a select_one or select_multiple$", "choice_filter 只能用在 select_one 或 select_multiple 题目上"),
    (r"^the form needs an id .*$", "表单需要编号（小写字母、数字和下划线）：上传时填写，或在 settings 工作表中填写 form_id"),
    (r"^XLSForm regex\(\) without \^ and \$ is not supported on a terminal.*$",
     "regex() 要写成 regex(., '^...$') 的形式，终端检查的是整个答案"),
    (r"^XLSForm function regex\(\) in (?P<c>.*) is not supported on a terminal.*$",
     "{c} 一列中不能使用 regex()：请把正则表达式写在 pattern 一列"),
    (r"^XLSForm function (?P<v>\S+) in (?P<c>.*) is not supported on a terminal.*$",
     "{c} 一列中的函数 {v} 终端不支持"),
    (r"^XLSForm (?P<v>.*?) is not supported on a terminal.*$", "终端不支持 XLSForm 的这项功能：{v}"),
    (r"^(?P<c>\w+) expression refers to unknown field \$\{(?P<v>[^}]*)\}$", "{c} 表达式中引用的题目 ${{{v}}} 不存在"),
    (r"^(?P<c>\w+) expression refers to \$\{(?P<v>[^}]*)\}, a note, which has no answer$",
     "{c} 表达式引用了说明文字 ${{{v}}}，说明没有答案"),
    (r"^(?P<c>\w+) expression: (?P<v>.*)$", "{c} 表达式写得不对：{v}"),
    (r"^field id is already used in (?P<v>.*)$", "题目名称（name）重复了，{v} 已经用过"),
    (r"^value '(?P<v>.*)' is used twice$", "选项值“{v}”在同一个列表里出现了两次"),
    (r"^default '(?P<v>.*)' is not one of the choices$", "默认值“{v}”不在选项中"),
    (r"^pattern is not a valid regular expression.*$", "pattern 一列的正则表达式写得不对"),
    (r"^(?P<c>\w+) is missing(?: (?P<l>zh_CN|en_US))?$", "缺少 {c}{l}"),
    (r"^id '(?P<v>.*)' must start with a lowercase letter.*$", "名称“{v}”要以小写字母开头，只能用 a-z、0-9 和 _"),
    (r"^a (?P<v>\w+) cannot be required$", "{v} 类型的题目不能设为必填"),
    (r"^has (?P<n>\d+) (?P<what>pages|fields|choices).*$", "{what_zh}太多（{n} 个）"),
    (r"^no 'survey' sheet$", "工作簿中没有 survey 工作表"),
    (r"^(?P<v>.*): no 'survey' sheet$", "{v}：工作簿中没有 survey 工作表"),
    (r"^Use a \.json, \.yaml, \.xlsx or \.xls file\.$", "请上传 .json、.yaml、.xlsx 或 .xls 文件"),
    (r"^The file is larger than (?P<n>\d+) MiB\.$", "文件超过 {n} MiB"),
    (r"^(?P<v>[^:]*): not an? (?:readable )?\.xlsx? workbook.*$", "{v}：无法读取这个 Excel 文件，请用 Excel 或 WPS 打开后重新保存"),
    (r"^(?P<v>\w+) version (?P<n>\d+) exists; the next version is (?P<m>\d+)$",
     "表单 {v} 已经有第 {n} 版：请把 settings 工作表的 version 改为 {m}，或删去 version 由平台自动编号"),
    (r"^more than (?P<n>\d+) rows.*$", "行数超过 {n} 行"),
))
_WHAT_ZH = {"pages": "页面", "fields": "题目", "choices": "选项"}
_LANG_ZH = {"zh_CN": "（中文）", "en_US": "（英文）"}

# A hint names the column or the words that fix the problem, beyond what the message says.
_HINTS: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = tuple((re.compile(en), words) for en, words in (
    (r"regex\(\)", {"zh_CN": "把正则表达式（不含 regex(., ...)）写到 pattern 一列，提示语写到 pattern_message 一列。",
                    "en_US": "Put the regular expression itself in the 'pattern' column and its message in"
                             " 'pattern_message'."}),
    (r"must be yes or no", {"zh_CN": "可以填：是、否、必填、选填、yes、no。",
                            "en_US": "Write yes, no, 是, 否, 必填 or 选填."}),
    (r"is not on the 'choices' sheet", {"zh_CN": "list_name 一列的名称要和 select_one 后面的名称完全一样。",
                                        "en_US": "The list_name on the choices sheet must match the name after"
                                                 " select_one exactly."}),
    (r"refers to unknown field", {"zh_CN": "${...} 中要写 survey 工作表 name 一列里的题目名称。",
                                  "en_US": "Inside ${...} write a question's name from the survey sheet's name"
                                           " column."}),
    (r"unknown column", {"zh_CN": "可以下载“Excel 模板”对照列名。",
                         "en_US": "Download the Excel template to compare the column names."}),
))


def _suggest(reason: str, column: str, vocabulary: Vocabulary) -> str:
    """The nearest known name to the misspelt one in ``reason``, or "" when nothing is close."""
    candidates: Sequence[str] = ()
    wrong = ""
    if (m := re.search(r"^type '(.*)' is not an XLSForm", reason)) is not None:
        wrong, candidates = m.group(1), vocabulary.types
    elif (m := re.search(r"choices list '(.*)' is not on", reason)) is not None:
        wrong, candidates = m.group(1), vocabulary.lists
    elif (m := re.search(r"refers to unknown field \$\{([^}]*)\}", reason)) is not None:
        wrong, candidates = m.group(1), vocabulary.fields
    elif reason.startswith("unknown column"):
        head, sep, lang = column.partition("::")
        near = difflib.get_close_matches(head.strip().lower(), vocabulary.columns, n=1, cutoff=0.6)
        return f"{near[0]}{sep}{lang}" if near else ""
    word, space, rest = wrong.strip().partition(" ")  # "select_on yes_no": the type is the first word
    near = difflib.get_close_matches(word.lower(), [c.lower() for c in candidates], n=1, cutoff=0.6)
    if not near:
        return ""
    return next(c for c in candidates if c.lower() == near[0]) + space + rest


def _reworded(message: str, table: Sequence[tuple[re.Pattern[str], str]], names: Mapping[str, Mapping[str, str]],
              fallback: str) -> str:
    """``message`` in the Chinese words of the first pattern of ``table`` it matches; ``names`` words each
    captured group ``g`` again as ``g_zh`` (or in place, when its key is the group's own name)."""
    for pattern, zh in table:
        m = pattern.match(message)
        if m:
            groups = {k: (v or "") for k, v in m.groupdict().items()}
            for key, words in names.items():
                source = key.removesuffix("_zh")
                groups[key] = words.get(groups.get(source, ""), "")
            return zh.format(**groups)
    return fallback.format(message)


def _chinese(message: str) -> str:
    return _reworded(message, _TEXTS, {"what_zh": _WHAT_ZH, "l": _LANG_ZH}, "表单检查未通过：{}")


# The converter's notes on an accepted workbook (contract.forms.xlsx), in Chinese for the console.
_NOTES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(en, re.DOTALL), zh) for en, zh in (
    (r"^sheet '(?P<s>[^']+)' column '(?P<c>[^']*)': terminals show Chinese and English; the language '(?P<v>.*)'"
     r" is not used$", "{s} 工作表的“{c}”列：终端只显示中文和英文，不使用“{v}”这种语言"),
    (r"^form_id '(?P<v>.*)' is used as '(?P<w>.*)'$", "表单编号“{v}”按“{w}”使用"),
    (r"^the form id '(?P<v>.*)' comes from the file name \(no form_id in a settings sheet\)$",
     "表单编号“{v}”取自文件名（settings 工作表中没有 form_id）"),
    (r"^the title '(?P<v>.*)' comes from the file name \(no form_title in a settings sheet\)$",
     "标题“{v}”取自文件名（settings 工作表中没有 form_title）"),
    (r"^sheet 'settings': (?P<v>.*) not used by terminals \(ignored\)$", "settings 工作表中的 {v} 终端不使用（已忽略）"),
    (r"^sheet 'survey' column '(?P<c>[^']*)' is not used by terminals \(ignored\)$",
     "survey 工作表的“{c}”列终端不使用（已忽略）"),
    (r"^sheet 'survey' row (?P<r>\d+): (?P<c>[^:]+): '(?P<v>.*)' is not a column of the choices sheet; it is read"
     r" as the text '.*'$", "survey 工作表第 {r} 行：{c} 中的“{v}”不是 choices 工作表的列名，按文字“{v}”读取"),
    (r"^this form is written only in (?P<v>Chinese|English): .* read as (?P<d>zh_CN|en_US), the upload's default"
     r" language\)$", "这张表单只写了{v_zh}：居民无论选择哪种语言都看到{v_zh}。要翻译，请添加 label::中文 (zh) 或"
     " label::English (en) 列（没有注明语言的 label 列按上传时选择的{d_zh}读取）"),
    (r"^(?P<n>\d+) texts are in one language only and are shown in that language in both$",
     "有 {n} 处文字只写了一种语言，中英文界面都显示这一种"),
))
_LANGUAGE_ZH = {"Chinese": "中文", "English": "英文", "zh_CN": "中文", "en_US": "英文"}


def note_words(note: str, lang: str) -> str:
    """A converter's note on an accepted workbook in ``lang`` (the notes are worded in English, like reasons)."""
    if lang != "zh_CN":
        return note
    return _reworded(note, _NOTES, {"v_zh": _LANGUAGE_ZH, "d_zh": _LANGUAGE_ZH}, "表格说明：{}")


def _column_of(message: str, column: str, what: str, headers: Sequence[str | None]) -> int | None:
    """The index of the column the problem is in: the one named, else the one the message starts with,
    else ``type`` for a choices list (it is named there), else ``name``."""
    wanted = [column] if column else []
    first = re.match(r"^(\w+)", message)
    if first:
        wanted.append(first.group(1))
    if "choices list" in message or not what and "type" in message:
        wanted.append("type")
    wanted.append("name")
    read = [read_header(h) for h in headers]  # 题型 is the type column, label::English (en) a label column
    for name in wanted:
        low = name.strip().lower()
        for i, col in enumerate(read):
            if col is not None and low in (col.header.strip().lower(), col.name):
                return i
    return None


def describe(reason: str, headers: Mapping[str, Sequence[str | None]] | None = None,
             vocabulary: Vocabulary | None = None) -> SheetProblem:
    """``reason`` as an author reads it; ``headers`` (sheet -> header cells) give the cell's column letter."""
    vocabulary = vocabulary or Vocabulary()
    m = _WHERE.match(reason)
    if m is None:
        return SheetProblem("", None, "", "", {"zh_CN": _chinese(reason), "en_US": reason}, source=reason)
    sheet, msg = m["sheet"], m["msg"]
    row = int(m["row"]) if m["row"] else None
    column = m["column"] or ""
    what = _WHAT.match(m["what"] or "")
    index = _column_of(msg, column, what["kind"] if what else "", (headers or {}).get(sheet, ()))
    cell = f"{sheet}!{column_letter(index) if index is not None else ''}{row}" if row else sheet
    place_zh = f"{sheet} 工作表第 {row} 行" if row else f"{sheet} 工作表"
    if what:
        kind_zh = {"field": "题目", "page": "页面", "list": "选项列表"}[what["kind"]]
        place_zh += f"（{kind_zh} {what['name']}）"
    en_where = f"Sheet {sheet}" + (f", row {row}" if row else "") + (f" ({m['what']})" if m["what"] else "")
    hint: dict[str, str] = {}
    for pattern, words in _HINTS:
        if pattern.search(msg):
            hint = dict(words)
            break
    return SheetProblem(
        sheet=sheet, row=row, column=column, cell=cell,
        text={"zh_CN": f"{place_zh}：{_chinese(msg)}", "en_US": f"{en_where}: {msg}"},
        hint=hint, suggestion=_suggest(msg, column, vocabulary), source=reason)
