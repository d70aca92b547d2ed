"""Exam papers (``zhifa exam``), read back with real readers: python-docx for Word, poppler's pdftotext and pdffonts
and pypdf for PDF.

What the documents must hold is computed here from the question bank (``project.questions``) and the regulations,
never from counts written into the test: the bank grows while this is written. Selection rules are also checked on
small made-up banks whose sizes are chosen to hit the edge cases (a regulation with too few questions, a type
missing).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from conftest import run_zhifa
from zhifa.citations import formal
from zhifa.exam import (SAMPLE_COUNT, SAMPLE_SEED, ExamError, build_exam, select_questions, write_exam,
                        write_sample_exam)
from zhifa.exam_pdf import KEY_COLUMNS_MM, MARGINS_MM
from zhifa.model import Citation
from zhifa.question_model import BLANK, TYPE_NAMES, Question

HEADING = re.compile(r"^([一二三四五六七八九十]+)、(\S+?)（每题 (\d+) 分，共 (\d+) 分）$")
NUMBERED = re.compile(r"^(\d+)\. ")
CN_NUMERALS = "一二三四五六七八九十"
A4_PT = (595.28, 841.89)
KANGXI = re.compile("[\u2f00-\u2fd5]")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def bare(text: str) -> str:
    """Without whitespace and without empty brackets (the paper normalises them to （　　）)."""
    return re.sub(r"[（(][)）]", "", squeeze(text))


def order(project) -> list[str]:
    return [r.id for r in project.ordered_regulations()]


# ---------------------------------------------------------------- made-up banks for the selection rules


def fake_bank(sizes: dict[str, dict[str, int]]) -> list[Question]:
    """Questions with only what selection reads: id, type, regulation (via the first citation)."""
    out = []
    for reg, per_type in sizes.items():
        for kind, n in per_type.items():
            for i in range(n):
                cite = Citation.model_construct(regulation=reg, unit="art_1", quote="引文")
                out.append(Question.model_construct(id=f"{reg}-{kind}-{i}", type=kind, basis=[cite]))
    return out


REGS = ["r1", "r2", "r3", "r4", "r5", "r6"]
EVEN = {r: {t: 4 for t in TYPE_NAMES} for r in REGS}
UNEVEN = {"r1": {"single": 2}, "r2": {t: 6 for t in TYPE_NAMES}, "r3": {"true_false": 1, "fill_blank": 3},
          "r4": {t: 5 for t in TYPE_NAMES}, "r5": {}, "r6": {"scenario": 7, "single": 1}}


def check_balance(bank: list[Question], regs: list[str], chosen: list[Question], count: int) -> None:
    """Equal shares; a regulation that runs out gives all it has; the rest differ by at most one, the earlier
    regulations (handbook order) taking the remainder."""
    assert len(chosen) == count
    assert len({q.id for q in chosen}) == count
    have = Counter(q.regulation for q in bank)
    got = Counter(q.regulation for q in chosen)
    open_regs = [r for r in regs if got[r] < have[r]]
    if not open_regs:
        return
    low = min(got[r] for r in open_regs)
    for r in regs:
        assert min(have[r], low) <= got[r] <= low + 1, (r, got, have)
    # the remainder (one more than ``low``) goes to the first of those that had more to give, in handbook order
    extra = [got[r] == low + 1 for r in regs if have[r] > low]
    assert extra == sorted(extra, reverse=True), f"remainder not given in handbook order: {got} of {have}"


def check_type_mix(bank: list[Question], chosen: list[Question]) -> None:
    """Within each regulation, a type that still had questions left is never two behind another type."""
    left = Counter((q.regulation, q.type) for q in bank) - Counter((q.regulation, q.type) for q in chosen)
    got = Counter((q.regulation, q.type) for q in chosen)
    for reg in {q.regulation for q in chosen}:
        for t1 in TYPE_NAMES:
            if left[reg, t1]:
                for t2 in TYPE_NAMES:
                    assert got[reg, t1] >= got[reg, t2] - 1, (reg, t1, t2, dict(got))


def check_grouped(chosen: list[Question]) -> None:
    ranks = [list(TYPE_NAMES).index(q.type) for q in chosen]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("sizes", [EVEN, UNEVEN], ids=["even", "uneven"])
def test_selection_balanced_mixed_grouped_for_every_count(sizes):
    bank = fake_bank(sizes)
    for count in range(1, len(bank) + 1):
        chosen = select_questions(bank, REGS, count, seed=count)
        check_balance(bank, REGS, chosen, count)
        check_type_mix(bank, chosen)
        check_grouped(chosen)


def test_selection_is_reproducible_and_depends_on_the_seed():
    bank = fake_bank(EVEN)
    first = [q.id for q in select_questions(bank, REGS, 30, seed=7)]
    assert first == [q.id for q in select_questions(list(reversed(bank)), REGS, 30, seed=7)]
    others = {tuple(q.id for q in select_questions(bank, REGS, 30, seed=s)) for s in range(8, 13)}
    assert tuple(first) not in others and len(others) == 5


def test_selection_refuses_impossible_counts():
    bank = fake_bank(UNEVEN)
    for count in (0, -3, len(bank) + 1):
        with pytest.raises(ExamError, match="题"):
            select_questions(bank, REGS, count, seed=1)


def test_real_bank_selection_is_balanced_and_mixed(project):
    bank = project.questions
    count = min(SAMPLE_COUNT, len(bank))
    chosen = build_exam(project, count, 7).items
    questions = [i.question for i in chosen]
    check_balance(bank, order(project), questions, count)
    check_type_mix(bank, questions)
    check_grouped(questions)


# ---------------------------------------------------------------- the documents


def read_paper(path: Path) -> SimpleNamespace:
    """Group headings with the numbered questions under them, every text of the document."""
    doc = Document(str(path))
    groups: list[dict] = []
    for p in doc.paragraphs:
        if m := HEADING.match(p.text):
            groups.append({"numeral": m[1], "name": m[2], "each": int(m[3]), "sum": int(m[4]), "items": []})
        elif m := NUMBERED.match(p.text):
            groups[-1]["items"].append((int(m[1]), p))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return SimpleNamespace(doc=doc, groups=groups, text="\n".join(texts))


def read_key(path: Path) -> SimpleNamespace:
    """Per row of the key tables: number, answer, explanation, id, [(citation, quote)]; plus headings in order."""
    doc = Document(str(path))
    rows, headings = [], []
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows[1:]:
                number, answer, basis = row.cells
                lines = [p.text for p in answer.paragraphs]
                cites = [p.text for p in basis.paragraphs]
                assert len(cites) % 2 == 0, cites
                rows.append(SimpleNamespace(
                    number=int(number.text), answer=lines[0], explanation=lines[1],
                    id=lines[2].removeprefix("题目 ID："),
                    citations=[(cites[i], cites[i + 1]) for i in range(0, len(cites), 2)], heading=headings[-1]))
        elif HEADING.match(block.text):
            headings.append(block.text)
    return SimpleNamespace(doc=doc, rows=rows, headings=headings, text="\n".join(p.text for p in doc.paragraphs))


def pdf_text(path: Path, crop_mm: tuple[float, float] | None = None) -> str:
    """pdftotext of every page; with ``crop_mm`` only what lies between those distances from the left edge."""
    crop = []
    if crop_mm:
        left, right = (round(v * 72 / 25.4) for v in crop_mm)
        crop = ["-r", "72", "-x", str(left), "-y", "0", "-W", str(right - left), "-H", "842"]
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *crop, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def sample(project, tmp_path_factory):
    """The sample exam (count 30 or the whole bank, seed 7), and the same paper made again by the CLI in another
    process and folder."""
    first = tmp_path_factory.mktemp("sample")
    paths = write_sample_exam(project, first)
    again = tmp_path_factory.mktemp("again")
    count = min(SAMPLE_COUNT, len(project.questions))
    for suffix in (".docx", ".pdf"):
        result = run_zhifa("exam", "--count", str(count), "--seed", str(SAMPLE_SEED),
                           "-o", str(again / f"exam{suffix}"), "--root", str(project.root))
        assert result.returncode == 0, result.stderr
        assert str(again / f"exam{suffix}") in result.stdout and str(again / f"exam-key{suffix}") in result.stdout
        assert f"种子：{SAMPLE_SEED}" in result.stdout
    by_id = {q.id: q for q in project.questions}
    return SimpleNamespace(dir=first, again=again, paths=paths, count=count, by_id=by_id,
                           paper=read_paper(first / "exam-sample.docx"), key=read_key(first / "exam-sample-key.docx"))


def test_sample_writes_four_files_and_nothing_else(sample):
    names = ["exam-sample.docx", "exam-sample-key.docx", "exam-sample.pdf", "exam-sample-key.pdf"]
    assert sorted(p.name for p in sample.paths) == sorted(names)
    assert sorted(p.name for p in sample.dir.iterdir()) == sorted(names)     # no temporary left over
    for path in sample.paths:
        head = path.read_bytes()[:5]
        assert head[:2] == b"PK" if path.suffix == ".docx" else head == b"%PDF-"


def test_same_seed_gives_the_same_bytes_in_another_process(sample):
    for name, other in (("exam-sample", "exam"), ("exam-sample-key", "exam-key")):
        for suffix in (".docx", ".pdf"):
            assert (sample.dir / f"{name}{suffix}").read_bytes() == (sample.again / f"{other}{suffix}").read_bytes()


def test_bytes_do_not_depend_on_the_clock(project, sample, tmp_path, monkeypatch):
    """Made again with the clock set years ahead (zip entry times and document dates would change)."""
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 5 * 365 * 86400 + 12345)
    for suffix in (".docx", ".pdf"):
        paper, key = write_exam(project, tmp_path / f"late{suffix}", sample.count, SAMPLE_SEED)
        assert paper.read_bytes() == (sample.dir / f"exam-sample{suffix}").read_bytes()
        assert key.read_bytes() == (sample.dir / f"exam-sample-key{suffix}").read_bytes()


def test_different_seed_gives_a_different_paper(project, sample, tmp_path):
    if len(project.questions) < 2 * sample.count:
        pytest.skip("the bank is too small for two different papers to be likely")
    paper, key = write_exam(project, tmp_path / "other.docx", sample.count, SAMPLE_SEED + 1)
    other = read_key(key)
    assert [r.id for r in other.rows] != [r.id for r in sample.key.rows]
    assert read_paper(paper).text != sample.paper.text


def test_groups_in_type_order_with_points_and_continuous_numbers(sample):
    groups = sample.paper.groups
    names = [g["name"] for g in groups]
    assert names == [n for n in TYPE_NAMES.values() if n in names]
    assert [g["numeral"] for g in groups] == list(CN_NUMERALS[:len(groups)])
    numbers = [n for g in groups for n, _ in g["items"]]
    assert numbers == list(range(1, sample.count + 1))
    key_ids = {r.number: r.id for r in sample.key.rows}
    type_of_name = {v: k for k, v in TYPE_NAMES.items()}
    points = {}
    for g in groups:
        assert g["sum"] == g["each"] * len(g["items"])
        points.setdefault(g["name"], g["each"])
        for number, _ in g["items"]:
            assert sample.by_id[key_ids[number]].type == type_of_name[g["name"]], number
    total = sum(g["sum"] for g in groups)
    assert f"满分 {total} 分" in sample.paper.text
    assert f"共 {sample.count} 题" in sample.paper.text


def test_paper_shows_each_question_without_its_answer(project, sample):
    render = project.jurisdiction.render
    key_ids = {r.number: r.id for r in sample.key.rows}
    for g in sample.paper.groups:
        for number, paragraph in g["items"]:
            q = sample.by_id[key_ids[number]]
            text = paragraph.text
            if q.type == "scenario":    # the case comes first, the question in the next paragraph
                assert squeeze(render(q.case)) in squeeze(text)
                text = paragraph._p.getnext().xpath("string(.)")
            for piece in re.split(r"_{4,}", render(q.stem)):
                assert bare(piece) in bare(text), (number, piece)
            if q.type == "fill_blank":
                blanks = [r for r in paragraph.runs if r.underline]
                assert len(blanks) == len(re.findall(r"_{4,}", q.stem)) and BLANK not in text
                assert all(not r.text.strip() for r in blanks)   # nothing written in the blanks
            else:
                assert re.search(r"（\s{2,}）", text), (number, text)   # empty brackets to write the answer in
    chosen = [sample.by_id[r.id] for r in sample.key.rows]
    flat = squeeze(sample.paper.text)
    for q in chosen:
        assert squeeze(render(q.explanation)) not in flat
        assert q.id not in sample.paper.text
    for word in ("答案：", "解析：", "原文："):
        assert word not in sample.paper.text
    for field in ("姓名", "单位", "日期", "得分"):
        assert f"{field}：" in sample.paper.text


def option_blocks(sample):
    """(number, question, the paragraphs of its options, the paragraphs after the question) for each choice
    question on the paper (read from the Word file)."""
    body = sample.paper.doc.paragraphs
    index = {p._p: i for i, p in enumerate(body)}
    key_ids = {r.number: r.id for r in sample.key.rows}
    for g in sample.paper.groups:
        for number, paragraph in g["items"]:
            q = sample.by_id[key_ids[number]]
            if q.options:
                start = index[paragraph._p] + (2 if q.type == "scenario" else 1)
                yield number, q, body[start:start + len(q.options)], body[start:start + len(q.options) + 6]


def test_options_lettered_and_scenarios_get_ruled_lines(sample):
    for number, q, options, after in option_blocks(sample):
        following = "\n".join(p.text for p in options)
        for letter, option in zip("ABCDEFG", q.options):
            assert f"{letter}. " in following, (number, following)
        if q.type == "scenario":
            ruled = [p for p in after if p.runs and all(r.underline and not r.text.strip() for r in p.runs)]
            assert len(ruled) >= 2, number


def printed_options(sample) -> dict[int, dict[str, str]]:
    """Question number -> {letter: option words} as printed on the paper."""
    out = {}
    for number, q, options, _ in option_blocks(sample):
        pieces = re.split(r"(?:^|\s)([A-G])\. ", "\n".join(p.text for p in options))
        out[number] = {pieces[i]: squeeze(pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)}
    return out


def test_key_lists_every_question_with_answer_and_citations(project, sample):
    rows = sample.key.rows
    paper_options = printed_options(sample)
    assert [r.number for r in rows] == list(range(1, sample.count + 1))
    assert len({r.id for r in rows}) == sample.count
    assert sample.key.headings == [g["numeral"] + "、" + g["name"] + f"（每题 {g['each']} 分，共 {g['sum']} 分）"
                                   for g in sample.paper.groups]
    render = project.jurisdiction.render
    for row in rows:
        q = sample.by_id[row.id]
        assert row.answer.startswith("答案：")
        if q.type in ("single", "multiple", "scenario"):
            # the letters refer to the options as printed on the paper (shuffled): they must name the correct ones
            letters = re.match(r"答案：([A-G]+)", row.answer).group(1)
            printed = paper_options[row.number]
            assert sorted(printed[x] for x in letters) == sorted(squeeze(render(o)) for o in q.correct_options())
        else:
            assert render(q.answer_text()) in row.answer
        assert row.explanation == "解析：" + render(q.explanation).strip()
        assert len(row.citations) == len(q.basis)
        for (cited, quote), basis in zip(row.citations, q.basis):
            reg = project.regulations[basis.regulation]
            assert cited.startswith(f"《{render(reg.title)}》")
            assert quote == "原文：" + render(basis.quote)


def test_key_citations_name_the_unit_that_holds_the_quote(project, sample):
    """Each printed citation is resolved back to a unit by its printed name; the printed quote stands in it."""
    units = {}
    for reg in project.ordered_regulations():
        for unit in reg.walk():
            units.setdefault(formal(reg, unit, project.jurisdiction), unit)
    render = project.jurisdiction.render
    for row in sample.key.rows:
        for cited, quote in row.citations:
            unit = units.get(cited)
            assert unit is not None, f"{row.number}: {cited} names no unit"
            words = squeeze(render("".join(t for u in unit.walk() for t in (u.heading, u.text) if t)))
            assert squeeze(quote.removeprefix("原文：")) in words, (row.number, cited, quote)


def test_seed_and_count_on_both_documents(sample):
    for text in (sample.paper.text, sample.key.text):
        assert f"种子 {SAMPLE_SEED}" in text and f"--count {sample.count} --seed {SAMPLE_SEED}" in text
    for suffix in ("", "-key"):
        text = pdf_text(sample.dir / f"exam-sample{suffix}.pdf")
        assert f"--count {sample.count} --seed {SAMPLE_SEED}" in text


def test_word_page_is_a4_with_chinese_fonts(sample):
    for path in (sample.dir / "exam-sample.docx", sample.dir / "exam-sample-key.docx"):
        doc = Document(str(path))
        for section in doc.sections:
            assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
        used = {p.style.style_id for p in doc.paragraphs}
        used |= {p.style.style_id for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs}
        fonts = set()
        for style_id in used:
            style = next(s for s in doc.styles if s.style_id == style_id)
            r_fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
            assert r_fonts is not None and r_fonts.get(qn("w:eastAsia")), style_id
            assert r_fonts.get(qn("w:eastAsiaTheme")) is None
            fonts.add(r_fonts.get(qn("w:eastAsia")))
        assert all(re.search(r"[\u4e00-\u9fff]", f) for f in fonts), fonts
        assert fonts <= _font_table(path)     # listed, so Word can substitute by charset where one is missing


def _font_table(path: Path) -> set[str]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/fontTable.xml"))
    return {f.get(qn("w:name")) for f in root.iter(qn("w:font"))}


def test_pdf_pages_a4_fonts_embedded_text_extractable(project, sample):
    for name in ("exam-sample.pdf", "exam-sample-key.pdf"):
        path = sample.dir / name
        for page in PdfReader(path).pages:
            box = page.mediabox
            assert abs(float(box.width) - A4_PT[0]) < 1 and abs(float(box.height) - A4_PT[1]) < 1
        rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = rows.splitlines()[2:]
        assert rows and all(r.split()[-5] == "yes" for r in rows), rows
        text = pdf_text(path)
        assert not KANGXI.search(text)
        assert squeeze(project.jurisdiction.render("{{ county }}") + "人口和计划生育行政执法培训考试试卷") in squeeze(text)
    paper = squeeze(pdf_text(sample.dir / "exam-sample.pdf"))
    # The key is a three-column table; each column is read on its own (poppler crops to it) so that lines of
    # neighbouring cells do not interleave: number | answer and explanation | basis.
    key_pdf = sample.dir / "exam-sample-key.pdf"
    left, (no, answer) = MARGINS_MM["left"], KEY_COLUMNS_MM
    answers = squeeze(pdf_text(key_pdf, crop_mm=(left + no, left + no + answer)))
    basis = squeeze(pdf_text(key_pdf, crop_mm=(left + no + answer, 210)))
    render = project.jurisdiction.render
    for row in sample.key.rows:
        q = sample.by_id[row.id]
        assert squeeze(render(q.explanation)) not in paper and q.id not in paper
        assert row.id in answers and squeeze(render(q.explanation)) in answers
        for cited, quote in row.citations:
            assert squeeze(cited + quote) in basis
    numbers = [int(n) for n in re.findall(r"(?m)^\f?(\d+)\.\s", pdf_text(sample.dir / "exam-sample.pdf"))]
    assert numbers == list(range(1, sample.count + 1))


# ---------------------------------------------------------------- errors: one Chinese line, nothing written


def _refused(result: subprocess.CompletedProcess, folder: Path, codes=(2,)) -> None:
    assert result.returncode in codes, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and re.search(r"[\u4e00-\u9fff]", lines[-1]), result.stderr
    assert not folder.exists() or list(folder.iterdir()) == []


def test_cli_refuses_bad_requests(project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    root = str(project.root)
    too_many = str(len(project.questions) + 1)
    _refused(run_zhifa("exam", "--count", "0", "-o", str(out / "a.docx"), "--root", root), out)
    _refused(run_zhifa("exam", "--count", too_many, "--seed", "1", "-o", str(out / "a.docx"), "--root", root), out)
    _refused(run_zhifa("exam", "--count", "5", "-o", str(out / "a.txt"), "--root", root), out)
    _refused(run_zhifa("exam", "--count", "5", "-o", str(tmp_path / "missing" / "a.pdf"), "--root", root),
             tmp_path / "missing")


def test_cli_refuses_a_project_that_does_not_validate(copy, tmp_path):
    bank = copy / "data" / "questions"
    path = sorted(bank.glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    broken = re.sub(r"regulation: [a-z-]+", "regulation: no-such-regulation", text, count=1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = run_zhifa("exam", "--count", "3", "--seed", "1", "-o", str(out / "a.docx"), "--root", str(copy))
    _refused(result, out, codes=(1,))
    assert f"{path.relative_to(copy).as_posix()}:" in result.stdout and "no-such-regulation" in result.stdout


def test_random_seed_is_printed_and_reproduces_the_paper(project, tmp_path):
    result = run_zhifa("exam", "--count", "5", "-o", str(tmp_path / "r.docx"), "--root", str(project.root))
    assert result.returncode == 0, result.stderr
    seed = int(re.search(r"种子：(\d+)", result.stdout)[1])
    write_exam(project, tmp_path / "again.docx", 5, seed)
    assert (tmp_path / "r.docx").read_bytes() == (tmp_path / "again.docx").read_bytes()
    assert (tmp_path / "r-key.docx").read_bytes() == (tmp_path / "again-key.docx").read_bytes()


def test_failed_key_leaves_nothing_behind(project, tmp_path, monkeypatch):
    import zhifa.exam_docx

    def broken(paper):
        raise RuntimeError("key failed")

    monkeypatch.setattr(zhifa.exam_docx, "key_docx", broken)
    with pytest.raises(RuntimeError):
        write_exam(project, tmp_path / "exam.docx", 3, 1)
    assert list(tmp_path.iterdir()) == []
