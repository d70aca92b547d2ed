"""The training pages as generated Markdown (no browser): the learning path and one quiz page per regulation.

Expectations come from the YAML (data/questions/*.yaml, data/training.yaml, regulations/*.yaml) read here directly,
never from what the generator printed. The quiz syntax checked is mkdocs-quiz's: ``<quiz>`` blocks, ``- [x]`` for a
correct option, ``[[answer]]`` for a blank.
"""

from __future__ import annotations

import copy
import html
import posixpath
import re

import pytest
import yaml

from conftest import ROOT

LETTERS = "ABCDEFG"

JURISDICTION = {name: entry["value"] for name, entry in
                yaml.safe_load((ROOT / "data/jurisdiction.yaml").read_text(encoding="utf-8")).items()}
REGULATIONS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "regulations").glob("*.yaml"))}
QUESTIONS = [q for p in sorted((ROOT / "data/questions").glob("*.yaml"))
             for q in (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("questions", [])]
TRAINING_FILE = ROOT / "data/training.yaml"
TRAINING = yaml.safe_load(TRAINING_FILE.read_text(encoding="utf-8")) if TRAINING_FILE.is_file() else None
DOWNLOAD_NAMES = ({f"{r}.pptx" for r in REGULATIONS}
                  | {"zhifa-flashcards.apkg", "exam-sample.docx", "exam-sample.pdf", "exam-sample-key.docx", "exam-sample-key.pdf"})


def render(text: str) -> str:
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: JURISDICTION[m.group(1)], str(text))


def walk(units):
    for unit in units or ():
        yield unit
        yield from walk(unit.get("children"))


UNIT_IDS = {reg_id: {u["id"] for u in walk(reg["units"])} for reg_id, reg in REGULATIONS.items()}


def by_regulation() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for q in QUESTIONS:
        out.setdefault(q["basis"][0]["regulation"], []).append(q)
    return out


