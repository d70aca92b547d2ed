"""A regulation's life, as a maintainer records it: `zhifa import NEW --id ID --as-version` twice, then `zhifa repeal`;
`zhifa diff` between any two dates. The three texts are invented (tests/fixtures/versions/): card-rules-2023.txt rewords
card-rules-2020.txt, card-rules-2025.txt inserts an article into it (renumbering the rest) and drops one. What
changed is written below by reading the texts side by side (``diff`` of the files), not taken from the program.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, copy_project, run_zhifa
from versions_support import FILLED, REG, V2023, V2025, import_first, import_version

# card-rules-2025.txt line 2, its second amendment clause
ACT = "根据2025年3月1日青溪县人民政府《关于修改〈青溪县行政执法证件管理办法〉的决定》第二次修正"
ACT_2023 = "根据2023年1月1日青溪县人民政府《关于修改〈青溪县行政执法证件管理办法〉的决定》第一次修正"

# (unit id, or for a removal the old id; change; the old id of a renumbered unit)
# 2023 rewords 第三条 and both 款 of 第五条; 第六条 differs only by a half-width comma (，→,), which is no amendment.
REWORDED = {
    ("chp_1__art_3", "changed", None),              # 县人民政府法制机构 → 县司法行政部门
    ("chp_2__art_5", "changed", None),              # 法制机构 → 司法行政部门, 三年 → 五年
}
# 2025 inserts 第四条; 第四条 → 第五条 (its （三） ends with ； and （四） is new); 第五条 → 第六条 and 第六条 → 第七条
# unchanged; 第七条 (不得转借、涂改) is gone; 第八条 and 第九条 stand as they were.
INSERTED = {
    ("chp_1__art_4", "added", None),
    ("chp_2__art_5", "changed", "chp_2__art_4"),
    ("chp_2__art_6", "renumbered", "chp_2__art_5"),
    ("chp_3__art_7", "renumbered", "chp_3__art_6"),
    ("chp_3__art_7", "removed", None),
}
# 2020 → 2025 at once
EXPECTED = {
    ("chp_1__art_3", "changed", None),
    ("chp_1__art_4", "added", None),
    ("chp_2__art_5", "changed", "chp_2__art_4"),
    ("chp_2__art_6", "changed", "chp_2__art_5"),
    ("chp_3__art_7", "renumbered", "chp_3__art_6"),
    ("chp_3__art_7", "removed", None),
}
FORM = """title: 行政执法证件换发通知书
summary: 行政执法证件有效期届满前，通知持证人换发证件。
number_pattern: "{{ county_short }}计生证〔{{ year }}〕第　　号"
issuer: "{{ county }}人口和计划生育局"
basis:
  - regulation: card-rules
    unit: chp_2__art_5__para_2
    quote: 行政执法证件有效期为三年
sections:
  - title: 通知
    fields:
      - id: holder
        label: 持证人
        type: text
        required: true
"""
QUESTIONS = """questions:
  - id: card-valid-years
    type: fill_blank
    stem: 行政执法证件有效期为____年。
    answer: ["三"]
    explanation: 证件有效期。
    basis:
      - regulation: card-rules
        unit: chp_2__art_5__para_2
        quote: 行政执法证件有效期为三年
"""
DOCS_LINE = "\n证件不得转借，见《青溪县行政执法证件管理办法》第七条。\n"


def tree(root: Path) -> dict[str, str]:
    """Every file of the project's data (not the site files a copy links to) with its checksum."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for top in ("regulations", "data", "templates", "docs") for p in sorted((root / top).rglob("*"))
            if p.is_file()}



@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    """A copy of the project with the 2020 text imported and a form, a question and a page citing it; then the 2023
    and the 2025 texts imported as its versions (dates read from the head lines), validate run after each."""
    base = tmp_path_factory.mktemp("versions")
    root = copy_project(base / "proj", site=True)
    import_first(root)
    (root / "templates/forms/card-renewal.yaml").write_text(FORM, encoding="utf-8")
    (root / "data/questions/card-rules.yaml").write_text(QUESTIONS, encoding="utf-8")
    with (root / "docs/index.md").open("a", encoding="utf-8") as fh:
        fh.write(DOCS_LINE)
    before = (root / "regulations" / f"{REG}.yaml").read_text(encoding="utf-8")
    steps = {"first": run_zhifa("validate", "--root", str(root)).stdout}
    steps["import 2023"] = import_version(root, V2023)
    steps["validate 2023"] = run_zhifa("validate", "--root", str(root)).stdout
    steps["import 2025"] = import_version(root, V2025)
    steps["validate 2025"] = run_zhifa("validate", "--root", str(root)).stdout
    return root, before, steps


