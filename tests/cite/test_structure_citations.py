"""Citations of a law with 编 and 节 and items written （一）, rendered and typed, as Chinese laws cite them."""

import pytest

from structure_support import CITATIONS, LAW_ID, LAW_TITLE, law_project

SHORT = "示范执法监督法"


@pytest.fixture(scope="module")
def law_loaded(tmp_path_factory):
    from zhifa.load.loader import load_project

    project = load_project(law_project(tmp_path_factory.mktemp("cite") / "law"))
    assert not project.problems, project.problems
    return project


@pytest.fixture(scope="module")
def catalog(law_loaded):
    from zhifa.cite.scan import Catalog

    return Catalog.from_project(law_loaded)


@pytest.mark.parametrize("unit_id, path", sorted(CITATIONS.items()))
def test_formal_citation(law_loaded, unit_id, path):
    from zhifa.cite.render import formal, short

    reg = law_loaded.regulations[LAW_ID]
    unit = reg.unit(unit_id)
    assert formal(reg, unit, law_loaded.jurisdiction) == f"《{LAW_TITLE}》{path}"
    assert short(reg, unit) == f"《{SHORT}》{path}"


def test_the_shipped_shapes_are_cited_as_before(project):
    from zhifa.cite.render import unit_path

    assert unit_path(project.regulations["responsibility"].unit("art_11__item_4")) == "（十一）第4项"
    assert unit_path(project.regulations["self-inspection"].unit("sec_2__item_1__subitem_3")) == "第二部分第1项第（3）目"
    assert unit_path(project.regulations["code-of-conduct"].unit("chp_2")) == "第二章"


def _resolve(catalog, law_loaded, text):
    from zhifa.cite.scan import check, resolve

    found = catalog.finder.find(text)
    assert len(found) == 1, found
    resolved = resolve(found[0], catalog)
    assert resolved.regulation is law_loaded.regulations[LAW_ID]
    return resolved, check(resolved, catalog)


@pytest.mark.parametrize("unit_id, path", sorted(CITATIONS.items()))
def test_every_rendered_citation_reads_back_as_typed_text(catalog, law_loaded, unit_id, path):
    resolved, problems = _resolve(catalog, law_loaded, f"依照《{LAW_TITLE}》{path}的规定")
    assert resolved.unit is not None and resolved.unit.id == unit_id and problems == []


@pytest.mark.parametrize("written, unit_id", [
    ("第一编第二章第三条", "part_1__chp_2__subchp_1__art_3"),  # the heading holds the article
    ("第一编第二章第一节第三条第（二）项", "part_1__chp_2__subchp_1__art_3__item_2"),
    ("第四条第一款第(二)项", "part_1__chp_2__subchp_2__art_4__para_1__item_2"),  # half-width brackets typed
])
def test_typed_citations_with_headings_and_bracketed_items(catalog, law_loaded, written, unit_id):
    resolved, problems = _resolve(catalog, law_loaded, f"《{SHORT}》{written}")
    assert resolved.unit is not None and resolved.unit.id == unit_id and problems == []


@pytest.mark.parametrize("written, message", [
    ("第四条第一款第（五）项", "没有第（五）项（共 3 项，最后一项是第（三）项）"),
    ("第三条第（二）项第3目", "没有第3目（共 2 目，最后一目是第2目）"),
    ("第三编", "没有第三编（共 2 编，最后一编是第二编）"),
    ("第一编第三章", "没有第三章（共 2 章，最后一章是第二章）"),
    ("第二编第二章第三条", ""),  # 第三条 is not in 第二编第二章 (there is none)
    ("第二编第一章第三条", ""),  # 第三条 exists, but not in 第二编第一章
])
def test_typed_citations_of_units_that_do_not_exist(catalog, law_loaded, written, message):
    resolved, problems = _resolve(catalog, law_loaded, f"《{SHORT}》{written}")
    assert resolved.unit is None
    assert [code for code, _ in problems] == ["CT01"]
    assert message in problems[0][1]


def test_a_range_of_articles_across_parts(catalog, law_loaded):
    resolved, problems = _resolve(catalog, law_loaded, f"《{SHORT}》第二条至第五条")
    assert resolved.unit.id == "part_1__chp_1__art_2" and resolved.until.id == "part_2__chp_1__art_5"
    assert problems == []


def test_parse_ref_knows_parts_and_subchapters():
    from zhifa.cite.scan import parse_ref

    text = "第二编第一章第三节第十条第二款第（四）项第1目"
    ref, end = parse_ref(text)
    assert end == len(text)
    assert [(p.kind, p.number) for p in ref] == [("part", 2), ("chapter", 1), ("subchapter", 3), ("article", 10),
                                                  ("paragraph", 2), ("item", 4), ("subitem", 1)]


@pytest.mark.parametrize("kind, label, number", [
    ("part", "第十二编", 12),
    ("subchapter", "第三节", 3),
    ("article", "(四)", 4),
    ("article", "(四)、", 4),
    ("item", "（十一）", 11),
    ("item", "(二)", 2),
    ("item", "3、", 3),
    ("subitem", "1.", 1),
    ("subitem", "12．", 12),
    ("subitem", "2、", 2),
    ("subitem", "（3）", 3),
    ("subitem", "(4)", 4),
])
def test_label_shapes(kind, label, number):
    from zhifa.cite.numerals import label_number

    assert label_number(kind, label) == number


@pytest.mark.parametrize("kind, label", [("part", "第二章"), ("subchapter", "第一编"), ("item", "（1）"),
                                         ("subitem", "（一）"), ("subitem", "1"), ("item", "一、")])
def test_labels_of_other_kinds_are_not_taken(kind, label):
    from zhifa.cite.numerals import label_number

    assert label_number(kind, label) is None


@pytest.mark.parametrize("kind, label, number, relabelled", [
    ("part", "第三编", 2, "第二编"),
    ("subchapter", "第四节", 3, "第三节"),
    ("item", "（六）", 5, "（五）"),
    ("item", "(十二)", 11, "(十一)"),
    ("subitem", "6.", 5, "5."),
    ("subitem", "6．", 5, "5．"),
    ("article", "(七)", 6, "(六)"),
])
def test_relabel_keeps_the_shape(kind, label, number, relabelled):
    from zhifa.check.project import _relabel

    assert _relabel(kind, label, number) == relabelled


def test_count_words():
    from zhifa.cite.numerals import count_words

    assert [count_words(n) for n in (1, 2, 6, 7, 12, 22)] == ["一", "两", "六", "七", "十二", "二十二"]