def plain(markdown: str) -> str:
    """Markdown/HTML-escaped text back to what a reader sees, tags dropped, whitespace removed."""
    text = re.sub(r"<[^>]+>|(?<!\\)\*\*", "", markdown)  # tags and bold markers; \* is a real asterisk
    text = html.unescape(re.sub(r"\\(.)", r"\1", text))
    return re.sub(r"\s+", "", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", render(text))


def front_matter(page: str) -> dict:
    assert page.startswith("---\n"), page[:80]
    return yaml.safe_load(page.split("---\n", 2)[1])


def quiz_blocks(page: str) -> list[str]:
    return re.findall(r"^<quiz>\n(.*?)\n</quiz>$", page, re.S | re.M)


def parse_quiz(block: str) -> dict:
    """mkdocs-quiz's reading of a block: the question up to the first answer line (or ---), answers, content."""
    lines = block.split("\n")
    options = [(m.group(1).lower() == "x", m.group(2)) for m in (re.match(r"^[-*] \[(.?)\] (.*)$", x) for x in lines) if m]
    first = next((i for i, x in enumerate(lines) if re.match(r"^[-*] \[(.?)\] ", x) or x.strip() == "---"), len(lines))
    last = max((i for i, x in enumerate(lines) if re.match(r"^[-*] \[(.?)\] ", x) or x.strip() == "---"), default=first)
    return {"question": "\n".join(lines[:first]), "options": options, "content": "\n".join(lines[last + 1:])}


@pytest.fixture(scope="module", params=[False, True], ids=["file-urls", "directory-urls"])
def pages(request, project):
    from zhifa.render.site.training import pages
    from zhifa.render.site.urls import Urls

    return pages(project, Urls(request.param))


def quiz_pages(pages: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in pages.items() if path.startswith("training/quiz-")}


def test_one_quiz_page_per_regulation_with_questions(pages):
    expected = {f"training/quiz-{reg}.md" for reg, qs in by_regulation().items() if qs and reg in REGULATIONS}
    assert expected, "the bank has no questions at all"
    assert set(quiz_pages(pages)) == expected
    assert "training/index.md" in pages


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_every_question_is_on_its_regulations_page(pages, question):
    page = pages[f"training/quiz-{question['basis'][0]['regulation']}.md"]
    stem = squeeze(question["stem"])
    parsed = [parse_quiz(b) for b in quiz_blocks(page)]
    if question["type"] == "fill_blank":
        answers = [str(a) for a in question["answer"]]
        blanks = iter(answers)
        blanked = re.sub(r"_{4,}", lambda m: f"[[{next(blanks)}]]", stem)
        found = [p for p in parsed if blanked in plain(p["question"])]
        assert len(found) == 1, f"{question['id']}: no quiz block with the stem and blanks [[…]] {answers}"
        assert not found[0]["options"]
    else:
        case = squeeze(question.get("case") or "")
        found = [p for p in parsed if stem in plain(p["question"]) and case in plain(p["question"])]
        assert len(found) == 1, f"{question['id']}: {len(found)} quiz blocks with this stem (and case)"
        options = found[0]["options"]
        if question["type"] == "true_false":
            assert [(ok, plain(text)) for ok, text in options] == [(question["answer"] is True, "正确"),
                                                                    (question["answer"] is False, "错误")]
        else:
            # Shown in a shuffled order, lettered A, B, … as shown; the marked ones are exactly the correct options.
            assert len(options) == len(question["options"])
            assert [plain(text)[:2] for _, text in options] == [f"{x}．" for x in LETTERS[:len(options)]]
            shown = [plain(text)[2:] for _, text in options]
            assert sorted(shown) == sorted(squeeze(o) for o in question["options"]), question["id"]
            correct = {squeeze(question["options"][LETTERS.index(x)]) for x in question["answer"]}
            assert {words for (ok, _), words in zip(options, shown) if ok} == correct, question["id"]
            stated = re.search(r"正确答案\*\*：(.*)", found[0]["content"]).group(1)
            letters = [shown_letter for shown_letter, words in zip(LETTERS, shown) if words in correct]
            assert [plain(x)[:1] for x in stated.split("；")] == letters, question["id"]
    quiz = found[0]
    if question["type"] == "scenario":
        q = plain(quiz["question"])
        assert q.index(squeeze(question["case"])) < q.index(stem), "the case comes before the question"
    content = quiz["content"]
    assert squeeze(question["explanation"]) in plain(content)
    for cite in question["basis"]:
        assert squeeze(cite["quote"]) in plain(content)
        assert re.search(rf'href="[^"]*regulations/{re.escape(cite["regulation"])}(?:\.html|/)#{re.escape(cite["unit"])}"', content)


def test_quiz_counts_match_the_bank(pages):
    for reg, qs in by_regulation().items():
        assert len(quiz_blocks(pages[f"training/quiz-{reg}.md"])) == len(qs), reg


def test_quiz_pages_enable_the_quiz_and_leave_the_search_index(pages):
    for path, text in quiz_pages(pages).items():
        meta = front_matter(text)
        assert meta["quiz"]["enabled"] is True, path
        assert meta["search"]["exclude"] is True, path
        assert "<!-- mkdocs-quiz results -->" in text and "<!-- mkdocs-quiz intro -->" in text
        assert 'class="zf-quiz-review"' in text and "只看答错的题" in text and "重做答错的题" in text
    meta = front_matter(pages["training/index.md"])
    assert "quiz" not in meta and "exclude" not in (meta.get("search") or {})


def _hrefs(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', text)]


def _resolve(page: str, href: str, directory_urls: bool) -> tuple[str, str]:
    """(site path of the target, fragment) for a relative link from the page built from ``page``."""
    here = page[:-3] + ("/" if directory_urls and not page.endswith("index.md") else ".html")
    if directory_urls and page.endswith("index.md"):
        here = page[: -len("index.md")]
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    path, _, fragment = href.partition("#")
    return posixpath.normpath(posixpath.join(base, path)), fragment


def test_links_resolve_to_existing_units_pages_and_downloads(pages, request):
    directory_urls = "directory-urls" in request.node.callspec.id
    quiz_targets = {p[len("training/"):-3] for p in quiz_pages(pages)}
    unit_links = downloads = 0
    for page, text in pages.items():
        for href in _hrefs(text):
            target, fragment = _resolve(page, href, directory_urls)
            m = re.fullmatch(r"regulations/([a-z-]+)(?:\.html|/index\.html|)", target)
            if m:
                assert m.group(1) in REGULATIONS, f"{page}: {href}"
                if fragment:
                    assert fragment in UNIT_IDS[m.group(1)], f"{page}: {href}: no unit {fragment}"
                    unit_links += 1
            elif target.startswith("downloads/"):
                assert posixpath.dirname(target) == "downloads/training", f"{page}: {href}"
                assert posixpath.basename(target) in DOWNLOAD_NAMES, f"{page}: {href}"
                downloads += 1
            else:
                m = re.fullmatch(r"training/(quiz-[a-z-]+)(?:\.html|/index\.html|)", target)
                assert m and m.group(1) in quiz_targets, f"{page}: {href} -> {target}"
    assert unit_links >= len(QUESTIONS)
    assert downloads >= len(DOWNLOAD_NAMES)


def test_learning_path_follows_the_path_with_duties_and_prohibitions(pages):
    assert TRAINING is not None, "data/training.yaml is missing (test_learning_path_without_training_data covers a project without one)"
    text = pages["training/index.md"]
    steps = [s["regulation"] for s in TRAINING["path"]]
    positions = [text.index(f"{{ #{reg} }}") for reg in steps]
    assert positions == sorted(positions), "steps out of the path's order"
    for n, step in enumerate(TRAINING["path"]):
        end = positions[n + 1] if n + 1 < len(positions) else len(text)
        section = text[positions[n]:end]
        assert squeeze(step["why"]) in plain(section) and squeeze(step["focus"]) in plain(section)
        for kind, heading in (("duty", "必须做到"), ("prohibition", "严禁")):
            points = [p for p in step["points"] if p["kind"] == kind]
            if not points:
                continue
            lst = re.search(rf'<strong>{heading}</strong></p><ul class="zf-{kind}">(.*?)</ul>', section)
            assert lst, f"{step['regulation']}: no list {heading}"
            items = re.findall(r"<li>(.*?)</li>", lst.group(1))
            assert len(items) == len(points)
            for item, point in zip(items, points):
                assert squeeze(point["point"]) in plain(item)
                unit = point["basis"]["unit"]
                assert re.search(rf'href="[^"]*regulations/{point["basis"]["regulation"]}(?:\.html|/)#{unit}"', item)
        quiz = f"quiz-{step['regulation']}"
        has_quiz = bool(by_regulation().get(step["regulation"]))
        assert (quiz in section) == has_quiz
        assert f"downloads/training/{step['regulation']}.pptx" in section


def test_learning_path_without_training_data(project):
    from zhifa.render.site.training import pages
    from zhifa.render.site.urls import Urls

    bare = copy.copy(project)
    bare.training = None
    text = pages(bare, Urls(False))["training/index.md"]
    assert "学习路径待编写" in text
    order = sorted(REGULATIONS, key=lambda r: REGULATIONS[r]["order"])
    positions = [text.index(f"{{ #{reg} }}") for reg in order]
    assert positions == sorted(positions)


def test_nav_lists_the_quiz_pages(project):
    from zhifa.render.site.pages import nav_sections

    entries = nav_sections(project)["training/index.md"]
    assert sorted(p for e in entries for p in e.values()) == sorted(
        f"training/quiz-{reg}.md" for reg, qs in by_regulation().items() if qs)


def test_quiz_plugin_is_configured_for_quiz_pages_only():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    plugins = [p for p in config["plugins"] if isinstance(p, dict) and "mkdocs_quiz" in p]
    assert len(plugins) == 1
    quiz = plugins[0]["mkdocs_quiz"]
    assert quiz["enabled_by_default"] is False
    assert quiz["confetti"] is False
    assert quiz["language"] == "zh"
    assert {"培训": "training/index.md"} in config["nav"]
