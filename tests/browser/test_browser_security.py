"""Data text never runs as HTML in the browser (issue 12), checked in Chromium.

A copy of the project is given hostile data: glossary definitions holding ``<img src=x onerror=alert(1)>`` (and the
same entity-encoded), a unit whose text (and source text) holds ``<script>alert(1)</script>``, ``&amp;``, ``"`` and
``**``, a regulation summary holding an ``<img onerror>``, and a hand-written page printing them through ``quote()``,
``unit_link(text=…)`` and a plain ``{{ "…" }}``. In the built copy no dialog opens and each text is shown as written:
in the glossary tooltip on hover, in the quotation, in a quiz's feedback after a typed answer is submitted and after
the page is reloaded (the answer restored from localStorage). Every page carries a Content-Security-Policy that
forbids inline scripts and event handlers; the theme, search, quizzes, flowcharts and the calculator still work
under it, served and from the offline copy (file://), and a handler slipped into a page is blocked there.

Expected texts are the payloads written into the copy; nothing is taken from what the site shows.
"""

from __future__ import annotations

import html.parser
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from browser_support import SiteServer, build_site, html_pages, regulation_page, run_search
from conftest import ROOT, copy_project

IMG = "<img src=x onerror=alert(1)>"
IMG_ENTITIES = "&lt;img src=x onerror=alert(1)&gt;"
UNIT_TAIL = '<script>alert(1)</script> A&amp;B "引号" **粗** <b>'
LITERAL = "<b id=zf-literal>粗</b>"

# Records every policy violation in every frame (the offline search runs in an iframe) before the page's scripts.
RECORD_VIOLATIONS = """(() => {
    window.__zfViolations = [];
    document.addEventListener("securitypolicyviolation",
        e => window.__zfViolations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
})();"""
# Material draws Mermaid into a closed shadow root: open it so that the test can see the <svg>.
OPEN_SHADOW = """(() => { const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) { return attach.call(this, Object.assign({}, init, {mode: "open"})); };
})();"""
# Puts an <img> with an inline onerror into the page; true if that handler ran (checked after the error event).
INJECTED_HANDLER_RAN = """() => new Promise(resolve => {
    const box = document.createElement("div");
    box.innerHTML = '<img src="zf-missing.png" onerror="window.__zfRan = true">';
    box.firstChild.addEventListener("error", () => resolve(window.__zfRan === true));
    document.body.appendChild(box);
})"""


# ---------------------------------------------------------------------------------------------------------------
# The hostile copy


def _walk(units):
    for unit in units:
        yield unit
        yield from _walk(unit.get("children") or [])


def _hostile_data(dest: Path) -> dict:
    """Write the payloads into the copy at DEST; return where they went."""
    glossary_file = dest / "data" / "glossary.yaml"
    terms = yaml.safe_load(glossary_file.read_text(encoding="utf-8"))
    raw_term, entity_term = terms[0], terms[1]
    raw_term["definition"], entity_term["definition"] = IMG, IMG_ENTITIES
    glossary_file.write_text(yaml.safe_dump(terms, allow_unicode=True, sort_keys=False), encoding="utf-8")

    # A unit with plain text (no jurisdiction variable), its text appearing once in the source file.
    reg_file = sorted((dest / "regulations").glob("*.yaml"))[0]
    reg = yaml.safe_load(reg_file.read_text(encoding="utf-8"))
    source_file = dest / reg["source"]["file"]
    source = source_file.read_text(encoding="utf-8")
    unit = next(u for u in _walk(reg["units"]) if u.get("text") and "{{" not in u["text"] and source.count(u["text"]) == 1)
    original = unit["text"]
    unit["text"] = original + UNIT_TAIL
    source_file.write_text(source.replace(original, original + UNIT_TAIL), encoding="utf-8")
    summary = reg["summary"] + IMG
    reg["summary"] = summary
    short_title = reg["short_title"] + IMG  # the nav and the quiz page's title show it
    reg["short_title"] = short_title
    reg_file.write_text(yaml.safe_dump(reg, allow_unicode=True, sort_keys=False), encoding="utf-8")

    reg_id = reg_file.stem
    with (dest / "docs" / "index.md").open("a", encoding="utf-8") as page:
        page.write(f'\n\n## 引文 {{ #zf-hostile }}\n\n{{{{ quote("{reg_id}", "{unit["id"]}") }}}}\n\n'
                   f'链接：{{{{ unit_link("{reg_id}", "{unit["id"]}", text="{IMG}") }}}}\n\n'
                   f'字面：{{{{ "{LITERAL}" }}}}\n')
    return {"terms": {"raw": raw_term, "entities": entity_term}, "reg_id": reg_id, "unit_id": unit["id"],
            "unit_text": original + UNIT_TAIL, "summary": summary, "short_title": short_title}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    dest = copy_project(tmp_path_factory.mktemp("hostile") / "proj", site=True)
    placed = _hostile_data(dest)
    site = build_site(dest, dest.parent / "site")
    with SiteServer(site) as server:
        yield {**placed, "site": site, "url": server.base_url}


