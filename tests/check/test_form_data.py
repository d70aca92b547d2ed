"""Forms as data: definitions validate, example cases pass, the articles' rules and bad case data are refused."""

import datetime as dt
import re

import pytest

from conftest import ROOT, run_zhifa

EXAMPLES = ROOT / "data/examples/forms"
REQUIRED_FORMS = 15


def check(project, form_id, text, tmp_path):
    from zhifa.check.case_values import check_case
    from zhifa.load.yamlio import read_yaml

    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    return check_case(project, project.forms[form_id], read_yaml(case, "case.yaml"))


def example(form_id):
    return (EXAMPLES / f"{form_id}.yaml").read_text(encoding="utf-8")


def codes(problems):
    return {p.code for p in problems}


def test_at_least_fifteen_forms_each_with_basis_and_example(project):
    assert len(project.forms) >= REQUIRED_FORMS
    for form_id, form in project.forms.items():
        assert form.basis, form_id
        assert (EXAMPLES / f"{form_id}.yaml").is_file(), form_id


def test_every_example_case_passes(project, tmp_path):
    for form_id in project.forms:
        filled, problems = check(project, form_id, example(form_id), tmp_path)
        assert problems == [], (form_id, [p.format() for p in problems])
        assert filled is not None


def test_forms_cite_what_the_issue_names(project):
    cited = {fid: {(c.regulation, c.unit) for _, c in f.citations()} for fid, f in project.forms.items()}
    assert ("code-of-conduct", "chp_2__art_14") in cited["onsite-inspection"]
    assert ("code-of-conduct", "chp_2__art_9") in cited["onsite-inspection"]
    assert ("responsibility", "art_7") in cited["case-approval"]
    assert ("supervision", "art_8__para_1") in cited["supervision-notice"]
    assert ("fault-liability", "art_9") in cited["fault-appeal"]
    assert {("major-case", "art_3"), ("major-case", "art_4")} <= cited["major-case-investigation"]


def test_one_officer_is_refused(project, tmp_path):
    text = re.sub(r"  - name: 刘某\n    certificate: \"苏执 320000456\"\n", "", example("onsite-inspection"))
    _, problems = check(project, "onsite-inspection", text, tmp_path)
    assert any(p.code == "R101" and "officers" in p.message and "第十四条" in p.message for p in problems)


def test_certificate_not_shown_is_refused(project, tmp_path):
    text = example("onsite-inspection").replace("certificate_shown: true", "certificate_shown: false")
    _, problems = check(project, "onsite-inspection", text, tmp_path)
    assert any(p.code == "R101" and "certificate_shown" in p.message for p in problems)


def test_same_certificate_twice_is_refused(project, tmp_path):
    text = example("onsite-inspection").replace("苏执 320000456", "苏执 320000123")
    _, problems = check(project, "onsite-inspection", text, tmp_path)
    assert "R101" in codes(problems)


def test_handler_reviewer_decider_must_differ(project, tmp_path):
    text = example("case-approval").replace("decider: 王某", "decider: 张某")
    _, problems = check(project, "case-approval", text, tmp_path)
    bad = [p for p in problems if p.code == "R102"]
    assert bad and "三分离" in bad[0].message and "decider" in bad[0].message
    line = text.split("\n").index("decider: 张某") + 1
    assert bad[0].line == line


def test_major_case_deadlines_and_late_report(project, tmp_path):
    filled, problems = check(project, "major-case-report", example("major-case-report"), tmp_path)
    assert not problems
    chain = filled.chains["major-case"]
    due = {s.level.id: s.due for s in chain}
    assert due == {"county": dt.datetime(2025, 3, 5, 16, 30), "city": dt.datetime(2025, 3, 5, 20, 30),
                   "province": dt.datetime(2025, 3, 6, 14, 30), "national": dt.datetime(2025, 3, 7, 14, 30)}
    late = {s.level.id for s in chain if s.late}
    assert late == {"province"}
    assert any("逾期" in w and "省" in w for w in filled.warnings)


