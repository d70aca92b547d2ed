"""Mutation suite for citation checking (issue 6).

Each test copies the project to a temporary folder, breaks ONE citation in one of the ways issue 6 lists, runs
``zhifa validate`` on the copy and asserts it exits 1 and reports the problem at the citing file and line (computed
here from the text that was edited). A wrong label in a generated file is checked on a site built once, with
``zhifa.check.outputs.check_outputs``. The last test prints the mutation score and fails if any mutation survived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import run_zhifa

# mutation id -> whether it was caught; filled by the mutation tests, read by the final score test.
CAUGHT: dict[str, bool] = {}


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` (which must occur exactly once) by ``new`` in ``path``; ``new=None`` deletes ``old``."""

    path: str
    old: str
    new: str | None = None


@dataclass(frozen=True)
class Expect:
    """A problem ``code`` reported at ``path`` on the line of the first ``target`` at or after the unique
    ``context`` (``context`` defaults to ``target``), looked up in the file as it is after the mutation."""

    path: str
    target: str
    code: str
    context: str | None = None
    message: str | None = None  # a substring the problem's message must contain


@dataclass(frozen=True)
class Mutation:
    id: str
    kind: str
    edits: tuple[Edit, ...]
    expect: tuple[Expect, ...]
    note: str = field(default="", compare=False)


def apply(root: Path, edit: Edit) -> None:
    path = root / edit.path
    text = path.read_text(encoding="utf-8")
    assert text.count(edit.old) == 1, f"{edit.path}: {edit.old!r} occurs {text.count(edit.old)} times"
    path.write_text(text.replace(edit.old, edit.new if edit.new is not None else ""), encoding="utf-8")


def expected_line(root: Path, expect: Expect) -> int:
    text = (root / expect.path).read_text(encoding="utf-8")
    context = expect.context if expect.context is not None else expect.target
    assert text.count(context) == 1, f"{expect.path}: context {context!r} occurs {text.count(context)} times"
    start = text.index(context)
    offset = text.index(expect.target, start)
    return text.count("\n", 0, offset) + 1


def reported(output: str, path: str, line: int, code: str, message: str | None) -> bool:
    pattern = rf"^{re.escape(path)}:{line}:\d+: {code} (?P<message>.*)$"
    return any(message is None or message in m["message"] for m in re.finditer(pattern, output, re.M))


def record(mutation_id: str, caught: bool) -> None:
    CAUGHT[mutation_id] = caught


# --- the project's own text, appended to in two mutations --------------------------------------------------------

DOCS_INDEX_END = "也可下载离线版在本机直接打开。"


def docs_line(sentence: str) -> Edit:
    """Append a paragraph holding ``sentence`` to docs/index.md (after its last line)."""
    return Edit("docs/index.md", DOCS_INDEX_END, f"{DOCS_INDEX_END}\n\n{sentence}")


