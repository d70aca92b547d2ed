"""The officers' search query set (tests/fixtures/search/officer-queries.yaml) is well formed and true to the texts.

Reads the YAML files directly (PyYAML), not through the project loader or the site: the query set is checked against
the regulation text itself, so a query cannot pass here because some program happened to produce it.
"""

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "tests" / "fixtures" / "search" / "officer-queries.yaml"

KIND_MINIMUM = {"keyword": 30, "phrase": 30, "question": 25, "numeral": 20, "citation": 20, "form": 10}
KEYWORD_LENGTH = (2, 4)
PHRASE_LENGTH = (5, 15)
PROCEDURE_PAGES_EXTRA = {"deadlines"}  # built from data/deadlines.yaml, not a key of data/procedures.yaml

# The queries tests/browser/test_browser.py already types; the set is meant to add to them, not repeat them.
BROWSER_QUERIES = set(
    "处罚 整改要求 培训 表明执法者身份 十一条 回避 十四条 听证 监督员 通知书 三分离 孕检 主任负责制 评先 第二十一条 "
    "坐收坐支 白条 搭车 暂扣 临时人员 简易程序 一票否决 拖延不报 国家人口计生委 申辩 不作为 从重追究 从轻 申诉 书面检讨 "
    "作伪证 一人一卷 准生证 入户调查 返点 有法必依 国家赔偿法 出庭应诉 行政补偿".split()
)

VAR = re.compile(r"\{\{\s*(\w+)\s*\}\}")
CJK = re.compile(r"[\u3400-\u9fff]")


def load(path: Path):
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


JURISDICTION = {name: entry["value"] for name, entry in load(ROOT / "data" / "jurisdiction.yaml").items()}


def render(text: str) -> str:
    return VAR.sub(lambda m: JURISDICTION[m.group(1)], text)


