"""Training decks: read back with python-pptx, the theme from the zip, and one deck rendered by LibreOffice."""

import posixpath
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import pytest
from lxml import etree
from pptx import Presentation

from zhifa.load.loader import load_project
from zhifa.render.pptx.slides import md, write_decks

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class SlideText:
    title: str
    body: list[str]  # every line of every shape but the title, in order
    notes: str


def read_deck(path: Path) -> list[SlideText]:
    out = []
    for slide in Presentation(str(path)).slides:
        title_shape = slide.shapes.title
        title_id = title_shape.shape_id if title_shape is not None else None
        body = [line for sh in slide.shapes if sh.has_text_frame and sh.shape_id != title_id
                for p in sh.text_frame.paragraphs for line in p.text.split("\v") if line.strip()]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        out.append(SlideText(title_shape.text if title_shape is not None else "", body, notes))
    return out


@pytest.fixture(scope="module")
def decks(project, tmp_path_factory) -> dict[str, list[SlideText]]:
    folder = tmp_path_factory.mktemp("decks")
    written = write_decks(project, folder)
    assert all(p.parent == folder for p in written)
    return {p.stem: read_deck(p) for p in written}


@pytest.fixture(scope="module")
def deck_files(project, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("deck-files")
    write_decks(project, folder)
    return folder


def _titled(deck: list[SlideText], start: str) -> list[SlideText]:
    return [s for s in deck if s.title.startswith(start)]


def _top_label(unit) -> str:
    """The label as written of the outermost labelled unit above or at ``unit`` (chapters aside), without the
    enumeration comma of labels such as (三)、 and 五、."""
    chain = [u for u in [*unit.ancestors(), unit] if u.label and u.kind != "chapter"]
    return chain[0].label.rstrip("、")


def test_one_deck_per_regulation(project, deck_files):
    assert sorted(p.name for p in deck_files.iterdir()) == sorted(f"{r}.pptx" for r in project.regulations)


def test_title_slide(project, decks):
    for reg in project.ordered_regulations():
        first = decks[reg.id][0]
        assert first.title == project.jurisdiction.render(reg.title)
        assert "新任执法人员培训" in first.body
        shown = "\n".join(first.body)
        for name, value in (("制定机关", reg.issuer), ("施行日期", reg.effective)):
            assert (name in shown) == (value.strip() != "原文未载明"), (reg.id, name, shown)
    conduct = project.regulations["code-of-conduct"]
    assert f"制定机关：{project.jurisdiction.render(conduct.issuer)}" in decks["code-of-conduct"][0].body


def test_structure_lists_every_article_and_section_in_order(project, decks):
    for reg in project.ordered_regulations():
        slides = _titled(decks[reg.id], "结构")
        assert slides, reg.id
        lines = [line for s in slides for line in s.body]
        expected = [u.label for u in reg.walk() if u.kind in ("article", "section")]
        if any(u.kind == "section" for u in reg.units):
            expected += [c.label for s in reg.units if s.kind == "section" for c in s.children if c.kind == "item"]
        starts = [next((i for i, line in enumerate(lines) if line.startswith(label)), None) for label in expected]
        assert None not in starts, (reg.id, list(zip(expected, starts)))
        articles = [u.label for u in reg.walk() if u.kind == "article"]
        positions = [next(i for i, line in enumerate(lines) if line.startswith(label)) for label in articles]
        assert positions == sorted(positions), reg.id
        chapters = [f"{u.label} {u.heading}" for u in reg.units if u.kind == "chapter"]
        assert all(any(c in s.title for s in slides) for c in chapters), reg.id
        for s in slides:
            assert len(s.body) <= 8, (reg.id, s.title, "too many lines for one slide")


def test_structure_notes_hold_the_full_text(project, decks):
    render = project.jurisdiction.render
    for reg in project.ordered_regulations():
        slides = _titled(decks[reg.id], "结构")
        for unit in reg.walk():
            if unit.kind == "article" or (unit.kind == "section" and unit.parent is None):
                slide = next(s for s in slides if any(line.startswith(unit.label) for line in s.body))
                for part in unit.walk():
                    if part.text:
                        assert render(part.text) in slide.notes, (reg.id, part.id)
    county = project.jurisdiction.render("{{ county }}")
    assert any(county in s.notes for s in decks["code-of-conduct"]), "markup-like county names must survive"


def test_key_points_with_their_labels(project, decks):
    assert project.training is not None, "data/training.yaml is missing: the decks' key points come from it"
    render = project.jurisdiction.render
    for step in project.training.path:
        deck = decks[step.regulation]
        for point in step.points:
            heading = "必须做到" if point.kind == "duty" else "严禁"
            slides = _titled(deck, heading)
            line = next((ln for s in slides for ln in s.body if render(point.point) in ln), None)
            assert line is not None, (step.regulation, point.point)
            unit = project.regulations[point.basis.regulation].unit(point.basis.unit)
            assert line.startswith(_top_label(unit)), (line, _top_label(unit))
            slide = next(s for s in slides if line in s.body)
            assert render(unit.text or unit.children[0].text) in slide.notes
            assert render(step.why) in slide.notes


def test_missing_learning_path_lists_nothing(copy):
    (copy / "data" / "training.yaml").unlink()
    project = load_project(copy)
    assert project.training is None
    folder = copy / "out"
    write_decks(project, folder)
    deck = read_deck(folder / "major-case.pptx")
    for heading in ("必须做到", "严禁"):
        (slide,) = _titled(deck, heading)
        assert slide.body == [], slide.body
        assert "training.yaml" in slide.notes and "暂无" in slide.notes


def test_related_forms(project, decks):
    for reg in project.ordered_regulations():
        slides = _titled(decks[reg.id], "相关执法文书")
        assert slides, reg.id
        lines = [line for s in slides for line in s.body]
        citing = {}
        for form in project.forms.values():
            units = [reg.unit(c.unit) for _, c in form.citations() if c.regulation == reg.id]
            if units:
                citing[project.jurisdiction.render(form.title)] = {_top_label(u) for u in units}
        for form in project.forms.values():
            title = project.jurisdiction.render(form.title)
            shown = [i for i, line in enumerate(lines) if line == f"《{title}》"]
            assert bool(shown) == (title in citing), (reg.id, title)
            if shown:
                basis = lines[shown[0] + 1]
                assert basis.startswith("依据："), basis
                assert all(label in basis for label in citing[title]), (reg.id, title, basis)
        if not citing:
            assert all(not s.body for s in slides) and "没有执法文书" in slides[0].notes


def test_review_questions_with_answers_in_notes(project, decks):
    render = project.jurisdiction.render
    for reg in project.ordered_regulations():
        mine = [q for q in project.questions if q.regulation == reg.id]
        slides = _titled(decks[reg.id], "复习题")
        if not mine:
            assert len(slides) == 1 and not slides[0].body and "暂无" in slides[0].notes
            continue
        assert len(slides) == min(3, len(mine)), reg.id
        for s in slides:
            q = next(q for q in mine if any(render(q.stem) in line for line in s.body))
            assert f"答案：{q.answer_text()}" in s.notes
            assert render(q.basis[0].quote) in s.notes.replace("\n", "")
            assert [line for line in s.body if re.match(r"^[A-G]．", line)] == \
                [f"{'ABCDEFG'[i]}．{render(o)}" for i, o in enumerate(q.options)]
            assert not any("答案" in line or q.explanation in line for line in s.body), "answers belong in the notes"


def test_every_content_slide_has_notes(decks):
    for reg_id, deck in decks.items():
        for s in deck[1:]:
            assert s.notes.strip(), (reg_id, s.title)


def test_theme_east_asian_fonts_are_chinese(deck_files):
    for pptx in deck_files.glob("*.pptx"):
        with zipfile.ZipFile(pptx) as z:
            rels = etree.fromstring(z.read("ppt/slideMasters/_rels/slideMaster1.xml.rels"))
            theme = next(r.get("Target") for r in rels if r.get("Type").endswith("/theme"))
            root = etree.fromstring(z.read(posixpath.normpath(posixpath.join("ppt/slideMasters", theme))))
        for group in ("majorFont", "minorFont"):
            ea = root.find(f".//{{{A}}}fontScheme/{{{A}}}{group}/{{{A}}}ea")
            assert ea is not None and CJK.search(ea.get("typeface", "")), (pptx.name, group, etree.tostring(ea))


def test_markdown_escaping_keeps_text_literal():
    tricky = "**县 _乡_ [第一条](x) <b>四</b> # 1. - `码` \\ ____ {{ a }} $5$ ~删~ ^上^ @引 | 表 |"
    back = pypandoc.convert_text(md(tricky), "plain", format="markdown", extra_args=["--wrap=none"]).strip()
    assert back == tricky


def test_libreoffice_shows_chinese(project, deck_files, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice, with Impress) is needed: make test installs it"
    run = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck_files / "code-of-conduct.pptx")],
                         capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "code-of-conduct.pdf"
    assert pdf.exists(), f"LibreOffice could not convert the deck (is Impress installed?): {run.stdout} {run.stderr}"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    reg = project.regulations["code-of-conduct"]
    assert project.jurisdiction.render(reg.title) in squeezed
    assert "新任执法人员培训" in squeezed and "相关执法文书" in squeezed
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"CJK|AR ?PL|WenQuanYi|uming|gbsn", fonts, re.I), fonts


def test_output_check_reads_decks(project, tmp_path):
    """A wrong citation typed into a deck (slide or speaker notes) fails the build's output check."""
    import pypandoc

    from zhifa.check.outputs import check_outputs

    good = "见《人口和计划生育行政执法行为规范》第十四条。"
    wrong = "《人口和计划生育行政执法行为规范》第二十四条"
    text = f"---\nlang: zh-Hans\n---\n\n# 第一页\n\n- {good}\n\n::: notes\n讲解时说明{wrong}。\n:::\n"
    pypandoc.convert_text(text, "pptx", format="markdown", outputfile=str(tmp_path / "deck.pptx"))
    problems = check_outputs(project, tmp_path)
    assert [(p.path, p.code) for p in problems] == [("site/deck.pptx", "CT01")], problems
