"""What the documents must print, worked out from the data files alone, for the form, checklist and exam tests.

Everything here reads the YAML with plain PyYAML and formats it with small functions of its own, following what the
README says a citation looks like (《title》第四条第二款, 《…》（十一）第4项, 《…》第二部分第1项第（3）目; several
citations of one regulation joined as 《…》第十四条、第九条). Nothing is imported from ``zhifa``: a wrong citation
renderer, view or loader in the program cannot make these expectations wrong with it.

Amounts in words (大写) are not computed at all: ``AMOUNTS`` is a table of cases written out by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "templates" / "forms"
CHECKLISTS = ROOT / "templates" / "checklists"
FORM_EXAMPLES = ROOT / "data" / "examples" / "forms"
CHECKLIST_EXAMPLES = ROOT / "data" / "examples" / "checklists"
QUESTIONS = ROOT / "data" / "questions"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- jurisdiction variables


@cache
def jurisdiction() -> dict[str, str]:
    return {name: entry["value"] for name, entry in load(ROOT / "data" / "jurisdiction.yaml").items()}


def render(text: str | None, **extra: str) -> str:
    """``{{ county }}`` → ****县 (and any ``extra`` variables, such as ``year``)."""
    values = {**jurisdiction(), **extra}
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: values[m.group(1)], text or "")


# ---------------------------------------------------------------- citations

_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 21 → 二十一 (paragraph numbers never come near 100)."""
    assert 0 < n < 100, n
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("" if tens == 1 else _DIGITS[tens]) + "十") + ("" if ones == 0 else _DIGITS[ones])


@dataclass
class Unit:
    id: str
    kind: str
    label: str
    parent: Unit | None
    paragraph: int = 0            # paragraphs: 1, 2, … among the paragraphs of the same parent


@dataclass
class Regulation:
    id: str
    title: str                    # rendered
    units: dict[str, Unit]


@cache
def regulations() -> dict[str, Regulation]:
    out = {}
    for path in sorted((ROOT / "regulations").glob("*.yaml")):
        data = load(path)
        units: dict[str, Unit] = {}

        def add(raw_units, parent, units):
            paragraphs = 0
            for raw in raw_units or []:
                unit = Unit(raw["id"], raw["kind"], raw.get("label") or "", parent)
                if unit.kind == "paragraph":
                    paragraphs += 1
                    unit.paragraph = paragraphs
                units[unit.id] = unit
                add(raw.get("children"), unit, units)

        add(data["units"], None, units)
        out[path.stem] = Regulation(path.stem, render(data["title"]), units)
    return out


def _part(unit: Unit) -> str:
    """One level of a unit's name, as a citation writes it."""
    label = unit.label
    if unit.kind == "article":
        m = re.fullmatch(r"[（(]([一二三四五六七八九十]+)[）)]、?", label)   # （七） and (七)、 are cited as （七）
        return f"（{m[1]}）" if m else label                               # 第十四条 as written
    if unit.kind == "chapter":
        return label
    if unit.kind == "paragraph":
        return f"第{chinese(unit.paragraph)}款"
    if unit.kind == "section":
        return f"第{label.rstrip('、')}部分"                               # 二、 → 第二部分
    if unit.kind == "item":
        return f"第{label.rstrip('、')}项"                                 # 1、 → 第1项
    if unit.kind == "subitem":
        return f"第（{label.strip('（）()')}）目"                          # （3） → 第（3）目
    return {"preamble": "序言", "signature": "落款", "date": "落款日期"}[unit.kind]


def unit_path(reg_id: str, unit_id: str) -> str:
    """第十四条, 第四条第二款, （十一）第4项, 第二部分第1项第（3）目; a chapter is named only when no article is."""
    unit = regulations()[reg_id].units[unit_id]
    chain = []
    while unit is not None:
        chain.insert(0, unit)
        unit = unit.parent
    if any(u.kind == "article" for u in chain):
        chain = [u for u in chain if u.kind != "chapter"]
    return "".join(_part(u) for u in chain)