def test_report_before_incident_is_refused(project, tmp_path):
    text = example("major-case-report").replace('reported_county: "2025-03-05 16:10"', 'reported_county: "2025-03-05 10:10"')
    _, problems = check(project, "major-case-report", text, tmp_path)
    assert "R103" in codes(problems)


@pytest.mark.parametrize("received, last_day", [("2025-03-03", dt.date(2025, 3, 18)), ("2025-09-16", dt.date(2025, 10, 9))])
def test_appeal_period_counts_days_and_holidays(project, tmp_path, received, last_day):
    text = re.sub(r"decision_received: .*", f"decision_received: {received}", example("fault-appeal"))
    text = re.sub(r"appeal_date: .*", f"appeal_date: {received}", text)
    filled, problems = check(project, "fault-appeal", text, tmp_path)
    assert not problems
    assert filled.periods["appeal"].end == last_day


def test_late_appeal_is_flagged(project, tmp_path):
    text = example("fault-appeal").replace("appeal_date: 2025-03-10", "appeal_date: 2025-03-25")
    filled, problems = check(project, "fault-appeal", text, tmp_path)
    assert not problems and any("超过申诉期限" in w for w in filled.warnings)


def test_decision_notice_states_appeal_date(project, tmp_path):
    from zhifa.render.view.form import form_view

    filled, _ = check(project, "fault-decision", example("fault-decision"), tmp_path)
    view = form_view(project, project.forms["fault-decision"], filled, 2025)
    notice = " ".join(view.notices)
    assert "15日内" in notice and "2025年10月9日" in notice and "（九）" in notice


def test_informing_needs_facts_evidence_reasons_rights(project, tmp_path):
    text = re.sub(r"evidence: .*\n", "", example("enforcement-notice"))
    text = text.replace("planned_decision_date: 2025-04-20", "planned_decision_date: 2025-04-01")
    _, problems = check(project, "enforcement-notice", text, tmp_path)
    messages = " ".join(p.message for p in problems if p.code in ("R104", "C003"))
    assert "evidence" in messages
    assert any(p.code == "R104" and "notice_date" in p.message for p in problems)


@pytest.mark.parametrize("old, new, field, code", [
    ('party_id: "11010519491231002X"', 'party_id: "110105194912310021"', "party_id", "C001"),
    ('party_id: "11010519491231002X"', "party_id: 1101051949", "party_id", "C001"),
    ("amount: 36000", "amount: -5", "amount", "C001"),
    ("amount: 36000", "amount: 12.345", "amount", "C001"),
    ("amount: 36000", "amount: 三万", "amount", "C001"),
    ("decision_date: 2025-04-20", 'decision_date: "2025-02-30"', "decision_date", "C001"),
    ("decision_type: 征收较大数额社会抚养费决定", "decision_type: 其他决定", "decision_type", "C001"),
    ("handler: 张某", "handlr: 张某", "handlr", "C002"),
    ("filed_to: 县人口和计划生育局\n", "", "filed_to", "C003"),
])
def test_bad_values_are_refused_by_field_name(project, tmp_path, old, new, field, code):
    text = example("major-decision-filing")
    assert old in text
    _, problems = check(project, "major-decision-filing", text.replace(old, new), tmp_path)
    assert any(p.code == code and f"“{field}”" in p.message for p in problems), [p.format() for p in problems]


def test_control_characters_and_stray_newlines_are_refused(project, tmp_path):
    text = example("complaint-register").replace("receiver: 陈某", 'receiver: "陈\\u0007某"')
    text = text.replace("respondent: 某镇计划生育办公室执法人员", 'respondent: "某镇\\n计生办"')
    _, problems = check(project, "complaint-register", text, tmp_path)
    assert any("receiver" in p.message and "控制字符" in p.message for p in problems)
    assert any("respondent" in p.message and "换行" in p.message for p in problems)


def test_all_problems_at_once(project, tmp_path):
    text = example("major-decision-filing").replace("amount: 36000", "amount: -1").replace("handler: 张某", "handlr: 张某")
    _, problems = check(project, "major-decision-filing", text, tmp_path)
    assert {"C001", "C002", "C003"} <= codes(problems)


