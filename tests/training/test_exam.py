"""Exam papers (``zhifa exam``), read back with real readers: python-docx for Word, poppler's pdftotext and pdffonts
and pypdf for PDF.

What the documents must hold is computed here from the question bank and the regulations read as plain YAML
(tests/expected_support.py), never from the program's model or from counts written into the test: the bank grows
while this is written. Selection rules are also checked on
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

import expected_support as es
from conftest import run_zhifa
from expected_support import render
from zhifa.app.exam import write_exam, write_sample_exam
from zhifa.model.question import BLANK, TYPE_NAMES, Question
from zhifa.model.regulation import Citation
from zhifa.render.pdf.exam import KEY_COLUMNS_MM, MARGINS_MM
from zhifa.training.exam import SAMPLE_COUNT, SAMPLE_SEED, ExamError, build_exam, select_questions

HEADING = re.compile(r"^([一二三四五六七八九十]+)、(\S+?)（每题 (\d+) 分，共 (\d+) 分）$")
NUMBERED = re.compile(r"^(\d+)\. ")
CN_NUMERALS = "一二三四五六七八九十"
A4_PT = (595.28, 841.89)
KANGXI = re.compile("[\u2f00-\u2fd5]")
CHOICE = ("single", "multiple", "scenario")
OPTION_START = re.compile(r"^[A-G]\. ")
OPTION_SPLIT = re.compile(r"(?:^|\s)([A-G])\. ")
REASON_LABEL = "理由和依据："


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
#
# What the papers must print is taken from the question bank as plain YAML (tests/expected_support.py), not from
# the program's model: every option, correct and wrong, must stand on the paper exactly as the bank words it, and
# the key's letters must name, on that paper, the options the bank marks correct.


def read_paper(path: Path) -> SimpleNamespace:
    """Group headings with the numbered questions under them, the options printed after each question (in print
    order: [(letter, words)]), every text of the document."""
    doc = Document(str(path))
    groups: list[dict] = []
    options: dict[int, list[tuple[str, str]]] = {}
    number = None
    for p in doc.paragraphs:
        if m := HEADING.match(p.text):
            groups.append({"numeral": m[1], "name": m[2], "each": int(m[3]), "sum": int(m[4]), "items": []})
        elif m := NUMBERED.match(p.text):
            number = int(m[1])
            groups[-1]["items"].append((number, p))
        elif number is not None and OPTION_START.match(p.text):
            # one option a paragraph, or several short ones on one line
            pieces = OPTION_SPLIT.split(p.text)
            assert pieces[0] == "", (number, p.text)
            options.setdefault(number, []).extend(
                (pieces[i], pieces[i + 1].strip()) for i in range(1, len(pieces) - 1, 2))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return SimpleNamespace(doc=doc, groups=groups, options=options, text="\n".join(texts))


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


def pdf_text(path: Path, crop_mm: tuple[float, float] | None = None, raw: bool = False) -> str:
    """pdftotext of every page; with ``crop_mm`` only what lies between those distances from the left edge; with
    ``raw`` in content-stream order (a stem's words after its brackets stay before the options)."""
    crop = ["-raw"] if raw else []
    if crop_mm:
        left, right = (round(v * 72 / 25.4) for v in crop_mm)
        crop += ["-r", "72", "-x", str(left), "-y", "0", "-W", str(right - left), "-H", "842"]
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *crop, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_paper_options(path: Path) -> dict[int, list[tuple[str, str]]]:
    """Question number -> [(letter, words without whitespace)] as the PDF paper prints them (poppler's text, raw).
    A question runs from its number to the next one; its options from the first line starting "A. " to the end,
    cut at the scenario's 理由和依据 and at a group heading; page footers (— 3 —) are dropped."""
    text = re.sub(r"(?m)^\f?— \d+ —$", "", pdf_text(path, raw=True))
    starts = [(int(m[1]), m.start()) for m in re.finditer(r"(?m)^\f?(\d+)\.\s", text)]
    out = {}
    for (number, start), (_, end) in zip(starts, starts[1:] + [(0, len(text))]):
        segment = text[start:end]
        first = re.search(r"(?m)^\f?A\. ", segment)
        if not first:
            continue
        block = segment[first.start():]
        block = re.split(rf"{REASON_LABEL}|^\f?[{CN_NUMERALS}]+、", block, flags=re.M)[0]
        pieces = re.split(r"([A-G])\.", squeeze(block))
        assert pieces[0] == "", (number, block)
        out[number] = [(pieces[i], pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)]
    return out


def pdf_key_rows(path: Path) -> list[tuple[str, str, str]]:
    """(answer, explanation, question id) of each row of the PDF key, in order, read from the answer column alone
    (poppler cropped to it, so neighbouring cells do not interleave); whitespace removed."""
    left, (no, answer) = MARGINS_MM["left"], KEY_COLUMNS_MM
    column = squeeze(pdf_text(path, crop_mm=(left + no, left + no + answer)))
    # poppler drops the hyphen where an id is broken over two lines at one: ids are matched without hyphens
    ids = {qid.replace("-", ""): qid for qid in es.question_bank()}
    assert len(ids) == len(es.question_bank()), "two question ids differ only in hyphens"
    rows = re.findall(r"答案：(.*?)解析：(.*?)题目ID：([a-z][a-z0-9-]*)", column)
    return [(answer, explanation, ids.get(qid.replace("-", ""), qid)) for answer, explanation, qid in rows]


def bank_answer(q: es.Question, printed: list[tuple[str, str]], squeezed: bool = False) -> str:
    """The key's answer line, worked out from the bank and the options as the paper printed them:
    答案：B（words）, 答案：AC（A. words；C. words）, 答案：√ 正确, 答案：words；words."""
    if q.type in CHOICE:
        same = squeeze if squeezed else (lambda s: s)
        correct = [same(o) for o in q.correct()]
        letters = [letter for letter, words in printed if words in correct]
        words = {letter: words for letter, words in printed}
        shown = [f"{x}. {words[x]}" if q.type == "multiple" else words[x] for x in letters]
        return f"答案：{''.join(letters)}（{'；'.join(shown)}）"
    if q.type == "true_false":
        return "答案：" + ("√ 正确" if q.answer is True else "× 错误")
    blanks = q.answer if isinstance(q.answer, list) else [q.answer]
    return "答案：" + "；".join(render(str(a)) for a in blanks)


@pytest.fixture(scope="module")
def sample(project, tmp_path_factory):
    """The sample exam (count 30 or the whole bank, seed 7), and the same paper made again by the CLI in another
    process and folder."""
    first = tmp_path_factory.mktemp("sample")
    paths = write_sample_exam(project, first)
    again = tmp_path_factory.mktemp("again")
    count = min(SAMPLE_COUNT, len(es.question_bank()))
    for suffix in (".docx", ".pdf"):
        result = run_zhifa("exam", "--count", str(count), "--seed", str(SAMPLE_SEED),
                           "-o", str(again / f"exam{suffix}"), "--root", str(project.root))
        assert result.returncode == 0, result.stderr
        assert str(again / f"exam{suffix}") in result.stdout and str(again / f"exam-key{suffix}") in result.stdout
        assert f"种子：{SAMPLE_SEED}" in result.stdout
    return SimpleNamespace(dir=first, again=again, paths=paths, count=count, by_id=es.question_bank(),
                           paper=read_paper(first / "exam-sample.docx"), key=read_key(first / "exam-sample-key.docx"),
                           pdf=first / "exam-sample.pdf", key_pdf=first / "exam-sample-key.pdf")


@pytest.fixture(scope="module")
def whole(project, tmp_path_factory):
    """One paper asking the whole bank (every question, so every option is printed once), Word and PDF."""
    folder = tmp_path_factory.mktemp("whole")
    count = len(es.question_bank())
    for suffix in (".docx", ".pdf"):
        write_exam(project, folder / f"whole{suffix}", count, SAMPLE_SEED)
    return SimpleNamespace(dir=folder, count=count, by_id=es.question_bank(), paper=read_paper(folder / "whole.docx"),
                           key=read_key(folder / "whole-key.docx"), pdf=folder / "whole.pdf",
                           key_pdf=folder / "whole-key.pdf")


@pytest.fixture(params=["sample", "whole"])
def paper(request):
    return request.getfixturevalue(request.param)


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


def test_different_seed_gives_a_different_paper(project, tmp_path):
    """Two seeds, a count of at most half the bank (so that two selections can differ): different questions."""
    count = max(1, min(SAMPLE_COUNT, len(es.question_bank()) // 2))
    keys = []
    for seed in (SAMPLE_SEED, SAMPLE_SEED + 1):
        paper, key = write_exam(project, tmp_path / f"seed{seed}.docx", count, seed)
        keys.append((read_key(key), read_paper(paper)))
    (key_a, paper_a), (key_b, paper_b) = keys
    assert [r.id for r in key_a.rows] != [r.id for r in key_b.rows]
    assert paper_a.text != paper_b.text


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


def test_paper_shows_each_question_without_its_answer(paper):
    key_ids = {r.number: r.id for r in paper.key.rows}
    assert sorted(key_ids) == list(range(1, paper.count + 1))
    for g in paper.paper.groups:
        for number, paragraph in g["items"]:
            q = paper.by_id[key_ids[number]]
            text = paragraph.text
            if q.type == "scenario":    # the case comes first, the question in the next paragraph
                assert squeeze(q.case) in squeeze(text)
                text = paragraph._p.getnext().xpath("string(.)")
            for piece in re.split(r"_{4,}", q.stem):
                assert bare(piece) in bare(text), (number, piece)
            if q.type == "fill_blank":
                blanks = [r for r in paragraph.runs if r.underline]
                assert len(blanks) == len(re.findall(r"_{4,}", q.stem)) and BLANK not in text
                assert all(not r.text.strip() for r in blanks)   # nothing written in the blanks
            else:
                assert re.search(r"（\s{2,}）", text), (number, text)   # empty brackets to write the answer in
    chosen = [paper.by_id[r.id] for r in paper.key.rows]
    flat = squeeze(paper.paper.text)
    for q in chosen:
        assert squeeze(q.explanation) not in flat
        assert q.id not in paper.paper.text
    for word in ("答案：", "解析：", "原文："):
        assert word not in paper.paper.text
    for field in ("姓名", "单位", "日期", "得分"):
        assert f"{field}：" in paper.paper.text


def test_whole_bank_paper_asks_every_question_once(whole):
    assert sorted(r.id for r in whole.key.rows) == sorted(whole.by_id)


def test_word_paper_prints_every_option_as_the_bank_words_it(paper):
    """Each choice question: its options lettered A, B, C … in print order, and the printed words, wrong options
    included, exactly the bank's options (in a shuffled order); questions without options print none."""
    key_ids = {r.number: r.id for r in paper.key.rows}
    assert set(paper.paper.options) <= set(key_ids)
    for number, qid in key_ids.items():
        q = paper.by_id[qid]
        printed = paper.paper.options.get(number, [])
        assert [letter for letter, _ in printed] == list("ABCDEFG"[:len(q.options)]), (number, qid, printed)
        assert sorted(words for _, words in printed) == sorted(q.options), (number, qid)
    assert any(q.type in CHOICE for q in map(paper.by_id.get, key_ids.values()))


def test_options_are_shuffled_on_the_paper(whole):
    """The bank's correct answers sit at B more often than not: on the paper their letters are spread out."""
    moved = 0
    letters = Counter()
    for row in whole.key.rows:
        q = whole.by_id[row.id]
        if q.options:
            printed = [words for _, words in whole.paper.options[row.number]]
            moved += printed != q.options
            letters.update(letter for letter, words in whole.paper.options[row.number] if words in q.correct())
    bank_letters = Counter(x for q in whole.by_id.values() if q.options for x in q.answer)
    assert moved > len([q for q in whole.by_id.values() if q.options]) // 2
    assert letters["B"] < bank_letters["B"], (letters, bank_letters)


def test_scenarios_get_ruled_lines(paper):
    key_ids = {r.number: r.id for r in paper.key.rows}
    body = paper.paper.doc.paragraphs
    index = {p._p: i for i, p in enumerate(body)}
    scenarios = 0
    for g in paper.paper.groups:
        for number, paragraph in g["items"]:
            if paper.by_id[key_ids[number]].type != "scenario":
                continue
            scenarios += 1
            after = body[index[paragraph._p] + 2:][:len(paper.by_id[key_ids[number]].options) + 6]
            ruled = [p for p in after if p.runs and all(r.underline and not r.text.strip() for r in p.runs)]
            assert len(ruled) >= 2, number
            assert any(p.text == REASON_LABEL for p in after), number
    assert scenarios or not any(q.type == "scenario" for q in map(paper.by_id.get, key_ids.values()))


def test_key_lists_every_question_with_answer_and_citations(paper):
    """Answer (the paper's letters of the bank's correct options, with their words), explanation, and each
    citation as 《title》unit with the quoted words, all from the bank."""
    rows = paper.key.rows
    assert [r.number for r in rows] == list(range(1, paper.count + 1))
    assert len({r.id for r in rows}) == paper.count
    assert paper.key.headings == [g["numeral"] + "、" + g["name"] + f"（每题 {g['each']} 分，共 {g['sum']} 分）"
                                  for g in paper.paper.groups]
    for row in rows:
        q = paper.by_id[row.id]
        assert row.answer == bank_answer(q, paper.paper.options.get(row.number, [])), (row.number, row.id)
        assert row.explanation == "解析：" + q.explanation
        assert row.citations == [(es.formal(c), "原文：" + render(c["quote"])) for c in q.basis], row.id


def test_key_quotes_stand_in_the_cited_units(paper):
    """Each quote printed in the key is in the text of the unit its printed citation names (regulations read as
    YAML): a key that cited the wrong unit, or misquoted it, fails here."""
    texts = {}
    for reg_id in es.regulations():
        for raw in walk_units(es.load(es.ROOT / "regulations" / f"{reg_id}.yaml")["units"]):
            words = "".join(render(u.get(k) or "") for u in walk_units([raw]) for k in ("heading", "text"))
            texts.setdefault(es.formal({"regulation": reg_id, "unit": raw["id"]}), squeeze(words))
    for row in paper.key.rows:
        for cited, quote in row.citations:
            assert cited in texts, f"{row.number}: {cited} names no unit"
            assert squeeze(quote.removeprefix("原文：")) in texts[cited], (row.number, cited, quote)


def walk_units(units):
    for unit in units or []:
        yield unit
        yield from walk_units(unit.get("children"))


def test_pdf_paper_prints_every_option_as_the_bank_words_it(paper):
    """The same check on the PDF (poppler's text): for each question, its options lettered in order, the printed
    words the bank's; the numbers run 1…N."""
    numbers = [int(n) for n in re.findall(r"(?m)^\f?(\d+)\.\s", pdf_text(paper.pdf))]
    assert numbers == list(range(1, paper.count + 1))
    rows = pdf_key_rows(paper.key_pdf)
    assert len(rows) == paper.count
    printed = pdf_paper_options(paper.pdf)
    for number, (_, _, qid) in enumerate(rows, 1):
        q = paper.by_id[qid]
        got = printed.get(number, [])
        assert [letter for letter, _ in got] == list("ABCDEFG"[:len(q.options)]), (number, qid, got)
        assert sorted(words for _, words in got) == sorted(squeeze(o) for o in q.options), (number, qid)


def test_pdf_key_answers_name_the_correct_options(paper):
    """The PDF key's answers and explanations, row by row, against the bank and the PDF paper's letters."""
    printed = pdf_paper_options(paper.pdf)
    rows = pdf_key_rows(paper.key_pdf)
    assert [qid for _, _, qid in rows] == [r.id for r in paper.key.rows], "PDF and Word keys list the same questions"
    for number, (answer, explanation, qid) in enumerate(rows, 1):
        q = paper.by_id[qid]
        assert "答案：" + answer == squeeze(bank_answer(q, printed.get(number, []), squeezed=True)), (number, qid)
        assert explanation == squeeze(q.explanation), (number, qid)


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


def test_pdf_pages_a4_fonts_embedded_text_extractable(sample):
    for path in (sample.pdf, sample.key_pdf):
        for page in PdfReader(path).pages:
            box = page.mediabox
            assert abs(float(box.width) - A4_PT[0]) < 1 and abs(float(box.height) - A4_PT[1]) < 1
        rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = rows.splitlines()[2:]
        assert rows and all(r.split()[-5] == "yes" for r in rows), rows
        text = pdf_text(path)
        assert not KANGXI.search(text)
        assert squeeze(render("{{ county }}") + "人口和计划生育行政执法培训考试试卷") in squeeze(text)
    paper = squeeze(pdf_text(sample.pdf))
    # The key is a three-column table; each column is read on its own (poppler crops to it) so that lines of
    # neighbouring cells do not interleave: number | answer and explanation | basis.
    left, (no, answer) = MARGINS_MM["left"], KEY_COLUMNS_MM
    basis = squeeze(pdf_text(sample.key_pdf, crop_mm=(left + no + answer, 210)))
    for row in sample.key.rows:
        q = sample.by_id[row.id]
        assert squeeze(q.explanation) not in paper and q.id not in paper
        for c in q.basis:
            assert squeeze(es.formal(c) + "原文：" + render(c["quote"])) in basis, (row.id, c)


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
    import zhifa.render.docx.exam

    def broken(paper):
        raise RuntimeError("key failed")

    monkeypatch.setattr(zhifa.render.docx.exam, "key_docx", broken)
    with pytest.raises(RuntimeError):
        write_exam(project, tmp_path / "exam.docx", 3, 1)
    assert list(tmp_path.iterdir()) == []