def formal(cite: dict) -> str:
    """《full title》 and the unit's name."""
    return f"《{regulations()[cite['regulation']].title}》{unit_path(cite['regulation'], cite['unit'])}"


def grouped(cites: list[dict]) -> str:
    """Each regulation named once, its units joined by 、 in the order first cited, regulations joined by ；."""
    by_reg: dict[str, list[str]] = {}
    for c in cites:
        paths = by_reg.setdefault(c["regulation"], [])
        path = unit_path(c["regulation"], c["unit"])
        if path not in paths:
            paths.append(path)
    return "；".join(f"《{regulations()[reg].title}》{'、'.join(paths)}" for reg, paths in by_reg.items())


def distinct_formal(cites: list[dict]) -> list[str]:
    return list(dict.fromkeys(formal(c) for c in cites))


def basis_line(cites: list[dict]) -> str:
    """The line under a form's or checklist's title: 依据《…》第十四条、第九条."""
    return "依据" + grouped(cites)


def cite_line(cites: list[dict]) -> str:
    """Under a section or field of a form: 依据：《…》第十四条；《…》第九条."""
    return "依据：" + "；".join(distinct_formal(cites))


# ---------------------------------------------------------------- amounts in words, written out by hand

# (amount as typed in the case file, what the form prints). The convention is the one cn2an's "rmb" mode follows
# and the 《支付结算办法》 rules allow: 元整 when there are no 角 or 分; nothing after 角; 零 for a zero 角 before
# a 分 (100.05 → 壹佰元零伍分); one 零 for a run of zeros inside the number (1001 → 壹仟零壹元整); a zero at the
# 万 or 元 place followed by a non-zero 千 or 角 place is not written (107000.53 → 壹拾万柒仟元伍角叁分, one of the
# forms the rules allow); 10 is 壹拾, not 拾; zero is 零元整. The figure is printed with two decimals and
# thousands separators. Each case below was worked out by hand, digit by digit.
AMOUNTS: list[tuple[str, str]] = [
    ("0", "0.00元（大写：零元整）"),
    ("0.01", "0.01元（大写：壹分）"),
    ("0.5", "0.50元（大写：伍角）"),
    ("1", "1.00元（大写：壹元整）"),
    ("1.10", "1.10元（大写：壹元壹角）"),
    ("10", "10.00元（大写：壹拾元整）"),
    ("10.5", "10.50元（大写：壹拾元伍角）"),
    ("100.05", "100.05元（大写：壹佰元零伍分）"),
    ("101", "101.00元（大写：壹佰零壹元整）"),
    ("1001", "1,001.00元（大写：壹仟零壹元整）"),
    ("1010.1", "1,010.10元（大写：壹仟零壹拾元壹角）"),
    ("6007.14", "6,007.14元（大写：陆仟零柒元壹角肆分）"),
    ("12345.67", "12,345.67元（大写：壹万贰仟叁佰肆拾伍元陆角柒分）"),
    ("16409.02", "16,409.02元（大写：壹万陆仟肆佰零玖元零贰分）"),
    ("36000", "36,000.00元（大写：叁万陆仟元整）"),
    ("100010", "100,010.00元（大写：壹拾万零壹拾元整）"),
    ("107000.53", "107,000.53元（大写：壹拾万柒仟元伍角叁分）"),
    ("1000000.01", "1,000,000.01元（大写：壹佰万元零壹分）"),
    ("10000001", "10,000,001.00元（大写：壹仟万零壹元整）"),
    ("100000000", "100,000,000.00元（大写：壹亿元整）"),
]
AMOUNT_DISPLAY = {Decimal(typed): shown for typed, shown in AMOUNTS}


# ---------------------------------------------------------------- forms


@dataclass
class Field:
    id: str
    type: str
    label: str
    help: str
    options: list[str]
    columns: list[tuple[str, str]]
    basis: str | None             # 依据：… when the field cites something
    rows: int = 0                 # persons: rows asked for
    min_items: int = 0            # persons: at least this many people

    def person_rows(self, people: list | None = None) -> int:
        """Rows a person list prints: what the form asks for, at least one, and one per person given."""
        return max(self.rows, self.min_items, len(people or []), 1)


