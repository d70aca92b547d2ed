"""Property-based tests (hypothesis): whatever a person types, zhifa answers with located problems or a correct file.

* the YAML loader: arbitrary text, and real files broken in arbitrary ways, written as a regulation, a form's case
  file or a checklist's answers file, give a list of problems (``path:line:col: CODE message``) or success; never
  an exception;
* ``zhifa fill``: arbitrary field text (CJK with Ext-B, punctuation, ``< & "``, a leading ``= + - @``, whitespace,
  control characters) in a single-line and a multi-line field of a form (Word, PDF) and of a checklist (Word, PDF,
  Excel) is refused with a problem naming the field when the form rules forbid it (control characters; a newline in
  a single-line field), written otherwise, and comes back unchanged from python-docx, pypdf and openpyxl;
* the citation finder: arbitrary text never raises, every citation found lies within the text and is the text's own
  substring, and the position reported for it maps back to that substring in the file.

Example counts are bounded so that each property takes a few seconds; PDF fills (about a second each) get ten.
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from docx import Document as WordDocument
from docx.oxml.ns import qn
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import ROOT
from zhifa.app.fill import fill
from zhifa.check.project import check_project
from zhifa.cite.scan import Catalog, check, resolve
from zhifa.cite.texts import ScanText, Source
from zhifa.load.loader import load_project
from zhifa.load.yamlio import YamlError, parse_yaml
from zhifa.model.problems import Problem

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FORM, FORM_EXAMPLE = "onsite-inspection", ROOT / "data/examples/forms/onsite-inspection.yaml"
LINE_FIELD, TEXT_FIELD = "place", "party_opinion"            # type text and type multiline in the form's YAML
CHECKLIST, CHECKLIST_EXAMPLE = "self-inspection", ROOT / "data/examples/checklists/self-inspection.yaml"
HEADER_FIELD, REMARK_ITEM = "unit", "g2_2"                   # a text header field; an item whose example has a remark
REGULATION = "major-case"
PROBLEM_LINE = re.compile(r"^[^:\n]+:\d+:\d+: [A-Z]+\d+ \S")

# ---------------------------------------------------------------- strategies

# What people type: CJK (Ext-A/B included), full-width punctuation, markup and YAML characters, spreadsheet formula
# starts, all kinds of spaces; and what slips in when they paste: control and format characters, noncharacters.
TYPED = ["𠮷", "䶮", "堃", "喆", "生", "自", "日", "月", "张某", "，", "。", "、", "；", "：", "“", "”", "《", "》", "（", "）",
         "<", ">", "&", "&amp;", '"', "'", "\\", "{{ county }}", "{%", "#", ": ", "- ", " ", "  ", "\u3000", "\u00a0",
         "\u200b", "\u2028", "\ufffd", "\U0001f600", "\n"]
PASTED = ["\t", "\r", "\x00", "\x07", "\x1b", "\x85", "\ufeff", "\u202e", "\u200d", "\ufffe", "\uffff", "\ufdd0",
          "\U0010fffe"]
@st.composite
def field_text(draw, pasted: bool = True, newlines: bool = True) -> str:
    """A value as typed, sometimes with one or two pasted characters inside."""
    typed = [t for t in TYPED if newlines or t != "\n"]
    parts = draw(st.lists(st.one_of(st.sampled_from(typed), st.characters(exclude_categories=("Cs", "Cc", "Cf"))),
                          max_size=20))
    junk = draw(st.one_of(st.just([]), st.lists(st.sampled_from(PASTED), min_size=1, max_size=2))) if pasted else []
    at = draw(st.integers(0, len(parts)))
    lead = draw(st.sampled_from(["", "=", "+", "-", "@", " ", "=SUM(A1:A2)", "@cmd", "-1", *(["\n"] * newlines)]))
    return lead + "".join(parts[:at] + junk + parts[at:])


# (single-line value, multi-line value): one of them anything, the other one acceptable, so that what makes the one
# refused or kept is seen on its own.
two_values = st.one_of(st.tuples(field_text(), field_text(pasted=False)),
                       st.tuples(field_text(pasted=False, newlines=False), field_text()))


def yaml_quoted(value: str, escape_all: bool) -> str:
    """``value`` as a YAML double-quoted scalar: what an officer's editor would save (``escape_all`` False: the
    characters as they are, control characters and line separators escaped) or a tool's (every non-ASCII escaped)."""
    out = []
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F or ch in "\u2028\u2029\ufeff" or (escape_all and code > 0x7E):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


