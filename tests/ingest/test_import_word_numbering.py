"""Word's automatic numbering: the labels are not in the paragraph text; the importer writes them out as Word draws
them. The independent reader is LibreOffice, whose text export draws the numbering itself."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml import parse_xml

from conftest import ROOT, run_zhifa

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LEVELS = (f'<w:abstractNum {W} w:abstractNumId="90">'
          '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/>'
          '<w:suff w:val="space"/></w:lvl>'
          '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
          '<w:suff w:val="nothing"/></w:lvl></w:abstractNum>')
# (text, numbering level or None): twelve articles, so 第十条 … 第十二条 are drawn too
PARAGRAPHS = [("测试县人口和计划生育行政执法证件管理规定", None), ("第一章 总则", None),
              ("为规范执法证件管理，制定本规定。", 0), ("本规定适用于全县人口和计划生育行政执法人员。", 0),
              ("执法人员有下列情形之一的，由发证机关收回执法证件：", 0), ("调离执法岗位的；", 1), ("退休的；", 1),
              ("受到开除处分的。", 1), ("前款规定的证件，由县局统一收回并登记。", None), ("第二章 管理", None),
              *[(f"执法证件管理的第{n}项要求，由县局另行规定。", 0) for n in range(4, 12)],
              ("第三章 附则", None), ("本规定自2026年1月1日起施行。", 0)]


def make_docx(path: Path) -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(LEVELS))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in PARAGRAPHS:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(path)


@pytest.fixture(scope="module")
def numbered(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("word") / "证件管理规定.docx"
    make_docx(path)
    return path


def libreoffice_labels(path: Path) -> list[str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by make (scripts/setup_system.sh)"
    out = path.parent / "lo"
    # A profile of its own, as the other LibreOffice tests have: two soffice on one profile (pytest -n) would collide.
    subprocess.run([soffice, f"-env:UserInstallation={(path.parent / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=120)
    text = (out / (path.stem + ".txt")).read_text(encoding="utf-8-sig")
    return re.findall(r"^\s*(第[一二三四五六七八九十]+条|（[一二三四五六七八九十]+）)", text, re.M)


def test_labels_are_not_in_the_paragraph_text(numbered: Path):
    texts = [p.text for p in docx.Document(numbered).paragraphs]
    assert not any(re.match(r"第.+条|（.）", t) for t in texts)


def test_import_writes_the_labels_word_draws(numbered: Path, tmp_path: Path):
    root = tmp_path / "project"
    (root / "regulations").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copy(ROOT / "data" / "jurisdiction.yaml", root / "data" / "jurisdiction.yaml")
    done = run_zhifa("import", str(numbered), "--root", str(root), "--id", "permits")
    assert done.returncode == 0, done.stdout + done.stderr
    reg = yaml.safe_load((root / "regulations" / "permits.yaml").read_text(encoding="utf-8"))

    def walk(units):
        for unit in units:
            yield unit
            yield from walk(unit.get("children", []))

    units = list(walk(reg["units"]))
    labels = [u["label"] for u in units if u["kind"] in ("article", "item")]
    assert labels == libreoffice_labels(numbered)
    articles = [u for u in units if u["kind"] == "article"]
    assert len(articles) == sum(1 for _, level in PARAGRAPHS if level == 0)
    third = next(u for u in units if u["id"] == "chp_1__art_3")
    assert [c["id"] for c in third["children"]] == ["chp_1__art_3__para_1", "chp_1__art_3__para_2"]
    assert third["children"][0]["children"][2] == {"id": "chp_1__art_3__para_1__item_3", "kind": "item",
                                                  "label": "（三）", "text": "受到开除处分的。"}
    assert third["children"][1]["text"] == "前款规定的证件，由县局统一收回并登记。"
    assert reg["effective"] == "自2026年1月1日起施行（第十二条）"
    source = (root / reg["source"]["file"]).read_text(encoding="utf-8")
    assert "第十二条　本规定自2026年1月1日起施行。" in source
    assert run_zhifa("validate", "--root", str(root)).returncode == 0
