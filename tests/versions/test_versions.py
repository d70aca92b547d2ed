"""A regulation's new version, as a maintainer records it: `zhifa import NEW --id ID --as-version`, then `zhifa diff`
and `zhifa repeal`. The two texts are invented (tests/fixtures/versions/): card-rules-2025.txt amends
card-rules-2020.txt; what changed between them is written below by reading the two texts side by side, not taken
from the program.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, copy_project, run_zhifa

TEXTS = FIXTURES / "versions"
V2020, V2025 = TEXTS / "card-rules-2020.txt", TEXTS / "card-rules-2025.txt"
REG = "card-rules"
ACT = "根据2025年3月1日青溪县人民政府《关于修改〈青溪县行政执法证件管理办法〉的决定》修正"  # card-rules-2025.txt line 2

# What the 2025 text changed, read from the two texts: (new id or, for a removal, old id, change, old id or None).
# 第一条, 第二条, 第八条 and 第九条 stand unchanged; 第六条→第七条 differs only by a half-width comma (，→,).
EXPECTED = {
    ("chp_1__art_3", "changed", None),              # 县人民政府法制机构 → 县司法行政部门
    ("chp_1__art_4", "added", None),                # the inserted 第四条
    ("chp_2__art_5", "changed", "chp_2__art_4"),    # 第四条 → 第五条: item （三） ends with ； and （四） is new
    ("chp_2__art_6", "changed", "chp_2__art_5"),    # 第五条 → 第六条: 法制机构 → 司法行政部门, 三年 → 五年
    ("chp_3__art_7", "renumbered", "chp_3__art_6"),  # 第六条 → 第七条, the comma only
    ("chp_3__art_7", "removed", None),              # 第七条 (不得转借、涂改) is gone
}
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
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def import_first(root: Path) -> None:
    result = run_zhifa("import", str(V2020), "--id", REG, "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    """A copy of the project with the 2020 text imported, a question and a page citing it, then the 2025 text
    imported as its new version (date read from the head line)."""
    root = copy_project(tmp_path_factory.mktemp("versions") / "proj", site=True)
    import_first(root)
    (root / "data/questions/card-rules.yaml").write_text(QUESTIONS, encoding="utf-8")
    with (root / "docs/index.md").open("a", encoding="utf-8") as fh:
        fh.write(DOCS_LINE)
    before = (root / "regulations" / f"{REG}.yaml").read_text(encoding="utf-8")
    result = run_zhifa("import", str(V2025), "--id", REG, "--as-version", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    return root, before, result.stdout


def diff_json(root: Path, *extra: str) -> dict:
    result = run_zhifa("diff", REG, "--json", "--root", str(root), *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_the_old_text_is_kept_whole_and_the_new_one_lists_both_versions(amended):
    root, before, _ = amended
    kept = (root / "regulations" / REG / "2020-07-01.yaml").read_text(encoding="utf-8")
    assert kept.replace("versions:\n  - date: 2020-07-01\n", "") == before  # as it was, plus its own date
    current = yaml.safe_load((root / "regulations" / f"{REG}.yaml").read_text(encoding="utf-8"))
    assert [str(v["date"]) for v in current["versions"]] == ["2020-07-01", "2025-03-01"]
    assert current["versions"][-1]["act"] == ACT
    texts = {u.get("text") for u in _walk(current["units"])}
    assert "县司法行政部门负责行政执法证件的统一管理工作。" in texts  # 2025 第三条, verbatim


def _walk(units):
    for u in units:
        yield u
        yield from _walk(u.get("children", []))


def test_the_changes_are_the_amendment_and_nothing_else(amended):
    root, _, _ = amended
    changes = diff_json(root)["changes"]
    found = {(c["unit"], c["change"], c.get("from", {}).get("unit")) for c in changes}
    assert found == EXPECTED, changes
    assert len(changes) == len(EXPECTED)


def test_each_change_carries_a_character_diff_that_rebuilds_both_texts(amended):
    root, _, _ = amended
    for change in diff_json(root)["changes"]:
        for entry in [change, *change.get("parts", [])]:
            if "diff" not in entry:
                continue
            old = "".join(p["text"] for p in entry["diff"] if p["op"] in ("equal", "delete"))
            new = "".join(p["text"] for p in entry["diff"] if p["op"] in ("equal", "insert"))
            assert old == (entry["text"]["old"] or ""), entry
            assert new == (entry["text"]["new"] or ""), entry
    art3 = next(c for c in diff_json(root)["changes"] if c["unit"] == "chp_1__art_3")
    assert {p["text"] for p in art3["diff"] if p["op"] == "delete"} == {"人民政府法制机构"}
    assert {p["text"] for p in art3["diff"] if p["op"] == "insert"} == {"司法行政部门"}


def test_the_parts_of_a_changed_article_are_listed(amended):
    root, _, _ = amended
    art5 = next(c for c in diff_json(root)["changes"] if c["unit"] == "chp_2__art_5")
    assert {(p["label"], p["change"]) for p in art5["parts"]} == {("（三）", "changed"), ("（四）", "added")}
    art6 = next(c for c in diff_json(root)["changes"] if c["unit"] == "chp_2__art_6")
    assert [p["change"] for p in art6["parts"]] == ["changed", "changed"]  # both 款


def test_the_import_says_what_must_follow(amended):
    root, _, out = amended
    assert "data/questions/card-rules.yaml:" in out and "引文已不在新条文中" in out, out
    assert "docs/index.md:" in out and "已删除" in out, out
    # and validate holds the question to the new text until it is rewritten
    result = run_zhifa("validate", "--root", str(root))
    assert re.search(r"^data/questions/card-rules.yaml:\d+:\d+: C10[23] ", result.stdout, re.M), result.stdout


def test_a_date_picks_the_version_in_force(amended):
    root, _, _ = amended
    assert diff_json(root, "--from", "2020-07-01", "--to", "2025-02-28")["changes"] == []
    assert diff_json(root, "--from", "2024-12-31", "--to", "2025-03-01")["changes"]
    before = run_zhifa("diff", REG, "--from", "2019-01-01", "--root", str(root))
    assert before.returncode == 2 and "还没有施行的版本" in before.stderr


@pytest.mark.parametrize("args, code, words", [
    (["--id", "no-such-regulation", "--as-version"], 2, "不存在"),
    (["--id", REG, "--as-version", "2019-05-01"], 2, "不晚于"),
    (["--id", REG, "--as-version", "2025-13-01"], 2, "不是日期"),
])
def test_a_wrong_version_import_writes_nothing(tmp_path, args, code, words):
    root = copy_project(tmp_path / "proj")
    import_first(root)
    before = tree(root)
    result = run_zhifa("import", str(V2025), *args, "--root", str(root))
    assert result.returncode == code, result.stdout + result.stderr
    assert words in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert tree(root) == before


def test_another_regulations_text_is_not_taken_for_a_version(tmp_path):
    root = copy_project(tmp_path / "proj")
    import_first(root)
    before = tree(root)
    result = run_zhifa("import", str(FIXTURES / "import" / "defects.txt"), "--id", REG, "--as-version", "2026-01-01",
                       "--root", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "标题" in result.stderr and "未写入任何文件" in result.stderr
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
    root, _, _ = amended
    (root / "data/questions/card-rules.yaml").unlink()  # the question the amendment broke, not yet rewritten
    (root / "docs/index.md").write_text((root / "docs/index.md").read_text(encoding="utf-8").replace(DOCS_LINE, ""),
                                        encoding="utf-8")
    built = run_zhifa("build", "--no-downloads", "--root", str(root), "--out", str(tmp_path / "site"))
    assert built.returncode == 0, built.stdout + built.stderr
    page = (tmp_path / "site" / "regulations" / f"{REG}.html").read_text(encoding="utf-8")
    row = re.search(r"版本沿革</th><td>(.*?)</td>", page, re.S)
    assert row, "no 版本沿革 row"
    assert row[1].split("<br>") == ["2020年7月1日起施行", f"2025年3月1日起施行（{ACT}）（本页所载，现行）"]
    assert "县司法行政部门负责行政执法证件的统一管理工作。" in re.sub(r"<[^>]+>", "", page)  # glossary links aside