@dataclass
class Section:
    title: str
    text: str
    basis: str | None
    fields: list[Field]


@dataclass
class Form:
    id: str
    title: str
    number_pattern: str | None
    issuer: str | None
    basis_line: str
    sections: list[Section]
    rule_basis: list[str] = field(default_factory=list)   # （依据…） of the computed tables and notices
    rules: list[dict] = field(default_factory=list)

    def fields(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields]

    def number(self, year: int | None) -> str | None:
        """The document number; a blank form leaves the year as four ideographic spaces."""
        if not self.number_pattern:
            return None
        return render(self.number_pattern, year=str(year) if year else "\u3000" * 4)


def form_ids() -> list[str]:
    return sorted(p.stem for p in FORMS.glob("*.yaml"))


@cache
def expected_form(form_id: str) -> Form:
    data = load(FORMS / f"{form_id}.yaml")
    deadlines = load(ROOT / "data" / "deadlines.yaml")
    sections = []
    for s in data["sections"]:
        fields = [Field(f["id"], f["type"], f["label"], f.get("help") or "", list(f.get("options") or []),
                        [(c["id"], c["label"]) for c in f.get("columns") or []],
                        cite_line(f["basis"]) if f.get("basis") else None, f.get("rows") or 0,
                        f.get("min_items") or 0) for f in s["fields"]]
        sections.append(Section(s["title"], render(s.get("text")), cite_line(s["basis"]) if s.get("basis") else None,
                                fields))
    rule_basis = ["（依据" + "、".join(distinct_formal(deadlines[r["deadline"]]["basis"])) + "）"
                  for r in data.get("rules") or [] if r["kind"] in ("report_deadlines", "appeal_period")]
    return Form(form_id, render(data["title"]), data.get("number_pattern"),
                render(data["issuer"]) if data.get("issuer") else None, basis_line(data["basis"]), sections,
                rule_basis, list(data.get("rules") or []))


REPORT_HEADERS = ["报告对象", "时限", "最迟上报时间", "实际上报时间", "状态"]


def _datetime(raw: Any) -> dt.datetime:
    return raw if isinstance(raw, dt.datetime) else dt.datetime.strptime(str(raw), "%Y-%m-%d %H:%M")


def _datetime_cn(t: dt.datetime) -> str:
    return f"{t.year}年{t.month}月{t.day}日{t.hour}时{t.minute:02d}分"