@pytest.fixture(scope="module")
def hostile_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def tab(hostile_context):
    """A page that records every dialog (and dismisses it)."""
    page = hostile_context.new_page()
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    page.close()


def settled(page) -> None:
    """Wait until nothing more is loading (an <img src=x> would have failed by then)."""
    page.wait_for_load_state("networkidle")


# ---------------------------------------------------------------------------------------------------------------
# The three payloads


@pytest.mark.parametrize("variant", ["raw", "entities"])
def test_glossary_tooltip_shows_the_definition_as_text(hostile, tab, variant):
    term = hostile["terms"][variant]
    reg_id = term["occurs_in"][0].split("#")[0]
    tab.goto(hostile["url"] + regulation_page(hostile["site"], reg_id), wait_until="load")
    abbr = tab.locator("a.zf-term abbr", has_text=re.compile(f"^{re.escape(term['term'])}$")).first
    abbr.hover()
    tab.wait_for_function("abbr => abbr.hasAttribute('aria-describedby')", arg=abbr.element_handle())
    tooltip = tab.locator("#" + abbr.get_attribute("aria-describedby"))
    tooltip.wait_for(state="visible")
    settled(tab)
    assert tooltip.inner_text() == term["definition"]
    assert tooltip.evaluate("t => t.querySelectorAll('.md-tooltip2__inner *').length") == 0, tooltip.inner_html()
    assert tab.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert tab.dialogs == []


def test_macros_print_unit_text_and_arguments_as_text(hostile, tab):
    tab.goto(hostile["url"] + "index.html", wait_until="load")
    settled(tab)
    quotation = tab.locator("h2#zf-hostile + blockquote")
    assert quotation.locator("p").first.inner_text() == hostile["unit_text"]
    link = tab.locator("h2#zf-hostile ~ p", has_text="链接：").locator("a")
    assert link.inner_text() == IMG
    assert link.get_attribute("href").endswith(f"#{hostile['unit_id']}")
    assert tab.locator("h2#zf-hostile ~ p", has_text="字面：").inner_text() == "字面：" + LITERAL
    assert tab.locator("article li", has_text=IMG).inner_text().endswith(hostile["summary"])  # regulation_list()
    assert tab.evaluate("() => document.querySelectorAll('article script, article img, #zf-literal').length") == 0
    assert tab.dialogs == []


def test_regulation_page_shows_the_unit_text_as_text(hostile, tab):
    tab.goto(hostile["url"] + regulation_page(hostile["site"], hostile["reg_id"]), wait_until="load")
    settled(tab)
    texts = tab.locator(".zf-text").all_inner_texts()
    assert any(t.endswith(hostile["unit_text"]) for t in texts)
    assert tab.evaluate("() => document.querySelectorAll('article script').length") == 0
    assert tab.dialogs == []


