"""A law brought in by `zhifa import` is a regulation like the others: the site built after the import has its page,
with its chapter and 节 headings and its articles' text (the HTML read back). The only site build of the import tests."""

from __future__ import annotations

import html
import re

import pytest
from import_cases import EXPECTED, output, run_import, squeeze, write_input

from conftest import copy_project, run_zhifa

LAW = "national-law"
EXPECTED_LAW = EXPECTED[LAW]["regulations"][0]
SAMPLES = {unit["id"]: unit for unit in EXPECTED_LAW["units"]}


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    base = tmp_path_factory.mktemp("import-site")
    root = copy_project(base / "proj", site=True)
    imported = run_import(LAW, write_input(LAW, base / "input"), root)
    assert imported.returncode == 0, output(imported)
    out = base / "site"
    built = run_zhifa("build", "--no-downloads", "--root", str(root), "--out", str(out))
    assert built.returncode == 0, output(built)
    path = out / "regulations" / f"{EXPECTED_LAW['id']}.html"
    assert path.is_file(), sorted(p.name for p in (out / "regulations").iterdir())
    return path.read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    """What a reader sees of an HTML fragment, whitespace removed."""
    return squeeze(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def _element(page: str, unit_id: str) -> str:
    m = re.search(rf'<(?P<tag>h[1-6]|div|p|li|section|article)\b[^>]*\bid="{unit_id}"[^>]*>(?P<body>.*?)</(?P=tag)>',
                  page, re.S)
    assert m, f"no element with id {unit_id}"
    return m["body"]


def test_title_on_the_page(page):
    assert EXPECTED_LAW["title"] in _text(page)


@pytest.mark.parametrize("unit_id", ["chp_2", "chp_7"])
def test_chapter_heading(page, unit_id):
    unit = SAMPLES[unit_id]
    assert squeeze(unit["label"] + unit["heading"]) in _text(_element(page, unit_id))


def test_subchapter_heading(page):
    unit = SAMPLES["chp_2__subchp_2"]
    assert squeeze(unit["label"] + unit["heading"]) in _text(_element(page, unit["id"]))


@pytest.mark.parametrize("unit_id", ["chp_1__art_1", "chp_7__art_86", "chp_2__subchp_2__art_19__para_3",
                                     "chp_3__subchp_2__art_36__item_2__subitem_2"])
def test_article_text(page, unit_id):
    assert f'id="{unit_id}"' in page
    assert squeeze(SAMPLES[unit_id]["text"]) in _text(page)