def diff_json(root: Path, *extra: str) -> dict:
    result = run_zhifa("diff", REG, "--json", "--root", str(root), *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def found(changes: list[dict]) -> set:
    return {(c["unit"], c["change"], c.get("from", {}).get("unit")) for c in changes}


def test_each_replaced_text_is_kept_whole_and_the_current_one_lists_every_version(amended):
    root, before, steps = amended
    assert steps["first"].startswith("检查通过"), steps["first"]
    kept = (root / "regulations" / REG / "2020-07-01.yaml").read_text(encoding="utf-8")
    assert kept.replace("versions:\n  - date: 2020-07-01\n", "") == before  # as it was, plus its own date
    assert sorted(p.name for p in (root / "regulations" / REG).iterdir()) == ["2020-07-01.yaml", "2023-01-01.yaml"]
    current = yaml.safe_load((root / "regulations" / f"{REG}.yaml").read_text(encoding="utf-8"))
    assert [str(v["date"]) for v in current["versions"]] == ["2020-07-01", "2023-01-01", "2025-03-01"]
    assert [v.get("act") for v in current["versions"]] == [None, ACT_2023, ACT]
    assert {key: current[key] for key in FILLED} == FILLED
    assert current["issuer"] == "青溪县人民政府"  # 2020年6月1日青溪县人民政府令第3号公布
    texts = {u.get("text") for u in _walk(current["units"])}
    assert "县司法行政部门负责行政执法证件的统一管理工作。" in texts  # 2025 第三条, verbatim


def _walk(units):
    for u in units:
        yield u
        yield from _walk(u.get("children", []))


@pytest.mark.parametrize("since, until, expected", [
    ("2020-07-01", "2023-01-01", REWORDED),
    ("2023-01-01", "2025-03-01", INSERTED),
    ("2020-07-01", "2025-03-01", EXPECTED),
])
def test_the_changes_are_the_amendments_and_nothing_else(amended, since, until, expected):
    root, _, _ = amended
    changes = diff_json(root, "--from", since, "--to", until)["changes"]
    assert found(changes) == expected, changes
    assert len(changes) == len(expected)


def test_by_default_the_last_amendment(amended):
    root, _, _ = amended
    assert found(diff_json(root)["changes"]) == INSERTED


def test_each_change_carries_a_character_diff_that_rebuilds_both_texts(amended):
    root, _, _ = amended
    for change in diff_json(root, "--from", "2020-07-01")["changes"]:
        for entry in [change, *change.get("parts", [])]:
            if "diff" not in entry:
                continue
            old = "".join(p["text"] for p in entry["diff"] if p["op"] in ("equal", "delete"))
            new = "".join(p["text"] for p in entry["diff"] if p["op"] in ("equal", "insert"))
            assert old == (entry["text"]["old"] or ""), entry
            assert new == (entry["text"]["new"] or ""), entry
    art3 = next(c for c in diff_json(root, "--to", "2023-01-01", "--from", "2020-07-01")["changes"]
                if c["unit"] == "chp_1__art_3")
    assert {p["text"] for p in art3["diff"] if p["op"] == "delete"} == {"人民政府法制机构"}
    assert {p["text"] for p in art3["diff"] if p["op"] == "insert"} == {"司法行政部门"}


def test_the_parts_of_a_changed_article_are_listed(amended):
    root, _, _ = amended
    art5 = next(c for c in diff_json(root)["changes"] if c["unit"] == "chp_2__art_5")
    assert {(p["label"], p["change"]) for p in art5["parts"]} == {("（三）", "changed"), ("（四）", "added")}
    art6 = next(c for c in diff_json(root, "--from", "2020-07-01")["changes"] if c["unit"] == "chp_2__art_6")
    assert [p["change"] for p in art6["parts"]] == ["changed", "changed"]  # both 款


def test_the_import_says_what_must_follow(amended):
    _, _, steps = amended
    out = steps["import 2023"]
    assert "templates/forms/card-renewal.yaml:" in out and "引文已不在新条文中" in out, out
    assert "data/questions/card-rules.yaml:" in out, out
    assert "docs/index.md:" not in out  # 第七条 is not touched in 2023
    out = steps["import 2025"]
    assert "docs/index.md:" in out and "已删除" in out, out


def test_validate_names_the_form_the_old_and_the_new_wording(amended):
    _, _, steps = amended
    after_2023 = [line for line in steps["validate 2023"].splitlines() if line.startswith("templates/forms/card-renewal")]
    assert len(after_2023) == 1 and " C103 " in after_2023[0], steps["validate 2023"]
    assert "行政执法证件有效期为三年" in after_2023[0] and "2020年7月1日" in after_2023[0]
    assert "“行政执法证件有效期为五年”" in after_2023[0]
    # after 2025 the id itself moved: 第五条 is now 第六条
    after_2025 = [line for line in steps["validate 2025"].splitlines() if line.startswith("templates/forms/card-renewal")]
    assert len(after_2025) == 1 and " C102 " in after_2025[0], steps["validate 2025"]
    assert "chp_2__art_6__para_2" in after_2025[0] and "“行政执法证件有效期为五年”" in after_2025[0]
    question = [line for line in steps["validate 2023"].splitlines() if line.startswith("data/questions/card-rules")]
    assert question and "“行政执法证件有效期为五年”" in question[0]


def test_a_date_picks_the_version_in_force(amended):
    root, _, _ = amended
    assert diff_json(root, "--from", "2023-01-01", "--to", "2025-02-28")["changes"] == []
    assert found(diff_json(root, "--from", "2022-12-31", "--to", "2024-12-31")["changes"]) == REWORDED
    before = run_zhifa("diff", REG, "--from", "2019-01-01", "--root", str(root))
    assert before.returncode == 2 and "还没有施行的版本" in before.stderr


@pytest.mark.parametrize("text, args, code, words", [
    (V2025, ["--id", "no-such-regulation", "--as-version"], 2, "不存在"),
    (V2025, ["--id", REG, "--as-version", "2019-05-01"], 2, "不晚于"),
    (V2025, ["--id", REG, "--as-version", "2025-13-01"], 2, "不是日期"),
    (FIXTURES / "import" / "defects.txt", ["--id", REG, "--as-version", "2026-01-01"], 1, "标题"),
])
def test_a_wrong_version_import_writes_nothing(amended, text, args, code, words):
    """On the amended copy (these write nothing, so the other tests may share it): an unknown regulation, a date not
    after the current version's, a date that is none, another regulation's text."""
    root = amended[0]
    before = tree(root)
    result = run_zhifa("import", str(text), *args, "--root", str(root))
    assert result.returncode == code, result.stdout + result.stderr
    assert words in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    if code == 1:
        assert "未写入任何文件" in result.stderr
    assert tree(root) == before


def test_repeal_of_a_unit_is_written_and_checked(amended, tmp_path):
    root = copy_project(tmp_path / "proj")
    import_first(root)
    result = run_zhifa("repeal", f"{REG}/chp_3__art_8", "--on", "2026-06-01", "--by", "《关于废止第八条的决定》",
                       "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml.safe_load((root / "regulations" / f"{REG}.yaml").read_text(encoding="utf-8"))
    unit = next(u for u in _walk(data["units"]) if u["id"] == "chp_3__art_8")
    assert unit["status"] == "已废止"
    assert unit["repealed"] == {"date": __import__("datetime").date(2026, 6, 1), "by": "《关于废止第八条的决定》"}
    validated = run_zhifa("validate", "--root", str(root))
    assert validated.returncode == 0, validated.stdout
    again = run_zhifa("repeal", f"{REG}/chp_3__art_8", "--on", "2026-06-01", "--by", "《决定》", "--root", str(root))
    assert again.returncode == 2 and "已记录为已废止" in again.stderr


def test_repeal_of_a_regulation_lists_what_cites_it(copy):
    result = run_zhifa("repeal", "major-case", "--on", "2026-06-01", "--by", "《关于废止重大案件制度的决定》",
                       "--root", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "templates/forms/major-case-investigation.yaml:" in result.stdout
    assert "C104" in result.stdout and "data/deadlines.yaml:" in result.stdout
    data = yaml.safe_load((copy / "regulations/major-case.yaml").read_text(encoding="utf-8"))
    assert data["status"] == "已废止" and data["repealed"]["by"] == "《关于废止重大案件制度的决定》"


def test_repeal_of_an_unknown_unit_writes_nothing(copy):
    before = tree(copy)
    result = run_zhifa("repeal", "major-case/art_99", "--on", "2026-06-01", "--by", "《决定》", "--root", str(copy))
    assert result.returncode == 2 and "没有条文单元“art_99”" in result.stderr
    assert tree(copy) == before


def test_the_page_lists_the_versions(amended, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(amended[0], root, symlinks=True)
    for broken in ("data/questions/card-rules.yaml", "templates/forms/card-renewal.yaml"):  # not yet rewritten
        (root / broken).unlink()
    index = root / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(DOCS_LINE, ""), encoding="utf-8")
    built = run_zhifa("build", "--no-downloads", "--root", str(root), "--out", str(tmp_path / "site"))
    assert built.returncode == 0, built.stdout + built.stderr
    page = (tmp_path / "site" / "regulations" / f"{REG}.html").read_text(encoding="utf-8")
    row = re.search(r"版本沿革</th><td>(.*?)</td>", page, re.S)
    assert row, "no 版本沿革 row"
    assert row[1].split("<br>") == ["2020年7月1日起施行", f"2023年1月1日起施行（{ACT_2023}）",
                                    f"2025年3月1日起施行（{ACT}）（本页所载，现行）"]
    assert "县司法行政部门应当建立行政执法证件信息系统" in re.sub(r"<[^>]+>", "", page)  # 2025's 第四条


def test_the_print_edition_says_which_version_it_prints(amended):
    from zhifa.load.loader import load_project
    from zhifa.render.view.print_edition import PrintBody

    html = "".join(PrintBody(load_project(amended[0])).html)
    assert f"2025年3月1日起施行的版本（{ACT}），共 3 个版本" in html
    assert "县人民政府法制机构负责" not in html  # the current text only


def _pinned(root: Path, unit: str, quote: str, version: str) -> list[str]:
    path = root / "data/questions/card-rules.yaml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("        quote: 行政执法证件有效期为三年\n",
                                         f"        quote: {quote}\n        version: {version}\n")
                        .replace("unit: chp_2__art_5__para_2", f"unit: {unit}"), encoding="utf-8")
        out = run_zhifa("validate", "--root", str(root)).stdout
    finally:
        path.write_text(original, encoding="utf-8")
    # the citation's problems (the question's own, Q…, follow from the quote it was written for)
    return [line for line in out.splitlines() if line.startswith("data/questions/card-rules.yaml") and ": C1" in line]


def test_a_citation_may_pin_the_version_of_an_old_case(amended):
    root, _, _ = amended
    # 2021: the 2020 text was in force, 第五条第二款 said 三年
    assert _pinned(root, "chp_2__art_5__para_2", "行政执法证件有效期为三年", "2021-05-01") == []
    # 2024: the 2023 text, which says 五年
    found = _pinned(root, "chp_2__art_5__para_2", "行政执法证件有效期为三年", "2024-05-01")
    assert len(found) == 1 and " C103 " in found[0] and "2023年1月1日施行的版本" in found[0], found
    # the 2020 第七条 was in force in 2021; in 2025 its id names the renumbered 第七条 (出示证件)
    assert _pinned(root, "chp_3__art_7", "行政执法证件不得转借、涂改", "2021-05-01") == []
    assert " C103 " in _pinned(root, "chp_3__art_7", "行政执法证件不得转借、涂改", "2025-05-01")[0]
    assert " C102 " in _pinned(root, "chp_1__art_4", "县司法行政部门应当建立", "2024-05-01")[0]  # 2025's new 第四条
    assert " C105 " in _pinned(root, "chp_3__art_7", "行政执法证件不得转借、涂改", "2019-05-01")[0]


def test_fill_for_a_case_before_an_amendment_says_which_text_was_in_force(amended, tmp_path):
    from docx import Document

    root = tmp_path / "proj"
    shutil.copytree(amended[0], root, symlinks=True)
    # the form cites the current text: 第六条第二款 (2025) says 五年, as the 2023 text did and the 2020 text did not
    form = (FORM.replace("unit: chp_2__art_5__para_2", "unit: chp_2__art_6__para_2")
            .replace("quote: 行政执法证件有效期为三年", "quote: 行政执法证件有效期为五年")
            + "      - id: notice_date\n        label: 通知日期\n        type: date\n        required: true\n")
    (root / "templates/forms/card-renewal.yaml").write_text(form, encoding="utf-8")
    case = tmp_path / "case.yaml"
    # 2021: the 2020 text (三年, 第五条); 2024: the 2023 text (五年, but 第五条 until 2025 inserted 第四条)
    for day, then, same in (("2021-03-01", "2020年7月1日", False), ("2024-03-01", "2023年1月1日", True)):
        case.write_text(f"holder: 李某\nnotice_date: {day}\n", encoding="utf-8")
        out = tmp_path / f"{day}.docx"
        result = run_zhifa("fill", "card-renewal", str(case), "-o", str(out), "--root", str(root))
        assert result.returncode == 0, result.stdout + result.stderr
        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
        assert f"时施行的是《证件管理办法》{then}施行的版本" in text, text
        assert "所引第六条第二款（当时为第五条第二款）" in text, text
        assert ("当时文字相同" in text) is same and ("与当时的条文不同" in text) is (not same), text
        assert then in result.stdout + result.stderr
    case.write_text("holder: 李某\nnotice_date: 2025-06-01\n", encoding="utf-8")
    result = run_zhifa("fill", "card-renewal", str(case), "-o", str(tmp_path / "now.docx"), "--root", str(root))
    assert result.returncode == 0 and "依据说明" not in result.stdout + result.stderr