def test_titles_from_the_data_are_text_in_the_nav_and_the_window_title(hostile, tab):
    short = hostile["short_title"]
    tab.goto(hostile["url"] + f"training/quiz-{hostile['reg_id']}.html", wait_until="load")
    settled(tab)
    nav = [" ".join(t.split()) for t in tab.locator(".md-nav--primary .md-nav__link").all_inner_texts()]
    assert short in nav and f"{short}练习题" in nav, [t for t in nav if "img" in t]
    assert tab.title().startswith(f"{short}练习题")
    assert tab.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert tab.dialogs == []


def _fill_in_quiz(page, site: Path, base_url: str):
    """The first fill-in question of the quiz pages: (page path, quiz locator)."""
    for rel in html_pages(site):
        if rel.startswith("training/quiz-") and 'data-quiz-type="fill-blank"' in (site / rel).read_text(encoding="utf-8"):
            page.goto(base_url + rel, wait_until="load")
            return rel, page.locator('.quiz[data-quiz-type="fill-blank"]').first
    raise AssertionError("no fill-in question on any quiz page")


def _typed_answer_shown(quiz) -> str:
    feedback = quiz.locator(".quiz-feedback")
    feedback.wait_for(state="visible")
    assert feedback.evaluate("f => f.querySelectorAll('img, script').length") == 0, feedback.inner_html()
    return feedback.locator("del").first.inner_text()


def test_typed_quiz_answer_is_text_when_submitted_and_when_restored(hostile, tab):
    rel, quiz = _fill_in_quiz(tab, hostile["site"], hostile["url"])
    quiz.locator("input.quiz-blank-input").first.fill(IMG)
    quiz.locator("button.quiz-button[type=submit]").click()
    assert _typed_answer_shown(quiz) == IMG
    expected = quiz.locator("input.quiz-blank-input").first.get_attribute("data-answer")
    assert quiz.locator(".quiz-feedback li").first.inner_text() == f"{IMG} \u2192 {expected}"
    settled(tab)

    tab.reload(wait_until="load")
    quiz = tab.locator('.quiz[data-quiz-type="fill-blank"]').first
    assert _typed_answer_shown(quiz) == IMG
    assert quiz.locator("input.quiz-blank-input").first.input_value() == IMG
    settled(tab)
    assert tab.dialogs == []


def test_restored_answers_keep_only_what_mkdocs_quiz_writes(hostile, tab):
    rel, quiz = _fill_in_quiz(tab, hostile["site"], hostile["url"])
    quiz_id = quiz.get_attribute("id")
    stored = {quiz_id: {"answered": True, "correct": False, "selectedValues": [IMG, 7], "html": "<script>alert(1)</script>"},
              "not-a-quiz": {"answered": True, "correct": True, "selectedValues": []},
              "quiz-999": "<img src=x onerror=alert(1)>"}
    key = "quiz_progress_/" + rel
    tab.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))", [key, stored])
    tab.reload(wait_until="load")
    quiz = tab.locator(f"#{quiz_id}")
    assert _typed_answer_shown(quiz) == IMG
    kept = tab.evaluate("key => JSON.parse(localStorage.getItem(key))", key)
    assert kept == {quiz_id: {"answered": True, "correct": False, "selectedValues": [IMG]}}
    settled(tab)
    assert tab.dialogs == []


# ---------------------------------------------------------------------------------------------------------------
# The Content-Security-Policy


