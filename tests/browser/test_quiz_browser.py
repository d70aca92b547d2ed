"""The offline quiz pages in a real browser (Chromium via Playwright), served on 127.0.0.1.

The site is built once per session (tests/browser_support.py, downloads included). One quiz page is worked through
in depth: every question answered from the data (all correctly but one), the score checked against the figure computed from the
data, the answers kept over a reload, the wrong one reviewed alone and redone. The other quiz pages and the learning
path are loaded and counted. Expected answers, counts and scores come from data/questions/*.yaml, read here directly.
"""

from __future__ import annotations

import re

import pytest
import yaml

from browser_support import (  # noqa: F401 - fixtures are used by name
    RecordedPage,
    check_links,
    html_pages,
    indexed_locations,
    indexed_text,
    is_allowed_request,
    page_path,
    parse_html,
    run_search,
)
from conftest import ROOT

LETTERS = "ABCDEFG"
TYPE_ORDER = ["single", "multiple", "true_false", "fill_blank", "scenario"]  # the order of the groups on a page
JURISDICTION = {name: entry["value"] for name, entry in
                yaml.safe_load((ROOT / "data/jurisdiction.yaml").read_text(encoding="utf-8")).items()}
QUESTIONS = [q for p in sorted((ROOT / "data/questions").glob("*.yaml"))
             for q in (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("questions", [])]
BY_REG: dict[str, list[dict]] = {}
for _q in QUESTIONS:
    BY_REG.setdefault(_q["basis"][0]["regulation"], []).append(_q)


def render(text: str) -> str:
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: JURISDICTION[m.group(1)], str(text))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", render(text))


def deep_regulation() -> str:
    """The regulation whose questions cover the most types (then the fewest questions, to stay fast)."""
    return min(BY_REG, key=lambda r: (-len({q["type"] for q in BY_REG[r]}), len(BY_REG[r]), r))


def js_round_percent(part: int, whole: int) -> int:
    """Math.round(part / whole * 100), as the page computes a score."""
    return int(part * 100 / whole + 0.5)