def test_quote_changed_by_one_character_fails_validate(copy):
    f = copy / "templates/forms/onsite-inspection.yaml"
    text = f.read_text(encoding="utf-8")
    old = "    quote: 在具体行政执法过程中必须有两人以上执法人员"
    line = text.split("\n").index(old) + 1
    f.write_text(text.replace(old, old.replace("两人", "三人")), encoding="utf-8")
    result = run_zhifa("validate", "--root", str(copy))
    assert result.returncode == 1
    assert re.search(rf"templates/forms/onsite-inspection.yaml:{line}:\d+: C103 ", result.stdout), result.stdout


def test_citation_to_missing_unit_fails_validate(copy):
    f = copy / "templates/forms/case-approval.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("unit: art_7", "unit: art_77", 1), encoding="utf-8")
    result = run_zhifa("validate", "--root", str(copy))
    assert "C102" in result.stdout and "templates/forms/case-approval.yaml:" in result.stdout


def test_forms_command_lists_all(root):
    result = run_zhifa("forms", "--root", str(root))
    assert result.returncode == 0
    assert len(result.stdout.strip().split("\n")) >= REQUIRED_FORMS
    assert "supervision-notice" in result.stdout and "计划生育行政执法检查监督处理通知书" in result.stdout


def test_fill_with_bad_data_writes_nothing(root, tmp_path):
    case = tmp_path / "bad.yaml"
    case.write_text(example("case-approval").replace("decider: 王某", "decider: 张某"), encoding="utf-8")
    for suffix in (".docx", ".pdf"):
        out = tmp_path / f"out{suffix}"
        result = run_zhifa("fill", "case-approval", str(case), "-o", str(out), "--root", str(root))
        assert result.returncode == 1 and "R102" in result.stdout
        assert not out.exists() and not list(tmp_path.glob("out*"))


def test_fill_usage_errors(root, tmp_path):
    assert run_zhifa("fill", "no-such-form", str(EXAMPLES / "case-approval.yaml"), "-o", str(tmp_path / "x.docx"),
                     "--root", str(root)).returncode == 2
    assert run_zhifa("fill", "case-approval", str(EXAMPLES / "case-approval.yaml"), "-o", str(tmp_path / "x.txt"),
                     "--root", str(root)).returncode == 2


def test_impossible_unquoted_date_is_located(project, tmp_path):
    from zhifa.load.yamlio import YamlError

    text = example("major-decision-filing").replace("decision_date: 2025-04-20", "decision_date: 2025-02-30")
    line = text.split("\n").index("decision_date: 2025-02-30") + 1
    with pytest.raises(YamlError) as err:
        check(project, "major-decision-filing", text, tmp_path)
    assert err.value.problem.line == line and err.value.problem.code == "Y008"


def test_every_example_fills_to_word_and_pdf(project, tmp_path):
    """`zhifa fill` (its function) for every example case, in both formats; files open in python-docx and pypdf."""
    import docx
    from pypdf import PdfReader

    from zhifa.app.fill import fill

    for form_id in project.forms:
        for suffix in (".docx", ".pdf"):
            out = tmp_path / f"{form_id}{suffix}"
            result = fill(ROOT, form_id, EXAMPLES / f"{form_id}.yaml", out, project=project)
            assert not result.problems, (form_id, [p.format() for p in result.problems])
            assert result.written == out and out.stat().st_size > 0
        text = "\n".join(p.text for p in docx.Document(tmp_path / f"{form_id}.docx").paragraphs)
        assert project.jurisdiction.render(project.forms[form_id].title) in text
        assert PdfReader(tmp_path / f"{form_id}.pdf").get_fields()


def test_fill_cli_writes_document_and_reports_late_report(root, tmp_path):
    out = tmp_path / "report.pdf"
    result = run_zhifa("fill", "major-case-report", str(EXAMPLES / "major-case-report.yaml"), "-o", str(out), "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.is_file() and "逾期上报" in result.stdout and "省人口计生行政部门" in result.stdout