def fold(text: str) -> str:
    """What the comparison sees: variables rendered, NFKC (full-width → half-width), all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", render(text)))


def own_text(unit: dict) -> str:
    return "".join(str(unit.get(key) or "") for key in ("label", "heading", "text"))


def walk(units):
    for unit in units or []:
        yield unit
        yield from walk(unit.get("children"))


def regulations() -> dict[str, dict[str, dict]]:
    """{regulation id: {unit id: unit}} for every regulations/*.yaml."""
    return {
        path.stem: {unit["id"]: unit for unit in walk(load(path)["units"])}
        for path in sorted((ROOT / "regulations").glob("*.yaml"))
    }


REGULATIONS = regulations()
ENTRIES = load(QUERIES)
GLOSSARY = load(ROOT / "data" / "glossary.yaml")
PROCEDURES = load(ROOT / "data" / "procedures.yaml")
DEADLINES = load(ROOT / "data" / "deadlines.yaml")


def glossary_spellings() -> list[str]:
    return [s for entry in GLOSSARY for s in [entry["term"], *(entry.get("also_written") or [])]]


def unit_of(target: str) -> dict:
    reg_id, _, unit_id = target.partition("#")
    return REGULATIONS[reg_id][unit_id]


def page_source(target: str) -> Path | None:
    """The file a page:… target is built from (None: a procedure page, checked against data/procedures.yaml)."""
    page = target.removeprefix("page:")
    if page == "glossary.md":
        return ROOT / "data" / "glossary.yaml"
    folder, _, name = page.partition("/")
    stem = name.removesuffix(".md")
    if folder in ("forms", "checklists"):
        return ROOT / "templates" / folder / f"{stem}.yaml"
    return None


def target_texts(target: str) -> list[str]:
    """The separate strings a target's answer may stand in: each unit of the subtree, or a page's title and summary."""
    if not target.startswith("page:"):
        return [own_text(u) for u in walk([unit_of(target)])]
    page = target.removeprefix("page:")
    if page == "glossary.md":
        return glossary_spellings() + [entry["definition"] for entry in GLOSSARY]
    folder, _, name = page.partition("/")
    stem = name.removesuffix(".md")
    if folder == "procedures":
        if stem == "deadlines":
            return [entry["title"] for entry in DEADLINES.values()]
        return [PROCEDURES[stem]["title"], PROCEDURES[stem].get("summary", "")]
    data = load(ROOT / "templates" / folder / f"{stem}.yaml")
    return [data["title"], data.get("summary", "")]


def cjk_bigrams(text: str) -> set[str]:
    text = fold(text)
    return {text[i : i + 2] for i in range(len(text) - 1) if CJK.match(text[i]) and CJK.match(text[i + 1])}


def ids(entry) -> str:
    return entry["q"]


def test_file_is_a_list_of_entries_with_the_four_fields():
    assert isinstance(ENTRIES, list)
    for entry in ENTRIES:
        assert set(entry) == {"q", "kind", "expect", "note"}, entry
        assert isinstance(entry["q"], str) and entry["q"].strip(), entry
        assert entry["kind"] in KIND_MINIMUM, entry
        assert isinstance(entry["expect"], list) and entry["expect"], entry
        assert all(isinstance(t, str) for t in entry["expect"]), entry
        assert isinstance(entry["note"], str) and entry["note"].strip(), entry


def test_size_and_mix_of_kinds():
    assert len(ENTRIES) >= 130
    counts = Counter(entry["kind"] for entry in ENTRIES)
    for kind, minimum in KIND_MINIMUM.items():
        assert counts[kind] >= minimum, (kind, counts[kind], minimum)


def test_no_duplicate_queries():
    """No query twice as typed; the same query in another width (24小时, ２４小时) is a deliberate variant, once."""
    typed = Counter(entry["q"].strip() for entry in ENTRIES)
    assert [q for q, n in typed.items() if n > 1] == []
    folded = Counter(fold(entry["q"]) for entry in ENTRIES)
    assert [q for q, n in folded.items() if n > 2] == []
    assert [e["q"] for e in ENTRIES if e["q"].strip() in BROWSER_QUERIES] == []


def test_some_queries_carry_width_and_space_variants():
    """The set keeps about ten full-width/half-width variants and a few leading or trailing spaces."""
    width = [e["q"] for e in ENTRIES if unicodedata.normalize("NFKC", e["q"]) != e["q"] or re.search(r"[(),]", e["q"])]
    spaced = [e["q"] for e in ENTRIES if e["q"] != e["q"].strip()]
    assert len(width) >= 10, width
    assert len(spaced) >= 2, spaced


def test_every_regulation_is_covered():
    covered = Counter(t.partition("#")[0] for e in ENTRIES for t in e["expect"] if not t.startswith("page:"))
    assert set(covered) == set(REGULATIONS), covered


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_targets_exist(entry):
    for target in entry["expect"]:
        if target.startswith("page:"):
            page = target.removeprefix("page:")
            assert page.endswith(".md"), target
            source = page_source(target)
            if source is not None:
                assert source.is_file(), target
            else:
                folder, _, name = page.partition("/")
                assert folder == "procedures", target
                stem = name.removesuffix(".md")
                assert stem in PROCEDURES or stem in PROCEDURE_PAGES_EXTRA, target
            continue
        reg_id, sep, unit_id = target.partition("#")
        assert sep and reg_id in REGULATIONS, target
        assert unit_id in REGULATIONS[reg_id], target
        assert REGULATIONS[reg_id][unit_id].get("kind") != "chapter", f"{target}: a chapter alone does not count"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["kind"] in ("keyword", "phrase")], ids=ids)
def test_keywords_and_phrases_stand_in_an_expected_unit(entry):
    query = fold(entry["q"])
    low, high = KEYWORD_LENGTH if entry["kind"] == "keyword" else PHRASE_LENGTH
    assert low <= len(query) <= high, (entry["q"], len(query))
    units = [t for t in entry["expect"] if not t.startswith("page:")]
    assert units, entry
    assert any(query in fold(text) for target in units for text in target_texts(target)), entry


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["kind"] == "question"], ids=ids)
def test_questions_share_a_word_with_their_answer(entry):
    """A question must share at least one two-character word with an answer's text or with a glossary spelling."""
    query = cjk_bigrams(entry["q"])
    answer = set().union(*(cjk_bigrams(text) for t in entry["expect"] for text in target_texts(t)))
    spellings = {fold(s) for s in glossary_spellings()}
    assert query & answer or any(s in fold(entry["q"]) for s in spellings), entry