MUTATIONS = [
    # 1. article number out of range in a hand-typed citation -> CT01
    Mutation(
        "out-of-range/docs-index", "article number out of range",
        (docs_line("现场检查的人数要求见《人口和计划生育行政执法行为规范》第二十二条。"),),
        (Expect("docs/index.md", "《人口和计划生育行政执法行为规范》第二十二条", "CT01", message="共 21 条"),),
    ),
    Mutation(
        "out-of-range/case-file-review-title", "article number out of range",
        (Edit("templates/checklists/case-file-review.yaml", "案卷质量（行为规范第七条）", "案卷质量（行为规范第二十七条）"),),
        (Expect("templates/checklists/case-file-review.yaml", "案卷质量（行为规范第二十七条）", "CT01"),),
    ),
    Mutation(
        "out-of-range/non-action-review-summary", "article number out of range",
        (Edit("templates/checklists/non-action-review.yaml", "是否存在责任制度（十一）列举", "是否存在责任制度（二十一）列举"),),
        (Expect("templates/checklists/non-action-review.yaml", "责任制度（二十一）列举", "CT01"),),
    ),
    Mutation(
        "out-of-range/fault-decision-label", "article number out of range",
        (Edit("templates/forms/fault-decision.yaml", "过错责任追究制度（三）第几项", "过错责任追究制度（三十）第几项"),),
        (Expect("templates/forms/fault-decision.yaml", "过错责任追究制度（三十）", "CT01"),),
    ),
    # 2. unit deleted -> C102 at the citing file and line
    Mutation(
        "unit-deleted/form-unit-id", "unit deleted",
        (Edit("templates/forms/onsite-inspection.yaml",
              "basis:\n  - regulation: code-of-conduct\n    unit: chp_2__art_14\n",
              "basis:\n  - regulation: code-of-conduct\n    unit: chp_2__art_24\n"),),
        (Expect("templates/forms/onsite-inspection.yaml", "unit: chp_2__art_24", "C102"),),
    ),
    Mutation(
        "unit-deleted/responsibility-item", "unit deleted",
        (Edit("regulations/responsibility.yaml",
              "      - id: art_11__item_6\n        kind: item\n        label: 6、\n"
              "        text: 法律、法规、规章规定其他应作为而不作为的。\n"),),
        (Expect("templates/checklists/non-action-review.yaml", "unit: art_11__item_6", "C102"),),
    ),
    Mutation(
        "unit-deleted/code-of-conduct-article", "unit deleted",
        (Edit("regulations/code-of-conduct.yaml",
              "      - id: chp_2__art_18\n        kind: article\n        label: 第十八条\n"
              "        text: 非因职务需要，执法人员不得在非办公场所接待管理相对人及其亲属，不得单独找当事人调查询问。"
              "执法人员与当事人有直接利害关系的，应主动申请回避。\n"),),
        (Expect("templates/forms/recusal-decision.yaml", "unit: chp_2__art_18", "C102"),
         Expect("templates/checklists/conduct-self-check.yaml", "unit: chp_2__art_18", "C102")),
    ),
    # 3. quoted words changed by one character -> C103 at the quote's line
    Mutation(
        "quote-changed/form-field", "quoted words changed",
        (Edit("templates/forms/onsite-inspection.yaml",
              "quote: 应当向当事人主动出示行政执法证件，表明执法者身份",
              "quote: 应当向当事人主动出具行政执法证件，表明执法者身份"),),
        (Expect("templates/forms/onsite-inspection.yaml", "quote: 应当向当事人主动出具", "C103"),),
    ),
    Mutation(
        "quote-changed/checklist-item", "quoted words changed",
        (Edit("templates/checklists/non-action-review.yaml", "quote: 应受理而不依法受理", "quote: 应受理而不依法办理"),),
        (Expect("templates/checklists/non-action-review.yaml", "quote: 应受理而不依法办理", "C103"),),
    ),
    Mutation(
        "quote-changed/deadline", "quoted words changed",
        (Edit("data/deadlines.yaml", "2、6、24小时内上报", "2、6、24小时后上报"),),
        (Expect("data/deadlines.yaml", "quote: 应分别在案件发生后2、6、24小时后上报", "C103"),),
    ),
    # 4. regulation renamed: a citation's regulation id -> C101; a regulation's title -> CT02 where it is typed
    Mutation(
        "regulation-renamed/form-regulation-id", "regulation renamed",
        (Edit("templates/forms/onsite-inspection.yaml",
              "basis:\n  - regulation: code-of-conduct\n    unit: chp_2__art_14\n",
              "basis:\n  - regulation: code-of-conduct-2009\n    unit: chp_2__art_14\n"),),
        (Expect("templates/forms/onsite-inspection.yaml", "regulation: code-of-conduct-2009", "C101"),),
    ),
    Mutation(
        "regulation-renamed/checklist-regulation-id", "regulation renamed",
        (Edit("templates/checklists/non-action-review.yaml",
              "  - regulation: responsibility\n    unit: art_11\n",
              "  - regulation: responsibilities\n    unit: art_11\n"),),
        (Expect("templates/checklists/non-action-review.yaml", "regulation: responsibilities", "C101"),),
    ),
    Mutation(
        "regulation-renamed/deadline-regulation-id", "regulation renamed",
        (Edit("data/deadlines.yaml",
              "    - regulation: major-case\n      unit: art_2\n      quote: 应分别",
              "    - regulation: major-cases\n      unit: art_2\n      quote: 应分别"),),
        (Expect("data/deadlines.yaml", "regulation: major-cases", "C101"),),
    ),
    Mutation(
        "regulation-renamed/code-of-conduct-title", "regulation renamed",
        (Edit("regulations/code-of-conduct.yaml", "title: 人口和计划生育行政执法行为规范\n",
              "title: 人口和计划生育行政执法人员行为规范\n"),),
        (Expect("regulations/responsibility.yaml", "《人口和计划生育行政执法行为规范》第四条", "CT02"),),
    ),
    Mutation(
        "regulation-renamed/major-case-title", "regulation renamed",
        (Edit("regulations/major-case.yaml", "title: 人口和计划生育行政执法重大案件处置和报告制度\n",
              "title: 人口和计划生育行政执法重大案件处理和报告制度\n"),),
        (Expect("regulations/fault-liability.yaml", "《人口和计划生育行政执法重大案件处置和报告制度》（五）", "CT02"),),
    ),
    # 5. unit repealed -> C104 for structured citations, CT03 for typed ones
    Mutation(
        "unit-repealed/code-of-conduct-art-14", "unit repealed",
        (Edit("regulations/code-of-conduct.yaml", "        label: 第十四条\n",
              "        label: 第十四条\n        status: 已废止\n"),),
        (Expect("templates/forms/onsite-inspection.yaml", "unit: chp_2__art_14", "C104",
                context="basis:\n  - regulation: code-of-conduct\n    unit: chp_2__art_14\n"),),
    ),
    Mutation(
        "unit-repealed/code-of-conduct-art-7", "unit repealed",
        (Edit("regulations/code-of-conduct.yaml", "        label: 第七条\n",
              "        label: 第七条\n        status: 已废止\n"),),
        (Expect("templates/checklists/case-file-review.yaml", "行为规范第七条", "CT03", context="案卷质量（行为规范第七条）"),
         Expect("templates/checklists/case-file-review.yaml", "unit: chp_2__art_7", "C104",
                context="案卷质量（行为规范第七条）")),
    ),
    Mutation(
        "unit-repealed/responsibility-art-11", "unit repealed",
        (Edit("regulations/responsibility.yaml", "    label: （十一）\n", "    label: （十一）\n    status: 已废止\n"),),
        (Expect("templates/checklists/non-action-review.yaml", "责任制度（十一）", "CT03", context="是否存在责任制度（十一）"),
         Expect("templates/checklists/non-action-review.yaml", "unit: art_11", "C104",
                context="  - regulation: responsibility\n    unit: art_11\n")),
    ),
    Mutation(
        "unit-repealed/code-of-conduct-art-4", "unit repealed",
        (Edit("regulations/code-of-conduct.yaml", "        label: 第四条\n",
              "        label: 第四条\n        status: 已废止\n"),),
        (Expect("regulations/responsibility.yaml", "《人口和计划生育行政执法行为规范》第四条", "CT03"),),
    ),
    # 6. typo in a hand-typed title -> CT02 with a suggestion
    Mutation(
        "title-typo/responsibility-note", "typo in a hand-typed title",
        (Edit("regulations/responsibility.yaml", "而《人口和计划生育行政执法行为规范》第四条",
              "而《人口和计划生育行政执法行为规犯》第四条"),),
        (Expect("regulations/responsibility.yaml", "《人口和计划生育行政执法行为规犯》", "CT02",
                message="是否指《人口和计划生育行政执法行为规范》"),),
    ),
    Mutation(
        "title-typo/docs-index", "typo in a hand-typed title",
        (docs_line("执法人员须两人以上并出示证件，见《人口和计划生育行政执法行为规犯》第十四条。"),),
        (Expect("docs/index.md", "《人口和计划生育行政执法行为规犯》", "CT02", message="是否指《人口和计划生育行政执法行为规范》"),),
    ),
    Mutation(
        "title-typo/fault-liability-erratum", "typo in a hand-typed title",
        (Edit("regulations/fault-liability.yaml", "参照《人口和计划生育行政执法重大案件处置和报告制度》",
              "参照《人口和计划生育行政执法重大案件处置和保告制度》"),),
        (Expect("regulations/fault-liability.yaml", "《人口和计划生育行政执法重大案件处置和保告制度》", "CT02",
                message="是否指《人口和计划生育行政执法重大案件处置和报告制度》"),),
    ),
]


