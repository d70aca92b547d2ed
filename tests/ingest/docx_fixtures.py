"""numbered.docx for the import tests: a Word file whose article and item labels are Word automatic numbering.

The text is ``tests/fixtures/import/numbered-source.txt``, written with its labels so that a person can read it. Each
``第X条　…`` line becomes a paragraph numbered at level 0 of one list (numFmt chineseCounting, lvlText ``第%1条``), each
``（X）…`` line a paragraph at level 1 (lvlText ``（%2）``, restarting under every article); the label itself is not
written into the paragraph. The title, the chapter lines (第一章　总则) and a 款 that continues an article are plain
paragraphs. The labels of the text are checked against the numbers Word will show, so the text and the file agree.

``libreoffice_text`` is the independent check that a real reader renders those labels.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import cn2an
import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUM_ID = 7
ARTICLE_TEXT = "第%1条"
ITEM_TEXT = "（%2）"

# The whole numbering part: one abstract list (article, item) and the list instance the paragraphs use.
NUMBERING_XML = f"""\
<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="3">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0">
      <w:start w:val="1"/>
      <w:numFmt w:val="chineseCounting"/>
      <w:lvlText w:val="{ARTICLE_TEXT}"/>
      <w:lvlJc w:val="left"/>
      <w:suff w:val="space"/>
      <w:pPr><w:ind w:firstLine="640"/></w:pPr>
    </w:lvl>
    <w:lvl w:ilvl="1">
      <w:start w:val="1"/>
      <w:numFmt w:val="chineseCounting"/>
      <w:lvlText w:val="{ITEM_TEXT}"/>
      <w:lvlJc w:val="left"/>
      <w:suff w:val="nothing"/>
      <w:pPr><w:ind w:firstLine="640"/></w:pPr>
    </w:lvl>
  </w:abstractNum>
  <w:num w:numId="{NUM_ID}"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>"""

ARTICLE = re.compile(r"^第([一二三四五六七八九十百]+)条　(.+)$")
ITEM = re.compile(r"^（([一二三四五六七八九十]+)）(.+)$")
CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章　")


def numbered_lines(text: str) -> list[tuple[int | None, str]]:
    """The text's lines as (numbering level or None, paragraph text without its label); the labels must count on."""
    lines = text.splitlines()
    out: list[tuple[int | None, str]] = [(None, lines[0])]
    article = item = 0
    for line in lines[1:]:
        if m := ARTICLE.match(line):
            article, item = article + 1, 0
            assert cn2an.cn2an(m[1], "strict") == article, f"label out of sequence: {line}"
            out.append((0, m[2]))
        elif m := ITEM.match(line):
            item += 1
            assert cn2an.cn2an(m[1], "strict") == item, f"label out of sequence: {line}"
            out.append((1, m[2]))
        else:
            out.append((None, line))
    return out


def write_numbered_docx(text: str, target: Path) -> Path:
    """Write ``text`` (title, chapters, 第X条 and （X） lines) as a .docx numbered by Word; return ``target``."""
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(NUMBERING_XML)
    for n, (level, words) in enumerate(numbered_lines(text)):
        paragraph = document.add_paragraph(words)
        if n == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{NUM_ID}"/></w:numPr>'))
        elif CHAPTER.match(words):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.save(str(target))
    return target


def libreoffice_text(source: Path, work: Path) -> str:
    """The text LibreOffice makes of ``source`` (``soffice --convert-to txt:Text``), with a private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: make test installs it"
    out = work / "lo-text"
    run = subprocess.run([soffice, f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless",
                          "--convert-to", "txt:Text", "--outdir", str(out), str(source)],
                         capture_output=True, text=True, timeout=180)
    converted = out / f"{source.stem}.txt"
    assert converted.is_file(), f"LibreOffice did not convert {source}: {run.stdout} {run.stderr}"
    return converted.read_text(encoding="utf-8-sig")
