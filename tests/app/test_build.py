"""`zhifa build` writes the site atomically and refuses to publish bad data."""

from conftest import run_zhifa


def test_build_writes_site_and_failed_build_keeps_last_good_one(site_copy, tmp_path):
    copy = site_copy
    out = tmp_path / "site"
    ok = run_zhifa("build", "--root", str(copy), "--out", str(out))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    page = out / "regulations" / "code-of-conduct.html"
    html = page.read_text(encoding="utf-8")
    assert 'id="chp_2__art_14"' in html and "两人以上执法人员" in html
    f = copy / "regulations/code-of-conduct.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("label: 第十四条", "label: 第四十条"), encoding="utf-8")
    bad = run_zhifa("build", "--root", str(copy), "--out", str(out))
    assert bad.returncode == 1
    assert "regulations/code-of-conduct.yaml:" in bad.stdout and "N002" in bad.stdout
    assert page.read_text(encoding="utf-8") == html
    assert not list(tmp_path.glob(".site.building*")) and not list(tmp_path.glob(".site.old*"))


def test_wrong_citation_in_a_generated_page_is_reported_at_its_line(root, tmp_path):
    """The output check reads the built HTML like a reader would: a drifted citation is caught with its line."""

    from zhifa.check.outputs import check_outputs
    from zhifa.load.loader import load_project

    out = tmp_path / "site"
    assert run_zhifa("build", "--no-downloads", "--root", str(root), "--out", str(out)).returncode == 0
    project = load_project(root)
    assert check_outputs(project, out) == []
    page = out / "forms" / "onsite-inspection.html"
    text = page.read_text(encoding="utf-8")
    cite = "《人口和计划生育行政执法行为规范》第十四条"
    line = text[: text.index(cite)].count("\n") + 1
    page.write_text(text.replace(cite, "《人口和计划生育行政执法行为规范》第二十四条", 1), encoding="utf-8")
    problems = check_outputs(project, out)
    assert [(p.path, p.line, p.code) for p in problems] == [("site/forms/onsite-inspection.html", line, "CT01")]
