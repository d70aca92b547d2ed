"""A law with 编, 章, 节, head lines and several source ranges, as the handbook shows it: the built page (headings
nested, head lines in the metadata box, labels as written), the print edition's body, the slides' outline; and the
number of regulations on the home and index pages taken from the data."""

import html
import re

import pytest

from conftest import ROOT, copy_project, run_zhifa
from structure_support import HISTORY, LAW_ID, LAW_TITLE, LAW_YAML, SOURCE_LINES, add_law

# A head line with characters that are markup in HTML, in the source and the YAML alike (fidelity still holds).
MARKUP = "<b>&amp;</b>"
HEAD = HISTORY[1] + MARKUP
CHINESE = {6: "六", 7: "七"}  # counts written out by hand


def _law_with_markup_and_placeholder(root):
    text = LAW_YAML.replace(f"  - {HISTORY[1]}\n", f"  - {HEAD}\n").replace(
        "scope: 各级人民政府对所属部门行政执法活动的监督", "scope: 【待填写】")
    add_law(root, text, [HEAD if line == HISTORY[1] else line for line in SOURCE_LINES])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("structure-site")
    root = copy_project(base / "proj", site=True)
    _law_with_markup_and_placeholder(root)
    out = base / "site"
    result = run_zhifa("build", "--no-downloads", "--root", str(root), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr  # the 【待填写】 scope is no reason to fail
    return root, out


def _page(out, name):
    return (out / name).read_text(encoding="utf-8")


def _heading_levels(page):
    return {m["id"]: int(m["level"]) for m in re.finditer(r'<h(?P<level>[1-6]) id="(?P<id>[^"]+)"', page)}


def test_parts_chapters_and_subchapters_nest_as_headings(built):
    _, out = built
    levels = _heading_levels(_page(out, f"regulations/{LAW_ID}.html"))
    assert {k: levels[k] for k in ("part_1", "part_1__chp_1", "part_1__chp_2", "part_1__chp_2__subchp_1",
                                   "part_1__chp_2__subchp_2", "part_2", "part_2__chp_1")} == {
        "part_1": 2, "part_1__chp_1": 3, "part_1__chp_2": 3, "part_1__chp_2__subchp_1": 4,
        "part_1__chp_2__subchp_2": 4, "part_2": 2, "part_2__chp_1": 3}
    assert levels["part_1__chp_1__art_1"] == 4 and levels["part_1__chp_2__subchp_2__art_4"] == 5


def test_heading_texts_and_labels_as_written(built):
    _, out = built
    page = _page(out, f"regulations/{LAW_ID}.html")
    assert re.search(r'<h2 id="part_2">第二编 附　　则<', page)
    assert re.search(r'<h4 id="part_1__chp_2__subchp_1">第一节 设　　置<', page)
    for label in ("(一)", "（二）", "1．", "1."):
        assert f'<span class="zf-label">{label}</span>' in page, label
    assert f"《{LAW_TITLE}》第四条第一款第（二）项第1目" in html.unescape(page)


def test_no_copy_button_on_parts_and_subchapters(built):
    _, out = built
    page = _page(out, f"regulations/{LAW_ID}.html")
    assert f'data-cite="《{LAW_TITLE}》第一编' not in page and "第一编第二章第二节" not in page


def test_head_lines_and_ranges_in_the_metadata_box(built):
    _, out = built
    page = _page(out, f"regulations/{LAW_ID}.html")
    box = re.search(r'<div class="zf-meta">(.*?)</div>', page, re.S)[1]
    row = re.search(r"<tr><th>制定和修改</th><td>(.*?)</td></tr>", box)[1]
    assert row.split("<br>") == [HISTORY[0], html.escape(HEAD)]
    assert "<b>" not in box
    assert "<tr><th>原文出处</th><td>data/sources/demo-law.txt 第 1–3、12–33 行</td></tr>" in box


def test_the_shipped_regulations_show_no_history_row(built):
    _, out = built
    assert "制定和修改" not in _page(out, "regulations/code-of-conduct.html")


def test_the_number_of_regulations_comes_from_the_data(built):
    root, out = built
    count = CHINESE[len(list((root / "regulations").glob("*.yaml")))]
    home = re.sub(r"<[^>]+>", "", _page(out, "index.html"))
    assert f"它收录本县执行的{count}部行政执法规章制度" in home
    assert f"{count}部规章制度" in re.search(r"<h2[^>]*>(.*?)</h2>", _page(out, "index.html"))[1]
    assert f"本手册收录以下{count}部规章制度。" in _page(out, "regulations/index.html")


def test_the_shipped_index_reads_as_before(project):
    from zhifa.render.site.regulations import regulations_index

    count = CHINESE[len(list((ROOT / "regulations").glob("*.yaml")))]
    assert f"\n本手册收录以下{count}部规章制度。每一条都有固定的链接地址，可直接引用。\n" in regulations_index(project)
    assert "{{ regulation_count }}部" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


def test_validate_of_the_built_project_warns_of_the_placeholder(built):
    root, _ = built
    result = run_zhifa("validate", "--root", str(root))
    assert result.returncode == 0
    assert re.search(rf"^regulations/{LAW_ID}\.yaml:\d+:8: W001 scope ", result.stdout, re.M), result.stdout


# the print edition and the slides, from the model ----------------------------------------------------------------

@pytest.fixture(scope="module")
def law_project_loaded(built):
    from zhifa.load.loader import load_project

    return load_project(built[0])


def test_print_edition_headings_and_head_lines(law_project_loaded):
    from zhifa.render.view.print_edition import PrintBody

    body = PrintBody(law_project_loaded)
    levels = {anchor: level for level, anchor, _ in body.toc if anchor.startswith(f"{LAW_ID}--")}
    assert levels == {
        f"{LAW_ID}--part_1": 2, f"{LAW_ID}--part_1__chp_1": 3, f"{LAW_ID}--part_1__chp_2": 3,
        f"{LAW_ID}--part_1__chp_2__subchp_1": 4, f"{LAW_ID}--part_1__chp_2__subchp_2": 4,
        f"{LAW_ID}--part_2": 2, f"{LAW_ID}--part_2__chp_1": 3}
    text = "".join(body.html)
    assert f'<h2 id="{LAW_ID}--part_1">第一编\u3000总　　则</h2>' in text
    assert f'<h4 id="{LAW_ID}--part_1__chp_2__subchp_2">第二节\u3000职　　责</h4>' in text
    row = re.search(r"<tr><td><strong>制定和修改</strong></td><td>(.*?)</td></tr>", text)[1]
    assert row.split("<br>") == [HISTORY[0], html.escape(HEAD)]
    assert "<strong>(一)</strong>专职监督人员" in text and "<strong>1.</strong>书面投诉" in text


def test_slide_outline_by_chapter_and_subchapter(law_project_loaded):
    from zhifa.render.pptx.slides import structure_slides, written_label

    reg = law_project_loaded.regulations[LAW_ID]
    titles = [s.title for s in structure_slides(law_project_loaded, reg)]
    assert titles == ["结构：第一编 总　　则 第一章 一般规定",
                      "结构：第一编 总　　则 第二章 监督机构 第一节 设　　置",
                      "结构：第一编 总　　则 第二章 监督机构 第二节 职　　责",
                      "结构：第二编 附　　则 第一章 施　　行"]
    assert written_label(reg.unit("part_1__chp_2__subchp_2__art_4__para_1__item_2")) == "第四条第一款第（二）项"
