"""Repeal, as a maintainer records it (``status: 已废止`` and ``repealed: {date, by}``) on a unit or on a whole regulation:
validate and build pass on the regulation's own text and on what the build generates from it; every structured or
typed citation of what was repealed elsewhere is an error; the page shows the repealed text struck through with the
date and the act. The regulation repealed on the site is invented (tests/fixtures/versions/), brought in with
`zhifa import` as a maintainer would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from browser_support import search_index
from conftest import FIXTURES, copy_project, run_zhifa

PROBLEM = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<message>.*)$", re.M)
ON, BY = "2026-06-01", "《关于废止部分条款的决定》"
SHOWN_ON = "2026年6月1日"  # ON as the handbook writes dates
CARD_TEXT = FIXTURES / "versions" / "card-rules-2020.txt"
CARD = "card-rules"


def problems(root: Path) -> list[tuple[str, str, str]]:
    result = run_zhifa("validate", "--root", str(root))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return [(m["path"], m["code"], m["message"]) for m in PROBLEM.finditer(result.stdout)]


def errors(root: Path) -> list[tuple[str, str, str]]:
    """The problems that stop a build (W… are warnings: the importer's placeholders)."""
    return [p for p in problems(root) if not p[1].startswith("W")]


def insert_after(path: Path, line_text: str, extra: list[str]) -> int:
    """Insert ``extra`` lines (indented like the keys of the mapping ``line_text`` opens) after the first line that is
    ``line_text`` at any indentation; return that line's number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(n for n, line in enumerate(lines) if line.strip() == line_text.strip())
    stripped = lines[i].lstrip(" ")
    indent = len(lines[i]) - len(stripped) + (2 if stripped.startswith("- ") else 0)
    lines[i + 1:i + 1] = [" " * indent + e for e in extra]
    path.write_text("\n".join(lines), encoding="utf-8")
    return i + 1


def repeal_lines(status: bool = True) -> list[str]:
    return (["status: 已废止"] if status else []) + ["repealed:", f"  date: {ON}", f"  by: {BY}"]


def repeal_regulation(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(r"^status: .*$", "\n".join(repeal_lines()), text, count=1, flags=re.M)
    assert n == 1
    path.write_text(text, encoding="utf-8")


# validate ---------------------------------------------------------------------------------------------------------

def test_a_repeal_date_needs_the_status(copy):
    line = insert_after(copy / "regulations/major-case.yaml", "  - id: art_3", repeal_lines(status=False))
    found = problems(copy)
    assert ("regulations/major-case.yaml", "R009") in [(p, c) for p, c, _ in found], found
    result = run_zhifa("validate", "--root", str(copy))
    assert re.search(rf"^regulations/major-case.yaml:{line + 1}:\d+: R009 .*status: 已废止", result.stdout, re.M)


def test_a_regulation_repeal_date_needs_the_status(copy):
    path = copy / "regulations/major-case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "units:\n", "\n".join(repeal_lines(status=False)[0:]) + "\nunits:\n", 1), encoding="utf-8")
    assert "R010" in [c for _, c, _ in problems(copy)]


def test_a_repealed_regulation_fails_every_citation_of_it_elsewhere_and_none_in_its_own_text(copy):
    """The gap the issue found: structured citations (forms, deadlines, procedures, the learning path) of a regulation
    repealed as a whole were not caught, while its own text failed on its own head lines."""
    repeal_regulation(copy / "regulations/major-case.yaml")
    found = problems(copy)
    where = {(p, c) for p, c, _ in found}
    assert not [f for f in found if f[0] == "regulations/major-case.yaml"], found
    for path in ("templates/forms/major-case-investigation.yaml", "data/procedures.yaml", "data/deadlines.yaml"):
        assert (path, "C104") in where, (path, found)
    assert ("data/training.yaml", "Q012") in where, found
    c104 = next(m for p, c, m in found if c == "C104")
    assert f"已于{SHOWN_ON}废止（依据{BY}）" in c104
    # and the typed ones, in the other regulations' text
    assert any(c == "CT03" and p.startswith("regulations/") for p, c, _ in found), found


def test_a_glossary_term_cannot_point_at_a_repealed_unit(copy):
    glossary = yaml.safe_load((copy / "data/glossary.yaml").read_text(encoding="utf-8"))
    term = next(t for t in glossary if any(r.startswith("supervision#art_14") for r in t.get("occurs_in", [])))
    insert_after(copy / "regulations/supervision.yaml", "  - id: art_14", repeal_lines())
    found = problems(copy)
    assert any(p == "data/glossary.yaml" and c == "G004" and term["term"] in m for p, c, m in found), found


# the site -----------------------------------------------------------------------------------------------------------

def _import_card(root: Path, tmp: Path) -> Path:
    result = run_zhifa("import", str(CARD_TEXT), "--id", CARD, "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "regulations" / f"{CARD}.yaml"


@pytest.fixture(scope="module")
def unit_repealed(tmp_path_factory):
    """The invented regulation imported, its 第七条 (chp_3__art_7: 行政执法证件不得转借、涂改。) repealed; the pages
    built (the print edition is checked in process below)."""
    base = tmp_path_factory.mktemp("unit-repealed")
    root = copy_project(base / "proj", site=True)
    reg = _import_card(root, base)
    insert_after(reg, "  - id: chp_3__art_7", repeal_lines())
    assert errors(root) == []
    site = base / "site"
    built = run_zhifa("build", "--no-downloads", "--root", str(root), "--out", str(site))
    assert built.returncode == 0, built.stdout + built.stderr
    return root, site


def test_a_repealed_unit_builds_and_is_shown_struck_with_its_repeal(unit_repealed):
    _, site = unit_repealed
    page = (site / "regulations" / f"{CARD}.html").read_text(encoding="utf-8")
    block = re.search(r'id="chp_3__art_7".*?(?=id="chp_3__art_8")', page, re.S)
    assert block, "no block for chp_3__art_7"
    struck = re.search(r"<del>(.*?)</del>", block[0], re.S)
    assert struck and re.sub(r"<[^>]+>", "", struck[1]) == "行政执法证件不得转借、涂改。", block[0]
    assert f"本条已于{SHOWN_ON}废止（依据{BY}）" in block[0].replace("&lt;", "<")
    assert "（已废止）" in block[0]
    # the article in force next to it is not struck
    after = page[page.index('id="chp_3__art_8"'):]
    assert "<del>" not in after[:after.index("</div>")]


def test_the_print_edition_states_the_repeal(unit_repealed):
    from zhifa.load.loader import load_project
    from zhifa.render.view.print_edition import PrintBody

    root, _ = unit_repealed
    project = load_project(root)
    html = "".join(PrintBody(project).html)  # every regulation, as the print edition lays them out
    assert f"本条文已于{SHOWN_ON}废止（依据{BY}）" in html.replace("&lt;", "<")
    assert "行政执法证件不得转借、涂改。" in re.sub(r"<[^>]+>", "", html)  # kept, for reference


def test_a_repealed_unit_is_not_in_the_search_index(unit_repealed):
    _, site = unit_repealed
    units = "".join(u[2] + u[3] + u[4] for u in search_index(site)["units"])
    assert "发放、使用和管理" in units  # the regulation's articles in force are searched (第二条)
    assert "不得转借、涂改" not in units


def test_a_repealed_regulation_builds_with_its_banner(unit_repealed, tmp_path):
    root, _ = unit_repealed
    repeal_regulation(root / "regulations" / f"{CARD}.yaml")
    assert errors(root) == []
    site = tmp_path / "site"
    built = run_zhifa("build", "--no-downloads", "--root", str(root), "--out", str(site))
    assert built.returncode == 0, built.stdout + built.stderr
    page = (site / "regulations" / f"{CARD}.html").read_text(encoding="utf-8")
    assert f"本规章已于{SHOWN_ON}废止（依据{BY}）" in page
    assert "不能作为执法依据" in page
    assert "复制引用" not in page  # no unit offers itself as a citation


def test_a_build_with_citations_of_a_repealed_regulation_stops_with_validates_messages(site_copy, tmp_path):
    repeal_regulation(site_copy / "regulations/major-case.yaml")
    validated = run_zhifa("validate", "--root", str(site_copy))
    built = run_zhifa("build", "--no-downloads", "--root", str(site_copy), "--out", str(tmp_path / "site"))
    assert built.returncode == 1 and "Traceback" not in built.stdout + built.stderr, built.stderr
    expected = sorted(line for line in validated.stdout.splitlines() if PROBLEM.match(line))
    assert expected and sorted(line for line in built.stdout.splitlines() if PROBLEM.match(line)) == expected
    assert not (tmp_path / "site").exists()
