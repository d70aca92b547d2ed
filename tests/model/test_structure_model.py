"""The model's room for national and provincial laws: 编 and 节, more types, head lines, several source ranges."""

import pytest
import yaml

from structure_support import HISTORY, LAW_ID, edit_law, law_path, law_project, line_of

# The types the brief lists, written out here rather than read from the code.
TYPES = ["制度", "规范", "方案", "法律", "行政法规", "条例", "办法", "规定", "细则", "决定", "规则", "意见", "通知",
         "准则", "守则"]


@pytest.fixture
def law(tmp_path):
    return law_project(tmp_path / "law")


def _loaded(root):
    from zhifa.load.loader import load_project

    project = load_project(root)
    return project, project.regulations.get(LAW_ID)


def test_the_law_loads_with_its_parts_subchapters_and_history(law):
    _, reg = _loaded(law)
    assert reg is not None
    assert [u.kind for u in reg.units] == ["part", "part"]
    subchapter = reg.unit("part_1__chp_2__subchp_2")
    assert subchapter is not None and subchapter.kind == "subchapter" and subchapter.label == "第二节"
    assert [u.id for u in subchapter.ancestors()] == ["part_1", "part_1__chp_2"]
    assert reg.history == HISTORY
    assert reg.type == "法律"


def test_history_is_optional_and_empty_by_default(project):
    assert all(reg.history == [] for reg in project.regulations.values())


def test_history_lines_know_their_own_lines(law):
    _, reg = _loaded(law)
    for i, line in enumerate(HISTORY):
        assert reg.where(f"history.{i}").line == line_of(law, f"  - {line}")


def test_the_types_are_exported_as_a_tuple():
    from zhifa.model.regulation import REGULATION_TYPES

    assert REGULATION_TYPES == tuple(TYPES)


@pytest.mark.parametrize("kind", TYPES)
def test_every_listed_type_is_allowed(law, kind):
    edit_law(law, "type: 法律\n", f"type: {kind}\n")
    project, reg = _loaded(law)
    assert reg is not None and reg.type == kind, project.problems


def test_an_unknown_type_is_still_refused(law):
    line = edit_law(law, "type: 法律", "type: 章程")
    project, reg = _loaded(law)
    assert reg is None
    assert [(p.code, p.line) for p in project.problems] == [("S004", line)]
    assert all(t in project.problems[0].message for t in TYPES)


@pytest.mark.parametrize("written, ranges, numbers", [
    ("2-8", [(2, 8)], [2, 3, 4, 5, 6, 7, 8]),
    ("1-2, 5-7", [(1, 2), (5, 7)], [1, 2, 5, 6, 7]),
    ("1-1,3-4,9-9", [(1, 1), (3, 4), (9, 9)], [1, 3, 4, 9]),
])
def test_source_ranges(written, ranges, numbers):
    from zhifa.model.regulation import SourceRef

    ref = SourceRef.model_validate({"file": "x.txt", "lines": written})
    assert ref.ranges == ranges
    assert ref.line_numbers() == numbers
    assert ref.line_range == (numbers[0], numbers[-1])


@pytest.mark.parametrize("written", ["1-2,", "1-2; 5-7", "1-2, 5", "1–3", "1-2,,5-7"])
def test_malformed_source_ranges_are_schema_errors(law, written):
    line = edit_law(law, "lines: 1-3, 12-33", f"lines: {written}")
    project, reg = _loaded(law)
    assert reg is None
    assert [(p.code, p.line) for p in project.problems] == [("S005", line)]


def test_placeholder_constant():
    from zhifa.model.regulation import PLACEHOLDER

    assert PLACEHOLDER == "【待填写】"


def test_the_yaml_of_the_law_is_plain_yaml(law):
    """The test law itself: every id is its parent's id, __, and its own part (the README's scheme), by PyYAML."""
    data = yaml.safe_load(law_path(law).read_text(encoding="utf-8"))

    def walk(units, parent):
        for unit in units:
            assert unit["id"].startswith(f"{parent}__" if parent else ""), unit["id"]
            yield unit
            yield from walk(unit.get("children", []), unit["id"])

    ids = [u["id"] for u in walk(data["units"], None)]
    assert len(ids) == len(set(ids)) == 23
