"""Typing into a blank fillable PDF in a real viewer: pdf.js (npm ``pdfjs-dist``, installed by make) in Chromium.

The blank PDFs embed no font for their fields: a viewer types in the standard STSong-Light it supplies. pdf.js draws
its own inputs over the fields; the test types as a user does (click, keys, Tab), checks the input shows the text
and draws it, saves the document with pdf.js (``saveDocument``) and reads the saved file back with pypdf and
poppler. The viewer page and pdf.js are served from 127.0.0.1; nothing else may be requested.
"""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from browser_support import RecordedPage, SiteServer
from conftest import ROOT
from zhifa.render.pdf.checklist import write_checklist_pdf
from zhifa.render.pdf.form import write_pdf
from zhifa.render.view.checklist import checklist_view
from zhifa.render.view.form import form_view

PDFJS = ROOT / "node_modules" / "pdfjs-dist"
NAME = "张堃"
VIEWER = """<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>pdf.js</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="pdfjs/web/pdf_viewer.css">
<style>#box { position: absolute; inset: 0; overflow: auto; }</style></head>
<body><div id="box"><div id="viewer" class="pdfViewer"></div></div>
<script type="module">
import * as pdfjsLib from "./pdfjs/build/pdf.mjs";
globalThis.pdfjsLib = pdfjsLib;
pdfjsLib.GlobalWorkerOptions.workerSrc = "./pdfjs/build/pdf.worker.mjs";
const v = await import("./pdfjs/web/pdf_viewer.mjs");
const eventBus = new v.EventBus();
const linkService = new v.PDFLinkService({ eventBus });
const viewer = new v.PDFViewer({ container: document.getElementById("box"), viewer: document.getElementById("viewer"),
  eventBus, linkService, annotationMode: pdfjsLib.AnnotationMode.ENABLE_FORMS });
linkService.setViewer(viewer);
eventBus.on("annotationlayerrendered", () => { window.layerReady = true; });
const doc = await pdfjsLib.getDocument({ url: new URLSearchParams(location.search).get("pdf"),
  cMapUrl: "./pdfjs/cmaps/", cMapPacked: true, standardFontDataUrl: "./pdfjs/standard_fonts/" }).promise;
viewer.setDocument(doc);
linkService.setDocument(doc, null);
window.savePdf = async () => {
  const bytes = await doc.saveDocument();
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
</script></body></html>"""


@pytest.fixture(scope="module")
def viewer_dir(project, tmp_path_factory) -> Path:
    if not (PDFJS / "build" / "pdf.mjs").is_file():
        pytest.fail(f"{PDFJS} is missing: run make test (npm ci installs pdfjs-dist)")
    folder = tmp_path_factory.mktemp("pdfjs")
    (folder / "pdfjs").symlink_to(PDFJS, target_is_directory=True)
    (folder / "viewer.html").write_text(VIEWER, encoding="utf-8")
    form = next(f for f in project.forms.values() if any(x.type == "text" for x in f.fields()))
    write_pdf(form_view(project, form), folder / "form.pdf")
    checklist = next(iter(project.checklists.values()))
    write_checklist_pdf(checklist_view(project, checklist), folder / "checklist.pdf")
    return folder


@pytest.fixture(scope="module")
def viewer_url(viewer_dir):
    with SiteServer(viewer_dir) as server:
        yield server.base_url + "viewer.html"


def _first_empty_text_input(page):
    """pdf.js's input for the first one-line text field that holds nothing."""
    inputs = page.locator(".annotationLayer .textWidgetAnnotation input")
    for i in range(inputs.count()):
        if inputs.nth(i).input_value() == "":
            return inputs.nth(i)
    pytest.fail("no empty one-line text field in the PDF")


def _ink(png: bytes) -> int:
    """Dark pixels in a screenshot."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(image.convert("L").histogram()[:110])


@pytest.mark.parametrize("pdf", ["form.pdf", "checklist.pdf"])
def test_typing_chinese_into_a_blank_pdf_in_pdfjs_shows_it_and_saves_it(browser, viewer_url, viewer_dir, pdf, tmp_path):
    page = RecordedPage(browser.new_page(viewport={"width": 1100, "height": 900}, locale="zh-CN"))
    try:
        page.page.goto(f"{viewer_url}?pdf={pdf}")
        page.page.wait_for_function("window.layerReady === true", timeout=30_000)
        field = _first_empty_text_input(page.page)
        name = field.get_attribute("name")
        before = _ink(field.screenshot())
        field.click()
        page.page.keyboard.type(NAME)
        page.page.keyboard.press("Tab")
        assert field.input_value() == NAME
        assert _ink(field.screenshot()) > before + 20           # the characters are drawn, not only stored
        saved = base64.b64decode(page.page.evaluate("window.savePdf()"))
        assert page.problems() == []
    finally:
        page.page.close()
    fields = PdfReader(io.BytesIO(saved)).get_fields()
    assert fields[name].get("/V") == NAME
    original = PdfReader(viewer_dir / pdf).get_fields()
    assert {k: f.get("/V") for k, f in fields.items() if k != name} == {k: f.get("/V") for k, f in original.items()
                                                                        if k != name}
    out = tmp_path / "saved.pdf"
    out.write_bytes(saved)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True)
    assert info.returncode == 0, info.stderr                     # poppler opens what pdf.js saved