@pytest.fixture(scope="module")
def tab(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.set_default_timeout(10_000)
    recorded = RecordedPage(context.new_page())
    yield recorded
    context.close()


# ---------------------------------------------------------------------------------------------------------------
# The built site, no browser


def test_quiz_plugin_runs_on_quiz_pages_only(built_site):
    with_quiz = {p for p in html_pages(built_site) if "mkdocsQuizConfig" in (built_site / p).read_text(encoding="utf-8")}
    expected = {page_path(built_site, f"training/quiz-{r}.md") for r in BY_REG}
    assert with_quiz == expected
    for path in expected:
        text = (built_site / path).read_text(encoding="utf-8")
        assert "var JSConfetti=" not in text and "confetti: false" in text, path  # no confetti library


def test_quiz_pages_are_not_in_the_search_index(built_site):
    locations = set(indexed_locations(built_site))
    assert any(loc.startswith("training/") for loc in locations), "the learning path should be searchable"
    assert not [loc for loc in locations if loc.startswith("training/quiz-")]


def test_training_links_resolve_in_the_built_site(built_site):
    """Every link of the training pages names a built page, a download or an existing id (unit anchors included)."""
    problems = [p for p in check_links(built_site) if p.startswith("training/")]
    assert not problems, "\n".join(problems)
    unit_links = [v for p in html_pages(built_site) if p.startswith("training/")
                  for _, v, _ in parse_html(built_site / p).links if "regulations/" in v and "#" in v]
    assert len(unit_links) >= len(QUESTIONS)


# ---------------------------------------------------------------------------------------------------------------
# One quiz page in depth

QUIZ_STATE = """() => [...document.querySelectorAll('.quiz')].map(q => ({
    id: q.id,
    question: q.querySelector('.quiz-question').innerText,
    visible: q.offsetParent !== null,
    feedback: (q.querySelector('.quiz-feedback:not(.hidden)') || {}).innerText || '',
    content: q.querySelector('section.content.hidden') ? '' : q.querySelector('section.content').innerText,
    links: [...q.querySelectorAll('section.content a')].map(a => a.getAttribute('href')),
    inputs: [...q.querySelectorAll('input')].map(i => ({type: i.type, checked: i.checked, disabled: i.disabled,
        value: i.value, label: i.labels && i.labels[0] ? i.labels[0].innerText : ''})),
}))"""


def match_questions(state: list[dict], questions: list[dict]) -> list[dict]:
    """The data question of each quiz on the page, found by its stem and case (never by position)."""
    out = []
    for quiz in state:
        shown = re.sub(r"\s+", "", quiz["question"])
        found = [q for q in questions if squeeze(re.sub(r"_{4,}", "", q["stem"])).replace("_", "") in shown.replace("_", "")
                 and squeeze(q.get("case") or "") in shown]
        found = [q for q in found if not q.get("options") or all(
            any(squeeze(o) in re.sub(r"\s+", "", i["label"]) for i in quiz["inputs"]) for o in q["options"])]
        assert len(found) == 1, f"{quiz['id']}: {len(found)} questions of the data match {shown[:40]!r}"
        out.append(found[0])
    assert sorted(q["id"] for q in out) == sorted(q["id"] for q in questions)
    return out


def answer(pg, quiz_id: str, q: dict, correct: bool) -> None:
    quiz = pg.locator(f"#{quiz_id}")
    if q["type"] == "fill_blank":
        blanks = quiz.locator("input.quiz-blank-input")
        words = [str(a) for a in q["answer"]] if correct else ["不对"] + [str(a) for a in q["answer"][1:]]
        for i, word in enumerate(words):
            blanks.nth(i).fill(word)
        quiz.locator("button.quiz-button[type=submit]").click()
        return
    if q["type"] == "true_false":
        wanted = [("正确" if q["answer"] else "错误") if correct else ("错误" if q["answer"] else "正确")]
    else:
        letters = q["answer"] if correct else next(x for x in LETTERS[:len(q["options"])] if x not in q["answer"])
        wanted = [squeeze(q["options"][LETTERS.index(x)]) for x in letters]
    inputs = quiz.locator("input[name=answer]")
    checkbox = inputs.first.get_attribute("type") == "checkbox"
    labels = quiz.locator("label")
    # Options are shown shuffled and lettered as shown: find each wanted option by its words after "X．".
    shown = [re.sub(r"\s+", "", t) for t in labels.all_inner_texts()]
    for words in wanted:
        matches = [i for i, t in enumerate(shown) if t == words or re.sub(r"^[A-G]．", "", t) == words]
        assert len(matches) == 1, (q["id"], words, shown)
        labels.nth(matches[0]).click()
    if checkbox:
        quiz.locator("button.quiz-button[type=submit]").click()
    pg.wait_for_function("id => !document.querySelector('#' + id + ' .quiz-feedback').classList.contains('hidden')",
                         arg=quiz_id)


def results(pg) -> dict:
    return pg.evaluate("""() => {
        const r = document.getElementById('quiz-results');
        const complete = !r.querySelector('.quiz-results-complete').classList.contains('hidden');
        return {complete, score: r.querySelector('.quiz-results-score-value').innerText.trim(),
                title: r.querySelector('.quiz-results-title').innerText.trim(),
                answered: r.querySelector('.quiz-results-answered').innerText.trim(),
                correct: r.querySelector('.quiz-results-correct').innerText.trim(),
                total: r.querySelector('.quiz-results-total').innerText.trim()};
    }""")


def test_answer_score_reload_review_and_redo(tab, built_site, site_url):
    reg = deep_regulation()
    questions = BY_REG[reg]
    n = len(questions)
    assert n >= 2, f"{reg}: need two questions at least"
    pg = tab.page
    url = site_url + page_path(built_site, f"training/quiz-{reg}.md")
    tab.reset()
    pg.goto(url, wait_until="load")
    pg.evaluate("() => localStorage.clear()")
    pg.reload(wait_until="load")

    # Chinese interface, no English left
    body = pg.locator("article").inner_text()
    for label in ("只看答错的题", "重做答错的题", "重置测验"):
        assert label in body, label
    submit_buttons = pg.locator("button.quiz-button[type=submit]")
    if any(q["type"] in ("multiple", "fill_blank") for q in questions):
        assert submit_buttons.first.inner_text().strip() == "提交"
    for english in ("Submit", "Quiz Progress", "Reset quiz", "Correct answer", "questions answered"):
        assert english not in body, english

    state = pg.evaluate(QUIZ_STATE)
    matched = match_questions(state, questions)
    # groups in type order (单项选择题 … 案例分析题), the case shown before the question
    assert [TYPE_ORDER.index(q["type"]) for q in matched] == sorted(TYPE_ORDER.index(q["type"]) for q in matched)
    for quiz, q in zip(state, matched):
        if q.get("case"):
            shown = re.sub(r"\s+", "", quiz["question"])
            assert shown.index(squeeze(q["case"])) < shown.index(squeeze(q["stem"]))

    # the one to get wrong: a choice question if there is one
    wrong_index = next((i for i, q in enumerate(matched) if q["type"] != "fill_blank"), 0)
    for i, (quiz, q) in enumerate(zip(state, matched)):
        answer(pg, quiz["id"], q, correct=i != wrong_index)

    state = pg.evaluate(QUIZ_STATE)
    for i, (quiz, q) in enumerate(zip(state, matched)):
        expected = "回答错误" if i == wrong_index else "回答正确"
        assert expected in quiz["feedback"], f"{q['id']}: {quiz['feedback']!r}"
        # the feedback content: explanation and the cited unit, linked
        assert squeeze(q["explanation"]) in re.sub(r"\s+", "", quiz["content"]), q["id"]
        for cite in q["basis"]:
            assert any(re.search(rf"regulations/{cite['regulation']}(?:\.html|/)#{cite['unit']}$", h) for h in quiz["links"])
        assert all(inp["disabled"] for inp in quiz["inputs"]), f"{q['id']}: not locked after submitting"
    expected_score = f"{js_round_percent(n - 1, n)}%"
    shown = results(pg)
    assert shown["complete"] and shown["title"] == "测验完成！"
    assert shown["score"] == expected_score
    assert "答错 1 题" in pg.locator(".zf-review-status").inner_text()

    # the answers survive a reload
    pg.reload(wait_until="load")
    assert results(pg)["score"] == expected_score
    wrong_id = state[wrong_index]["id"]
    restored = {s["id"]: s for s in pg.evaluate(QUIZ_STATE)}
    assert "回答错误" in restored[wrong_id]["feedback"]
    assert sum("回答正确" in s["feedback"] for s in restored.values()) == n - 1

    # review: only the wrong one
    toggle = pg.locator(".zf-review-toggle")
    toggle.click()
    visible = [s["id"] for s in pg.evaluate(QUIZ_STATE) if s["visible"]]
    assert visible == [wrong_id]
    assert toggle.get_attribute("aria-pressed") == "true" and toggle.inner_text().strip() == "显示全部题目"
    toggle.click()
    assert all(s["visible"] for s in pg.evaluate(QUIZ_STATE))

    # redo the wrong one, correctly this time
    pg.locator(".zf-review-retry").click()
    redo = {s["id"]: s for s in pg.evaluate(QUIZ_STATE)}
    assert [i for i, s in redo.items() if s["visible"]] == [wrong_id]
    assert not any(inp["disabled"] or inp["checked"] for inp in redo[wrong_id]["inputs"])
    shown = results(pg)
    assert not shown["complete"] and (shown["answered"], shown["correct"]) == (str(n - 1), str(n - 1))
    answer(pg, wrong_id, matched[wrong_index], correct=True)
    shown = results(pg)
    assert shown["complete"] and shown["score"] == "100%"
    assert "没有答错的题" in pg.locator(".zf-review-status").inner_text()

    pg.reload(wait_until="load")
    assert results(pg)["score"] == "100%"
    assert pg.evaluate("() => typeof JSConfetti") == "undefined"
    assert pg.locator(".zf-review-retry").is_disabled()
    problems = tab.problems()
    assert tab.requests, "nothing recorded: the recorder is broken"
    assert not problems, "\n".join(problems)


def test_saved_answers_are_dropped_when_the_questions_change(tab, built_site, site_url):
    """Saved answers are kept by position (quiz-0 …): a page whose questions changed must not show them."""
    pg = tab.page
    path = "/" + page_path(built_site, f"training/quiz-{deep_regulation()}.md")
    pg.goto(site_url + path.lstrip("/"), wait_until="load")
    saved = {"quiz-0": {"answered": True, "correct": True, "selectedValues": []}}
    pg.evaluate("([path, saved]) => localStorage.setItem('quiz_progress_' + path, JSON.stringify(saved))", [path, saved])
    pg.reload(wait_until="load")
    assert results(pg)["answered"] == "1", "same questions: the answer is kept"
    pg.evaluate("path => localStorage.setItem('zf_question_set_' + path, 'an-older-bank')", path)
    pg.reload(wait_until="load")
    assert results(pg)["answered"] == "0", "questions changed: old answers dropped"
    assert pg.evaluate("path => localStorage.getItem('zf_question_set_' + path)", path) == \
        pg.locator(".zf-quiz-review").get_attribute("data-question-set")


def test_quiz_text_is_not_found_by_search(tab, built_site, site_url):
    """A word that stands in a quiz page and nowhere in the index finds no page (it would find the quiz if indexed);
    a word of the regulation text still finds its page."""
    import jieba

    reg = deep_regulation()
    # the text of every other page (were quiz pages indexed, theirs is left out here so the search would find them)
    indexed = indexed_text(built_site, leave_out="training/quiz-")
    quiz_html = (built_site / page_path(built_site, f"training/quiz-{reg}.md")).read_text(encoding="utf-8")
    texts = [render(q.get("case") or "") + render(q["stem"]) for q in BY_REG[reg]]
    words = [w for t in texts for w in jieba.lcut(t) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    unique = [w for w in words if w in quiz_html and w not in indexed]
    assert unique, "no word of this quiz is absent from the index: cannot test"
    pg = tab.page
    tab.reset()
    pg.goto(site_url + "index.html", wait_until="load")
    control = run_search(pg, "回避")
    assert control, "search finds nothing at all"
    for word in unique[:2]:
        hits = run_search(pg, word)
        assert not [h for h in hits if "/training/quiz-" in h["path"]], (word, hits)
    assert not [u for u in tab.requests if not is_allowed_request(u)]


# ---------------------------------------------------------------------------------------------------------------
# The other pages, loaded


def test_learning_path_and_every_quiz_page_load(tab, built_site, site_url):
    pg = tab.page
    report = []
    path_page = page_path(built_site, "training/index.md")
    tab.reset()
    pg.goto(site_url + path_page, wait_until="load")
    quiz_links = pg.evaluate("() => [...document.querySelectorAll('article a[href*=quiz-]')].map(a => a.href)")
    assert len(quiz_links) == len(BY_REG), quiz_links
    assert pg.locator(".quiz").count() == 0 and pg.locator("#quiz-progress-sidebar").count() == 0
    report += tab.problems()
    for link in quiz_links:
        reg = re.search(r"quiz-([a-z-]+?)(?:\.html|/)", link).group(1)
        tab.reset()
        pg.goto(link, wait_until="load")
        assert pg.locator(".quiz").count() == len(BY_REG[reg]), reg
        assert pg.locator("#quiz-results").count() == 1 and pg.locator(".zf-quiz-review").is_visible()
        report += [f"{reg}: {p}" for p in tab.problems()]
    assert not report, "\n".join(report)