class _PageScan(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policies: list[tuple[int, str]] = []
        self.first_script: int | None = None
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        line = self.getpos()[0]
        if tag == "meta" and (d.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append((line, d.get("content") or ""))
        if tag == "script" and self.first_script is None:
            self.first_script = line
        self.handlers += [f"<{tag} {k}={v!r}>" for k, v in attrs if k.startswith("on")]
        self.handlers += [f"<{tag} {k}={v!r}>" for k, v in attrs if (v or "").strip().lower().startswith("javascript:")]


def _directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_every_page_has_a_policy_that_forbids_inline_scripts_and_handlers(built_site):
    pages = html_pages(built_site)
    assert len(pages) > 10 and "404.html" in pages
    for rel in pages:
        scan = _PageScan()
        scan.feed((built_site / rel).read_text(encoding="utf-8"))
        assert len(scan.policies) == 1, rel
        line, policy = scan.policies[0]
        assert scan.first_script is None or line < scan.first_script, f"{rel}: the policy comes after a script"
        d = _directives(policy)
        scripts = d.get("script-src") or d.get("default-src")
        assert "'self'" in scripts, (rel, policy)
        assert all(s == "'self'" or s.startswith("'sha256-") for s in scripts), (rel, scripts)
        assert d.get("object-src") == ["'none'"] and d.get("base-uri") == ["'self'"], (rel, policy)
        assert scan.handlers == [], (rel, scan.handlers[:5])


def _visit(page, url: str) -> None:
    page.goto(url, wait_until="load")
    settled(page)


def _violations(page) -> list[str]:
    return page.evaluate("() => window.__zfViolations")


def _site_works_under_the_policy(page, site: Path, base: str, console: list[str]) -> None:
    """Search, a glossary tooltip, a quiz answer, a flowchart and the appeal calculator, each page without a policy
    violation; then a handler slipped into a page is blocked. SITE is the folder BASE serves."""
    term = yaml.safe_load((ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8"))[0]
    _visit(page, base + "index.html")
    assert run_search(page, term["term"]), "search finds nothing"
    assert _violations(page) == []

    _visit(page, base + regulation_page(site, term["occurs_in"][0].split("#")[0]))
    page.locator("a.zf-term abbr").first.hover()
    page.locator(".md-tooltip2--active").wait_for(state="visible")
    assert _violations(page) == []

    _visit(page, base + next(rel for rel in html_pages(site) if rel.startswith("training/quiz-")))
    quiz = page.locator(".quiz:not([data-quiz-type])").first
    quiz.locator("label").first.click()
    quiz.locator(".quiz-feedback").wait_for(state="visible")
    assert "回答" in quiz.locator(".quiz-feedback").inner_text()
    assert _violations(page) == []

    _visit(page, base + "procedures/major-case.html")
    page.wait_for_function(
        "() => [...document.querySelectorAll('div.mermaid')].some(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))")
    assert _violations(page) == []

    _visit(page, base + "procedures/deadlines.html")
    calc = page.locator('.zf-calc[data-deadline="appeal"]')
    calc.locator("[data-role=start]").fill("2025-09-16")
    assert re.search(r"\d{4}-\d{2}-\d{2}", calc.locator(".zf-calc-result").inner_text())
    assert _violations(page) == []

    assert page.evaluate(INJECTED_HANDLER_RAN) is False, "an inline onerror ran despite the policy"
    assert any(v.startswith("script-src-attr") for v in _violations(page)), _violations(page)
    assert [m for m in console if "Content Security Policy" in m and "zf-missing" not in m
            and "inline event handler" not in m] == [], console


def _policy_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_init_script(OPEN_SHADOW)
    return context


def test_site_works_under_the_policy_when_served(browser, built_site, site_url):
    context = _policy_context(browser)
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        _site_works_under_the_policy(page, built_site, site_url, console)
    finally:
        context.close()


def test_site_works_under_the_policy_from_the_offline_copy(browser, built_site, tmp_path):
    with zipfile.ZipFile(built_site / "downloads" / "handbook-offline.zip") as archive:
        archive.extractall(tmp_path)
    site = tmp_path / "handbook"
    context = _policy_context(browser)
    try:
        page = context.new_page()
        console: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        page.on("request", lambda r: requests.append(r.url))
        _site_works_under_the_policy(page, site, site.as_uri() + "/", console)
        assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in requests), \
            [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    finally:
        context.close()


def test_build_refuses_a_page_the_policy_would_block(site_copy, tmp_path):
    """A hand-written page with an inline handler and an inline script: the build stops and names the page (a
    published page would silently not work)."""
    import subprocess
    import sys

    (site_copy / "docs" / "index.md").write_text(
        (site_copy / "docs" / "index.md").read_text(encoding="utf-8")
        + '\n\n<button onclick="alert(1)">按钮</button>\n\n<script>alert(2)</script>\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "zhifa", "build", "--root", str(site_copy), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300, cwd=site_copy)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "index.md" in output and "onclick" in output and "alert(2)" in output, output
    assert "Traceback" not in output
