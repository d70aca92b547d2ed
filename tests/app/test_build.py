"""`zhifa build` writes the site atomically and refuses to publish bad data."""

import hashlib
import shutil
from pathlib import Path

from conftest import run_zhifa


def files_of(site: Path) -> dict[str, str]:
    """Every file under ``site``: relative path → sha256 of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_build_writes_site_and_failed_build_keeps_last_good_one(full_build, site_copy, tmp_path):
    # The good build is the session's shared `zhifa build` (downloads included; it asserts exit 0): its site, copied,
    # is the last good one that a failed build of a broken copy must leave as it is.
    html = (full_build.site / "regulations" / "code-of-conduct.html").read_text(encoding="utf-8")
    assert 'id="chp_2__art_14"' in html and "两人以上执法人员" in html
    out = tmp_path / "site"
    shutil.copytree(full_build.site, out)
    before = files_of(out)
    page = out / "regulations" / "code-of-conduct.html"
    copy = site_copy
    f = copy / "regulations/code-of-conduct.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("label: 第十四条", "label: 第四十条"), encoding="utf-8")
    bad = run_zhifa("build", "--root", str(copy), "--out", str(out))
    assert bad.returncode == 1
    assert "regulations/code-of-conduct.yaml:" in bad.stdout and "N002" in bad.stdout
    assert page.read_text(encoding="utf-8") == html and files_of(out) == before
    assert not list(tmp_path.glob(".site.building*")) and not list(tmp_path.glob(".site.old*"))


def test_wrong_citation_in_a_generated_page_is_reported_at_its_line(pages_build, tmp_path):
    """The output check reads the built HTML like a reader would: a drifted citation is caught with its line."""

    from zhifa.check.outputs import check_outputs
    from zhifa.load.loader import load_project

    out = tmp_path / "site"
    shutil.copytree(pages_build.site, out)  # `zhifa build --no-downloads` of the project, shared by the session
    project = load_project(pages_build.copy)
    assert check_outputs(project, out) == []
    page = out / "forms" / "onsite-inspection.html"
    text = page.read_text(encoding="utf-8")
    cite = "《人口和计划生育行政执法行为规范》第十四条"
    line = text[: text.index(cite)].count("\n") + 1
    page.write_text(text.replace(cite, "《人口和计划生育行政执法行为规范》第二十四条", 1), encoding="utf-8")
    problems = check_outputs(project, out)
    assert [(p.path, p.line, p.code) for p in problems] == [("site/forms/onsite-inspection.html", line, "CT01")]