NONCHARACTERS = {*map(chr, range(0xFDD0, 0xFDF0)), *(chr(plane + last) for plane in range(0, 0x110000, 0x10000)
                                                      for last in (0xFFFE, 0xFFFF))}   # Unicode §23.7


def breaks_the_rules(value: str, multiline: bool) -> bool:
    """The form rules (README, Forms): invisible control or format characters (Unicode Cc, Cf; the zero-width space
    excepted) and noncharacters are refused, and so is a line break in a single-line field."""
    if "\n" in value and not multiline:
        return True
    return any(ch in NONCHARACTERS or unicodedata.category(ch) in ("Cc", "Cf") and ch != "\u200b"
               and not (multiline and ch == "\n") for ch in value)


def yaml_printable(value: str) -> bool:
    """Whether a YAML file may hold these characters as they are (YAML 1.1 §5.1, as PyYAML reads it)."""
    return all(ch in "\t\n\r\x85" or 0x20 <= ord(ch) <= 0x7E or 0xA0 <= ord(ch) <= 0xD7FF
               or 0xE000 <= ord(ch) <= 0xFFFD or ord(ch) >= 0x10000 for ch in value)


# ---------------------------------------------------------------- readers (python-docx, pypdf, openpyxl)


def docx_control_text(path: Path, tag: str) -> str:
    """The text of the content control tagged ``tag``: its w:t joined, w:br read as a newline, w:tab as a tab;
    empty when the control is flagged as showing its placeholder."""
    body = WordDocument(str(path)).element.body
    found = [sdt for sdt in body.iter(qn("w:sdt"))
             if (t := sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")) is not None and t.get(qn("w:val")) == tag]
    assert len(found) == 1, f"{tag}: {len(found)} controls"
    if found[0].find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}") is not None:
        return ""                                                           # Word shows a hint, the value is empty
    pieces = {qn("w:br"): "\n", qn("w:tab"): "\t"}
    content = found[0].find(qn("w:sdtContent"))
    return "".join(pieces.get(n.tag) or n.text or "" for n in content.iter(qn("w:t"), qn("w:br"), qn("w:tab")))


def pdf_field_value(path: Path, name: str) -> str:
    fields = PdfReader(str(path)).get_fields() or {}
    assert name in fields, sorted(fields)
    return str(fields[name].get("/V", ""))


@functools.lru_cache(maxsize=2)
def _workbook(path: str, mtime_ns: int):
    return load_workbook(path)


# ---------------------------------------------------------------- helpers


class Loaded:
    """The session's project under a short name: hypothesis prints every argument of a failing example."""

    def __init__(self, project):
        self.project = project

    def __repr__(self) -> str:
        return "<the project>"


@pytest.fixture(scope="module")
def loaded(project) -> Loaded:
    return Loaded(project)



def assert_located(problems: list[Problem]) -> None:
    assert problems, "refused without a problem"
    for p in problems:
        assert isinstance(p, Problem), p
        assert p.line >= 1 and p.col >= 1, p
        assert PROBLEM_LINE.match(p.format()), p.format()


def replace_line(text: str, key: str, new: str, indent: str = "") -> str:
    pattern = re.compile(rf"^{re.escape(indent + key)}:.*$", re.M)
    assert len(pattern.findall(text)) == 1, key
    return pattern.sub(lambda m: f"{indent}{key}: {new}", text)


@contextmanager
def fill_one(project, case_text: str, out_suffix: str, item: str = FORM):
    """Fill ``item`` from ``case_text`` in a temporary folder: (result, the written file or None)."""
    with tempfile.TemporaryDirectory() as tmp:
        case, out = Path(tmp) / "case.yaml", Path(tmp) / f"out{out_suffix}"
        case.write_text(case_text, encoding="utf-8")
        result = fill(project.root, item, case, out, project=project)
        if not out.exists():
            assert sorted(p.name for p in Path(tmp).iterdir()) == ["case.yaml"], "a refused fill left files behind"
        yield result, (out if out.exists() else None)


def check_fill(project, item: str, case_text: str, suffix: str, single: str, multi: str, escape_all: bool,
               read) -> None:
    """Fill with ``single`` in a required single-line field and ``multi`` in a multi-line one; then either the
    rules refuse it (with located problems, nothing written) or both come back as written."""
    must_refuse = breaks_the_rules(single, multiline=False) or breaks_the_rules(multi, multiline=True) or single == ""
    may_refuse = not escape_all and not yaml_printable(single + multi)    # the YAML file itself cannot hold them
    with fill_one(project, case_text, suffix, item) as (result, out):
        if out is None:
            assert must_refuse or may_refuse, [p.format() for p in result.problems]
            assert_located(result.problems)
            return
        assert not must_refuse, f"written although the rules refuse it: {single!r} / {multi!r}"
        assert read(out, "single") == single
        assert read(out, "multi") == multi.rstrip("\n")   # a multi-line value's trailing newlines are dropped


# ---------------------------------------------------------------- fill: forms


def _form_case(single: str, multi: str, escape_all: bool) -> str:
    text = FORM_EXAMPLE.read_text(encoding="utf-8")
    text = replace_line(text, LINE_FIELD, yaml_quoted(single, escape_all))
    return replace_line(text, TEXT_FIELD, yaml_quoted(multi, escape_all))


def _form(project, single, multi, escape_all, suffix, read_field):
    check_fill(project, FORM, _form_case(single, multi, escape_all), suffix, single, multi, escape_all,
               lambda out, which: read_field(out, LINE_FIELD if which == "single" else TEXT_FIELD))


@FAST
@given(two_values, st.booleans())
@example(("某镇", "意见\ufffe"), True)    # found by this test: lxml raised ValueError (a traceback) for U+FFFE
def test_form_fill_to_word_refuses_or_keeps_the_text(loaded, values, escape_all):
    single, multi = values
    project = loaded.project
    _form(project, single, multi, escape_all, ".docx", docx_control_text)


@SLOW
@given(two_values, st.booleans())
def test_form_fill_to_pdf_refuses_or_keeps_the_text(loaded, values, escape_all):
    single, multi = values
    project = loaded.project
    _form(project, single, multi, escape_all, ".pdf", pdf_field_value)


# ---------------------------------------------------------------- fill: checklists


def _checklist_answers(single: str, multi: str, escape_all: bool) -> str:
    text = CHECKLIST_EXAMPLE.read_text(encoding="utf-8")
    text = replace_line(text, HEADER_FIELD, yaml_quoted(single, escape_all), indent="  ")
    item = re.compile(rf"^  {REMARK_ITEM}:\n    answer: .*\n    remark: .*$", re.M)
    assert len(item.findall(text)) == 1
    return item.sub(lambda m: m.group(0).rsplit("remark: ", 1)[0] + "remark: " + yaml_quoted(multi, escape_all), text)


def _names(which: str) -> str:
    return f"header.{HEADER_FIELD}" if which == "single" else f"{REMARK_ITEM}.remark"


def _xlsx_text(project, out: Path, which: str):
    wb = _workbook(str(out), out.stat().st_mtime_ns)
    if which == "single":
        sheet, ref = wb.defined_names[f"header_{HEADER_FIELD}"].attr_text.split("!")
        cell = wb[sheet.strip("'")][ref.replace("$", "")]
    else:                                      # the item rows are those numbered 1.1, 1.2 …; 备注 is column F
        ws = wb.active
        rows = [r for r in range(1, ws.max_row + 1) if re.fullmatch(r"\d+\.\d+", str(ws.cell(r, 1).value or ""))]
        cell = ws.cell(rows[[i.id for i in project.checklists[CHECKLIST].items()].index(REMARK_ITEM)], 6)
    if cell.value is None:
        return ""                                                          # an empty remark is an empty cell
    assert cell.data_type == "s", f"{cell.coordinate}: type {cell.data_type}; a typed value must stay text"
    return cell.value


def _checklist(project, single, multi, escape_all, suffix, read):
    check_fill(project, CHECKLIST, _checklist_answers(single, multi, escape_all), suffix, single, multi, escape_all,
               read)


@FAST
@given(two_values, st.booleans())
@example(("某村\uffff", "备注"), True)
def test_checklist_fill_to_word_refuses_or_keeps_the_text(loaded, values, escape_all):
    single, multi = values
    project = loaded.project
    _checklist(project, single, multi, escape_all, ".docx", lambda out, w: docx_control_text(out, _names(w)))


@SLOW
@given(two_values, st.booleans())
def test_checklist_fill_to_pdf_refuses_or_keeps_the_text(loaded, values, escape_all):
    single, multi = values
    project = loaded.project
    _checklist(project, single, multi, escape_all, ".pdf", lambda out, w: pdf_field_value(out, _names(w)))


@FAST
@given(two_values, st.booleans())
def test_checklist_fill_to_excel_refuses_or_keeps_the_text(loaded, values, escape_all):
    single, multi = values
    project = loaded.project
    _checklist(project, single, multi, escape_all, ".xlsx", lambda out, w: _xlsx_text(project, out, w))


# ---------------------------------------------------------------- the YAML loader: arbitrary and broken files

YAML_BITS = ["- ", ": ", "  ", "\t", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "!!python/object:os.system ",
             "!!binary ", "? ", "|", ">-", "---", "...", "%YAML 1.1", "#", '"', "'", "~", "null", "true", "0x1F",
             "0o17", "14:30", "2025-13-45", "2025-02-29", "1e999", "-.inf", ".nan", "第十四条", "《", "》", "\ufeff",
             "\x00", "\u2028", "\r", "\\", "id", "units", "kind", "label", "text", "children", "article", "第", "\n"]


@st.composite
def broken_copy(draw, text: str) -> str:
    """``text`` with a few lines replaced, inserted, deleted or cut, using bits of YAML syntax and of our keys."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        bit = "".join(draw(st.lists(st.one_of(st.sampled_from(YAML_BITS), st.characters(exclude_categories=("Cs",))),
                                    min_size=1, max_size=6)))
        op = draw(st.sampled_from(["replace", "insert", "delete", "splice", "indent"]))
        if op == "replace":
            lines[i] = bit
        elif op == "insert":
            lines.insert(i, bit)
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "splice":
            cut = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:cut] + bit + lines[i][cut:]
        else:
            lines[i] = draw(st.sampled_from(["", " ", "   ", "\t"])) + lines[i].lstrip()
    return "\n".join(lines)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                    st.text(max_size=12), st.dates(), st.sampled_from(["article", "paragraph", "chp_1", "第一条"]))
yaml_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                           st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                           max_leaves=8)


@st.composite
def reshaped(draw, text: str) -> str:
    """The file's data with a few values replaced by values of any type, keys dropped or added, then written out."""
    data = yaml.safe_load(text)

    def walk(node, here=()):
        yield here
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            yield from walk(v, here + (k,))

    for _ in range(draw(st.integers(1, 3))):
        paths: list[tuple] = list(walk(data))
        path = draw(st.sampled_from(paths[1:] or [()]))
        if not path:
            data = draw(yaml_values)
            continue
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        op = draw(st.sampled_from(["set", "drop", "add"]))
        if op == "drop":
            del parent[path[-1]]
        elif op == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(yaml_values)
        else:
            parent[path[-1]] = draw(yaml_values)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


REG_TEXT = (ROOT / "regulations" / f"{REGULATION}.yaml").read_text(encoding="utf-8")
FORM_TEXT = FORM_EXAMPLE.read_text(encoding="utf-8")
CHECKLIST_TEXT = CHECKLIST_EXAMPLE.read_text(encoding="utf-8")
any_text = st.lists(st.one_of(st.sampled_from(YAML_BITS), st.characters(exclude_categories=("Cs",))),
                    max_size=80).map("".join)


def _regulation_file_text():
    return st.one_of(any_text, broken_copy(REG_TEXT), reshaped(REG_TEXT))


def _case_file_text(base: str):
    return st.one_of(any_text, broken_copy(base), reshaped(base))


@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> Path:
    """One regulation, the jurisdiction and the original texts: loads and checks in a few milliseconds."""
    root = tmp_path_factory.mktemp("small")
    (root / "regulations").mkdir()
    (root / "data").mkdir()
    shutil.copy(ROOT / "data" / "jurisdiction.yaml", root / "data")
    shutil.copytree(ROOT / "data" / "sources", root / "data" / "sources")
    return root


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_regulation_file_text())
def test_any_regulation_file_gives_problems_or_loads(small_project, text):
    (small_project / "regulations" / f"{REGULATION}.yaml").write_text(text, encoding="utf-8")
    for p in check_project(load_project(small_project)):
        assert PROBLEM_LINE.match(p.format()), p.format()
        assert (small_project / p.path).exists(), p.path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_case_file_text(FORM_TEXT))