def report_tables(form_id: str, case: dict | None = None) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, headers, rows) of each reporting-deadline table: per level of data/deadlines.yaml its label, the
    time limit, the last moment (incident time plus the level's hours), the reported time and 按时 / 逾期 (reported
    after the last moment) / 未报 (no time given); a blank form leaves the last three columns empty."""
    deadlines = load(ROOT / "data" / "deadlines.yaml")
    out = []
    for rule in expected_form(form_id).rules:
        if rule["kind"] != "report_deadlines":
            continue
        d = deadlines[rule["deadline"]]
        title = f"{d['title']}（依据{'、'.join(distinct_formal(d['basis']))}）"
        occurred = _datetime(case[rule["occurred_field"]]) if case and case.get(rule["occurred_field"]) else None
        rows = []
        for level in d["levels"]:
            row = [level["label"], f"{d['start']}后{level['hours']}小时内", "", "", ""]
            if occurred is not None:
                due = occurred + dt.timedelta(hours=level["hours"])
                given = case.get(rule["reported_fields"].get(level["id"], ""))
                reported = _datetime(given) if given else None
                state = "未报" if reported is None else ("逾期" if reported > due else "按时")
                row[2:] = [_datetime_cn(due), _datetime_cn(reported) if reported else "", state]
            rows.append(row)
        out.append((title, REPORT_HEADERS, rows))
    return out


def as_date(raw: Any) -> dt.date:
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))


def shown_value(f: Field, raw: Any) -> str:
    """How a value typed in a case file is printed: dates 2025年3月5日, times 2025年3月5日14时30分, amounts from
    the hand-written table, lists joined by 、, people by ，and ；."""
    if raw is None or raw == "" or raw == []:
        return ""
    if f.type == "multiline":
        return str(raw).rstrip("\n")
    if f.type == "date":
        d = as_date(raw)
        return f"{d.year}年{d.month}月{d.day}日"
    if f.type == "datetime":
        return _datetime_cn(_datetime(raw))
    if f.type == "amount":
        value = Decimal(str(raw))
        assert value in AMOUNT_DISPLAY, f"add {raw} to AMOUNTS in tests/expected_support.py, worked out by hand"
        return AMOUNT_DISPLAY[value]
    if f.type == "checkbox":
        return "是" if raw is True else "否"
    if f.type == "multichoice":
        return "、".join(raw if isinstance(raw, list) else [raw])
    if f.type == "persons":
        return "；".join("，".join(str(row[c]) for c, _ in f.columns) for row in raw)
    if f.type == "idcard":
        return str(raw).strip().upper()
    return str(raw)


def example_case(form_id: str) -> dict:
    return load(FORM_EXAMPLES / f"{form_id}.yaml")


def example_year(form_id: str) -> int:
    """The year ``zhifa fill`` puts into the document number: that of the first date in the case file."""
    form = expected_form(form_id)
    case = example_case(form_id)
    for f in form.fields():
        if f.type in ("date", "datetime") and case.get(f.id):
            return int(str(case[f.id])[:4])
    raise AssertionError(f"{form_id}: the example has no date")


# ---------------------------------------------------------------- checklists


@dataclass
class Item:
    id: str
    number: str                   # 1.1, 1.2 … (group.item)
    text: str
    method: str
    answer: str
    basis: str                    # 《…》第二部分第1项第（1）目
    quote: str
    attention: str                # the yes/no answer that marks a problem (否 unless the item says 是)


@dataclass
class Group:
    title: str
    items: list[Item]


@dataclass
class Note:
    title: str
    text: str
    basis: str                    # 依据《…》…


@dataclass
class Checklist:
    id: str
    title: str
    basis_line: str
    groups: list[Group]
    notes: list[Note]
    header: list[dict]            # the header fields as the template states them (id, label, type)

    def items(self) -> list[Item]:
        return [i for g in self.groups for i in g.items]


def checklist_ids() -> list[str]:
    return sorted(p.stem for p in CHECKLISTS.glob("*.yaml"))


@cache
def expected_checklist(cid: str) -> Checklist:
    data = load(CHECKLISTS / f"{cid}.yaml")
    groups = []
    for gi, g in enumerate(data["groups"], 1):
        items = [Item(i["id"], f"{gi}.{ii}", render(i["text"]), render(i["method"]), i["answer"], formal(i["basis"]),
                      render(i["basis"]["quote"]), i.get("attention", "否")) for ii, i in enumerate(g["items"], 1)]
        groups.append(Group(render(g["title"]), items))
    notes = [Note(render(n["title"]), render(n["text"]), basis_line(n["basis"])) for n in data.get("notes") or []]
    return Checklist(cid, render(data["title"]), basis_line(data["basis"]), groups, notes, list(data["header"]))


# ---------------------------------------------------------------- the question bank


@dataclass
class Question:
    id: str
    type: str
    stem: str
    case: str | None              # scenario questions
    options: list[str]            # rendered, in the bank's order
    answer: Any                   # letters (choice), true/false, or the list of blanks' words
    explanation: str
    basis: list[dict]

    def correct(self) -> list[str]:
        """The correct options' words (choice and scenario questions)."""
        return [self.options["ABCDEFG".index(x)] for x in self.answer] if self.options else []


@cache
def question_bank() -> dict[str, Question]:
    out = {}
    for path in sorted(QUESTIONS.glob("*.yaml")):
        for q in load(path)["questions"]:
            out[q["id"]] = Question(q["id"], q["type"], render(q["stem"]).strip(),
                                    render(q["case"]).strip() if q.get("case") else None,
                                    [render(o).strip() for o in q.get("options") or []], q["answer"],
                                    render(q["explanation"]).strip(), q["basis"])
    return out