def test_unmutated_copy_validates_clean(copy):
    """The control: without a mutation the copy is clean, so every problem below comes from the mutation."""
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.id for m in MUTATIONS])
def test_validate_catches_mutation(copy, mutation: Mutation):
    for edit in mutation.edits:
        apply(copy, edit)
    lines = [(e, expected_line(copy, e)) for e in mutation.expect]
    result = run_zhifa("validate", "--root", str(copy))
    missing = [f"{e.path}:{line}: {e.code}" + (f" …{e.message}…" if e.message else "") for e, line in lines
               if not reported(result.stdout, e.path, line, e.code, e.message)]
    crashed = "Traceback" in result.stderr  # exit 1 from an uncaught exception is not a catch
    record(mutation.id, result.returncode == 1 and not crashed and not missing)
    assert not crashed, f"validate crashed:\n{result.stderr}"
    assert result.returncode == 1, f"validate exited {result.returncode}\n{result.stdout}{result.stderr}"
    assert not missing, f"not reported: {missing}\n--- validate said:\n{result.stdout}"


# --- 7. a wrong label in a generated file -------------------------------------------------------------------------

from zhifa.check import outputs as outputcheck  # noqa: E402 - imported here, next to the kind that needs it


@dataclass(frozen=True)
class OutputMutation:
    id: str
    path: str  # relative to the site
    old: str  # the first occurrence is replaced
    new: str
    code: str


