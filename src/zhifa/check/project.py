"""Checks that need the whole document: ids, numbering, structure, variables, errata, fidelity.

Each check is a small function returning Problems; ``check_project`` runs them all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from zhifa.check.fidelity import check_fidelity
from zhifa.check.forms import check_forms
from zhifa.check.holidays import check_holidays
from zhifa.check.procedures import check_procedures
from zhifa.check.questions import check_questions
from zhifa.check.repeals import check_repeals
from zhifa.cite.numerals import LABEL_SHAPES, LABELLED, UNLABELLED, label_number, label_shapes, to_chinese
from zhifa.cite.scan import check_typed_citations
from zhifa.files.text import TextFileError
from zhifa.load.sources import source_lines
from zhifa.model.glossary import check_glossary
from zhifa.model.jurisdiction import Jurisdiction
from zhifa.model.problems import Position, Problem
from zhifa.model.project import Project
from zhifa.model.regulation import HEADINGS, ID_PREFIX, Regulation, StrictModel, Unit

SINGLETONS = {"preamble", "signature", "date"}
ALLOWED_CHILDREN: dict[str | None, set[str]] = {
    None: {"part", "chapter", "section", "article", "preamble", "signature", "date"},
    "part": {"chapter"},
    "chapter": {"subchapter", "article"},
    "subchapter": {"article"},
    "section": {"paragraph", "item"},
    "article": {"paragraph", "item"},
    "paragraph": {"item"},
    "item": {"subitem"},
}
# Articles are numbered through the whole regulation (across 编, 章 and 节); every other kind restarts under its
# parent: chapters under each part (民法典), or at the top level when there are no parts; sections at the top level.
DOCUMENT_WIDE = {"article"}
KIND_NAMES = {"part": "编", "chapter": "章", "subchapter": "节", "article": "条", "section": "部分", "paragraph": "款",
              "item": "项", "subitem": "目", "preamble": "序言", "signature": "落款", "date": "日期"}
CJK_SPACE = re.compile(r"[\u4e00-\u9fff，。；：、）] +[\u4e00-\u9fff（]")


def check_project(project: Project) -> list[Problem]:
    """Every problem of the loaded project (computed once per loaded project)."""
    if project.checked is None:
        project.checked = list(dict.fromkeys(_check(project)))  # a source file shared by several regulations: once
    return list(project.checked)


def _check(project: Project) -> list[Problem]:
    problems = list(project.problems)
    orders: dict[int, str] = {}
    for reg in project.ordered_regulations():
        problems += check_regulation(project.root, reg, project.jurisdiction)
        for past in reg.past:  # an earlier version is held to its own source as the current one is
            problems += check_regulation(project.root, past, project.jurisdiction)
        problems += check_version_dates(reg)
        if reg.order in orders:
            problems.append(reg.where("order").problem("R003", f"order {reg.order} 与 {orders[reg.order]} 重复"))
        orders.setdefault(reg.order, reg.id)
    problems += check_glossary(project.glossary, project.regulations, project.broken)
    problems += check_forms(project)
    problems += check_questions(project)
    problems += check_procedures(project)
    problems += check_holidays(project)
    problems += check_repeals(project)
    problems += check_typed_citations(project)
    return problems


def check_version_dates(reg: Regulation) -> list[Problem]:
    """Versions in date order, each later than the one before (VR04)."""
    problems = []
    for before, after in zip(reg.versions, reg.versions[1:]):
        if after.date <= before.date:
            problems.append(reg.where("versions").problem(
                "VR04", f"versions 须按施行日期先后排列：{after.shown}不晚于前一版本的{before.shown}"))
    return problems


def check_regulation(root: Path, reg: Regulation, jur: Jurisdiction) -> list[Problem]:
    problems: list[Problem] = []
    problems += check_ids(reg)
    problems += check_structure(reg)
    problems += check_numbering(reg)
    problems += check_variables(reg, jur)
    problems += check_text(reg)
    problems += check_errata(reg)
    problems += check_source(root, reg)
    if not problems:
        problems += check_fidelity(root, reg, jur)
    return problems


def check_ids(reg: Regulation) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Position] = {}
    for unit in reg.walk():
        if unit.id in seen:
            first = seen[unit.id]
            problems.append(unit.where("id").problem("I001", f"id“{unit.id}”重复（第 {first.line} 行已使用）：每个条文单元的 id 必须唯一"))
        else:
            seen[unit.id] = unit.where("id")
    return problems


def check_structure(reg: Regulation) -> list[Problem]:
    problems = []
    for unit in reg.walk():
        parent_kind = unit.parent.kind if unit.parent else None
        allowed = ALLOWED_CHILDREN.get(parent_kind, set())
        if unit.kind not in allowed:
            where = f"“{KIND_NAMES.get(parent_kind, parent_kind)}”之下" if parent_kind else "顶层"
            names = "、".join(sorted(KIND_NAMES[k] for k in allowed)) or "无"
            problems.append(unit.where("kind").problem("K001", f"{where}不能放“{KIND_NAMES[unit.kind]}”（{unit.kind}）；可放：{names}"))
        kinds = {c.kind for c in unit.children}
        if {"paragraph", "item"} <= kinds:
            problems.append(unit.where("children").problem("K002", f"“{unit.id}”的下级不能同时有款和项：多款时，项应放在所属的款之下"))
        if not unit.children and not unit.text and unit.kind not in HEADINGS:
            problems.append(unit.pos.problem("T002", f"“{unit.id}”没有正文（text）也没有下级单元"))
        if unit.kind == "paragraph" and unit.parent and unit.text is None:
            problems.append(unit.pos.problem("T002", f"款“{unit.id}”缺少正文（text）"))
    return problems


def _expected_id(unit: Unit, number: int | None) -> str | None:
    own: str
    if unit.kind in SINGLETONS:
        own = unit.kind
    elif number is None:
        return None
    else:
        own = f"{ID_PREFIX[unit.kind]}_{number}"
    return f"{unit.parent.id}__{own}" if unit.parent else own


def check_numbering(reg: Regulation, gaps: list[Problem] | None = None) -> list[Problem]:
    """Labels, ids and numbering. A gap or an order the source itself has (the id follows the label as written,
    and fidelity holds the label to the source) is no error: it goes to ``gaps`` as warning W002, if given."""
    problems = []
    counters: dict[tuple, int] = defaultdict(int)
    for unit in reg.walk():
        number: int | None = None
        if unit.kind in LABELLED:
            if unit.label is None:
                problems.append(unit.pos.problem(
                    "N003", f"“{unit.id}”缺少 label（{KIND_NAMES[unit.kind]}的编号，照原文写，如 {label_shapes(unit.kind)}）"))
                continue
            number = label_number(unit.kind, unit.label)
            if number is None:
                problems.append(unit.where("label").problem(
                    "N001", f"label“{unit.label}”不是{KIND_NAMES[unit.kind]}的编号格式（应为 {label_shapes(unit.kind)}）"))
                continue
        elif unit.kind in UNLABELLED and unit.label is not None:
            problems.append(unit.where("label").problem("N003", f"{KIND_NAMES[unit.kind]}没有编号，请删除 label“{unit.label}”"))
        key = (unit.kind,) if unit.kind in DOCUMENT_WIDE else (unit.kind, unit.parent.id if unit.parent else None)
        counters[key] += 1
        expected_number = counters[key]
        wrong_label = False  # the id fits the unit's place, the label does not: the label was mistyped
        if unit.kind == "paragraph":
            number = expected_number
        elif number is not None and number != expected_number:
            previous = f"第 {expected_number - 1} 个{KIND_NAMES[unit.kind]}之后" if expected_number > 1 else "开头"
            gap = f"编号不连续：{previous}应为第 {expected_number} 个，此处 label“{unit.label}”表示第 {number} 个"
            wrong_label = unit.id == _expected_id(unit, expected_number)
            if not wrong_label and unit.id == _expected_id(unit, number):  # as the source has it
                if gaps is not None:
                    gaps.append(unit.where("label").problem("W002", f"{gap}（原文如此，照录）：请与原件核对"))
            else:
                problems.append(unit.where("label").problem("N002", gap))
            if not wrong_label:  # a real gap: number on from the label, so the units after it are not all flagged
                counters[key] = number
        if wrong_label:  # only a unit whose label was read as a number (so it has one)
            problems.append(unit.where("label").problem(
                "I002", f"label“{unit.label}”与 id 和位置不符：这是第 {expected_number} 个{KIND_NAMES[unit.kind]}，"
                        f"id“{unit.id}”也与此相符；请把 label 改为“{_relabel(unit.kind, unit.label or '', expected_number)}”"))
            continue
        expected = _expected_id(unit, number)
        if expected is not None and unit.id != expected:
            problems.append(unit.where("id").problem(
                "I002", f"id“{unit.id}”与 label{f'“{unit.label}”' if unit.label else '和位置'}不符：请把 id 改为“{expected}”"))
    return problems


def _relabel(kind: str, label: str, number: int) -> str:
    """``label`` written with ``number`` instead of its own (第六条 → 第五条, （六） → （五）, 6、 → 5、)."""
    for shape in LABEL_SHAPES[kind]:
        m = shape.match(label)
        if m:
            written = str(number) if m.group(1).isdigit() else to_chinese(number)
            return label[: m.start(1)] + written + label[m.end(1) :]
    return label


def _texts(reg: Regulation) -> Iterable[tuple[StrictModel, str, str]]:
    for name in ("title", "short_title", "issuer", "scope", "effective"):
        yield reg, name, getattr(reg, name)
    for i, line in enumerate(reg.history):
        yield reg, f"history.{i}", line
    for unit in reg.walk():
        for name in ("label", "heading", "text"):
            if getattr(unit, name):
                yield unit, name, getattr(unit, name)
    for note in reg.notes:
        yield note, "text", note.text


def check_variables(reg: Regulation, jur: Jurisdiction) -> list[Problem]:
    problems = []
    known = "、".join(sorted(jur.root)) or "（无）"
    for owner, name, text in _texts(reg):
        for bad in jur.unknown(text):
            problems.append(owner.where(name).problem(
                "V001", f"未定义的变量 {bad}：可用变量在 data/jurisdiction.yaml 中定义（现有：{known}）"))
    return problems


def check_text(reg: Regulation) -> list[Problem]:
    problems = []
    for unit in reg.walk():
        if unit.text and CJK_SPACE.search(unit.text):
            problems.append(unit.where("text").problem(
                "T001", "正文中汉字之间有空格：多半是 YAML 把折行变成了空格；请把正文写在一行内，或确认原文如此并登记勘误"))
    return problems


def check_errata(reg: Regulation) -> list[Problem]:
    problems = []
    for erratum in reg.errata:
        unit = reg.unit(erratum.unit)
        if unit is None:
            problems.append(erratum.where("unit").problem("E001", f"勘误所指条文单元“{erratum.unit}”不存在"))
            continue
        count = (unit.text or "").count(erratum.corrected) if erratum.corrected else 0
        if count != 1:
            problems.append(erratum.where("corrected").problem(
                "E002", f"更正后的文字“{erratum.corrected}”应在“{unit.id}”的正文中恰好出现一次，实际 {count} 次"))
        if erratum.original == erratum.corrected:
            problems.append(erratum.where("corrected").problem("E003", "更正后的文字与原文相同：不是勘误，请删除"))
    for note in reg.notes:
        if note.unit is not None and reg.unit(note.unit) is None:
            problems.append(note.where("unit").problem("E001", f"注释所指条文单元“{note.unit}”不存在"))
    return problems


def check_source(root: Path, reg: Regulation) -> list[Problem]:
    path = root / reg.source.file
    if not path.is_file():
        return [reg.source.where("file").problem("R004", f"原文文件“{reg.source.file}”不存在")]
    try:
        count = len(source_lines(path, reg.source.file))
    except TextFileError as exc:  # GBK, Word, binary, control characters: named, with the fix
        return [exc.problem]
    previous = 0
    for first, last in reg.source.ranges:
        if not 1 <= first <= last <= count:
            return [reg.source.where("lines").problem("R005", f"行号范围 {reg.source.lines} 超出原文（共 {count} 行）")]
        if first <= previous:
            return [reg.source.where("lines").problem(
                "R005", f"行号范围 {reg.source.lines} 须按顺序排列且互不重叠（{first}-{last} 不在第 {previous} 行之后）")]
        previous = last
    return []
