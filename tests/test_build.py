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
    assert not (tmp_path / ".site.building").exists()