OUTPUT_MUTATIONS = [
    OutputMutation("generated-label/form-page-article", "forms/onsite-inspection.html",
                   "《人口和计划生育行政执法行为规范》第十四条", "《人口和计划生育行政执法行为规范》第二十四条", "CT01"),
    OutputMutation("generated-label/checklist-page-provision", "checklists/non-action-review.html",
                   "是否存在责任制度（十一）列举", "是否存在责任制度（二十一）列举", "CT01"),
    OutputMutation("generated-label/form-page-title", "forms/onsite-inspection.html",
                   "依据《人口和计划生育行政执法行为规范》第十四条", "依据《人口和计划生育行政执法行为规犯》第十四条", "CT02"),
]


@pytest.fixture(scope="module")
def built(full_build):
    """A project copy (as conftest's ``site_copy`` makes it) with its site built once: the session's shared
    `zhifa build` (conftest's ``full_build``). Each test below puts back the page it changes."""
    from zhifa.load.loader import load_project

    proj, site = full_build.copy, full_build.site
    project = load_project(proj)
    assert not project.problems, project.problems
    return project, site


def test_built_site_outputs_check_clean(built):
    project, site = built
    assert outputcheck.check_outputs(project, site) == []


@pytest.mark.parametrize("mutation", OUTPUT_MUTATIONS, ids=[m.id for m in OUTPUT_MUTATIONS])
def test_outputcheck_catches_wrong_label(built, mutation: OutputMutation):
    project, site = built
    path = site / mutation.path
    original = path.read_text(encoding="utf-8")
    assert mutation.old in original, mutation.old
    offset = original.index(mutation.old)
    line = original.count("\n", 0, offset) + 1
    path.write_text(original.replace(mutation.old, mutation.new, 1), encoding="utf-8")
    try:
        problems = outputcheck.check_outputs(project, site)
    finally:
        path.write_text(original, encoding="utf-8")
    shown = "site/" + mutation.path
    hits = [p for p in problems if p.path == shown and p.line == line and p.code == mutation.code]
    record(mutation.id, bool(hits))
    assert hits, f"{shown}:{line}: {mutation.code} not reported; got:\n" + "\n".join(p.format() for p in problems)


# --- the score: keep this test last --------------------------------------------------------------------------------

MUTATION_TESTS = ("test_validate_catches_mutation", "test_outputcheck_catches_wrong_label")


def test_zz_mutation_score(capsys, request):
    selected = [item for item in request.session.items if getattr(item, "originalname", "") in MUTATION_TESTS]
    if not selected:
        # Only when the mutation tests themselves were deselected (pytest -k …): there is nothing to score. Every
        # mutation test that was selected must have recorded its result, caught or not.
        pytest.skip("the mutation tests were not selected in this run: nothing to score")
    assert len(CAUGHT) == len(selected), f"{len(selected) - len(CAUGHT)} selected mutations recorded no result"
    caught = sum(CAUGHT.values())
    total = len(CAUGHT)
    with capsys.disabled():
        print(f"\nmutation score: caught {caught} of {total} ({100 * caught / total:.0f}%)")
        for mutation_id, ok in CAUGHT.items():
            if not ok:
                print(f"  NOT caught: {mutation_id}")
    assert caught == total, f"mutations not caught: {[m for m, ok in CAUGHT.items() if not ok]}"