def test_any_case_file_gives_problems_or_a_document(loaded, text):
    project = loaded.project
    with fill_one(project, text, ".docx") as (result, out):
        assert (out is None) == bool(result.problems), [p.format() for p in result.problems]
        if out is None:
            assert_located(result.problems)
        else:
            WordDocument(str(out))                                          # a real Word file


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_case_file_text(CHECKLIST_TEXT))
def test_any_answers_file_gives_problems_or_a_workbook(loaded, text):
    project = loaded.project
    with fill_one(project, text, ".xlsx", CHECKLIST) as (result, out):
        assert (out is None) == bool(result.problems), [p.format() for p in result.problems]
        if out is None:
            assert_located(result.problems)
        else:
            load_workbook(str(out))                                         # a real workbook


# ---------------------------------------------------------------- the citation finder


def _citation_text(project):
    names = sorted({n for r in project.regulations.values()
                    for n in (r.title, project.jurisdiction.render(r.title), r.short_title, *r.aliases)})
    pieces = [*names, *(f"《{n}》" for n in names), "《", "》", "本规范", "本制度", "本方案", "基本规范", "法", "第",
              "一", "二", "三", "四", "十", "百", "千", "零", "〇", "1", "4", "12", "条", "款", "项", "目", "章", "部分",
              "（", "）", "(", ")", "至", "到", "—", "~", "-", "、", "和", "及", "与", "或", "以及", "\n", " ",
              "{{ township }}", "{{township}}", "{{", "}}"]
    numbers = st.sampled_from(["一", "二", "四", "十", "十一", "十四", "二十一", "二十二", "九十", "一百", "零", "〇",
                               "1", "4", "12", "0", "99"])
    unit_ref = st.one_of(
        st.builds("第{}{}".format, numbers, st.sampled_from(["条", "款", "项", "目", "章", "部分"])),
        st.builds("（{}）".format, numbers), st.builds("第（{}）目".format, numbers))
    return st.lists(st.one_of(st.sampled_from(pieces), unit_ref, unit_ref,
                              st.characters(exclude_categories=("Cs",))), max_size=40).map("".join)


class ShortCatalog(Catalog):
    def __repr__(self) -> str:
        return "<the project's catalog>"


@pytest.fixture(scope="module")
def catalog(project) -> Catalog:
    found = Catalog.from_project(project)
    found.__class__ = ShortCatalog
    return found


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_citation_finder_spans_lie_in_the_text_and_map_back(loaded, catalog, data):
    project = loaded.project
    text = data.draw(_citation_text(project))
    here = data.draw(st.sampled_from([None, *project.regulations.values()]))
    prefix = data.draw(st.sampled_from(["", "x\n", "key: ", "第一条\n《行为规范》\n  - "]))
    source = Source.of("docs/x.md", prefix + text)
    value = ScanText(source, text, at=len(prefix))
    found = catalog.finder.find(text, loose=here is not None)
    for f in found:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start:f.end] == f.text
        for code, message in check(resolve(f, catalog, here), catalog):      # resolving and checking never raise
            assert re.fullmatch(r"CT0[1-4]", code) and message
        pos = value.position(f.start, f.end)
        offset = source.offset(pos)
        assert source.raw[offset:offset + len(f.text)] == f.text, (pos, f)
    assert [f.start for f in found] == sorted(f.start for f in found)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_citation_positions_in_a_yaml_value_map_back_or_fall_back(loaded, catalog, data):
    """A value read from YAML (quoted, escaped, folded): each citation's position is where it is written in the file,
    or, when the file spells it differently, the value's own position."""
    project = loaded.project
    text = data.draw(_citation_text(project))
    style = data.draw(st.sampled_from([None, '"', "'", "|", ">"]))
    raw = yaml.safe_dump({"help": text}, allow_unicode=True, default_style=style, width=data.draw(st.integers(20, 90)))
    try:
        doc = parse_yaml(raw, "templates/forms/x.yaml")
    except YamlError:
        return                                                             # PyYAML wrote what it cannot read back
    if doc.data != {"help": text}:
        return                                                             # YAML changed the value (line folding)
    source = Source.of("templates/forms/x.yaml", raw)
    at = source.offset(doc.where(("help",)))
    value = ScanText(source, text, at=at)
    for f in catalog.finder.find(text):
        pos = value.position(f.start, f.end)
        offset = source.offset(pos)
        assert source.raw[offset:offset + len(f.text)] == f.text or offset == at, (pos, f, raw)


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(st.sampled_from(["\n", "a", "生", "𠮷"]), st.characters(exclude_categories=("Cs",))),
               max_size=80), st.data())
def test_source_position_and_offset_are_inverse(text, data):
    source = Source.of("docs/x.md", text)
    i = data.draw(st.integers(0, len(text)))
    pos = source.position(i)
    assert source.offset(pos) == i
    assert pos.line == text.count("\n", 0, i) + 1
    assert pos.col == i - (text.rfind("\n", 0, i) + 1) + 1
