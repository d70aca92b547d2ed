"""Support for the browser tests (tests/test_browser.py): build the site once, serve it on 127.0.0.1,
drive Debian's Chromium through Playwright, and parse the built HTML with the standard library.

Everything here runs offline: the site is served by a threaded ``http.server`` on a free local port and Chromium
is told not to resolve any host but 127.0.0.1, so a request to the internet fails at once (and is still recorded).
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    # Any host but 127.0.0.1 fails to resolve at once instead of hanging; the request is still recorded.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

# A unit id (README "Units and their ids"): chp_2, chp_2__art_14, art_11__item_4, sec_2__item_1__subitem_3,
# chp_2__art_4__para_2, and the single-word kinds preamble / signature / date.
UNIT_ID_RE = re.compile(
    r"^(?:(?:chp|sec|art|para|item|subitem)_[1-9][0-9]*)(?:__(?:chp|sec|art|para|item|subitem)_[1-9][0-9]*)*$"
    r"|^(?:preamble|signature|date)$"
)

ALLOWED_SCHEMES = {"file", "data", "blob", "about"}
LOCAL_HOST = "127.0.0.1"


# ---------------------------------------------------------------------------------------------------------------
# Building and serving


def build_site(root: Path, out: Path) -> Path:
    """`python -m zhifa build --root ROOT --out OUT`; fails the session with zhifa's output when the build fails."""
    proc = subprocess.run(
        [sys.executable, "-m", "zhifa", "build", "--root", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
    )
    if proc.returncode != 0 or not (out / "index.html").is_file():
        pytest.fail(
            f"zhifa build failed (exit {proc.returncode}):\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}",
            pytrace=False,
        )
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class SiteServer:
    """A threaded http.server for DIRECTORY on 127.0.0.1 and a free port, in a daemon thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://{LOCAL_HOST}:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


# ---------------------------------------------------------------------------------------------------------------
# Recording what a page does


def is_allowed_request(url: str) -> bool:
    """file:, data:, blob: (and about:) anywhere; http(s)/ws(s) only to 127.0.0.1."""
    parts = urlsplit(url)
    if parts.scheme in ALLOWED_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname == LOCAL_HOST


@dataclass
class RecordedPage:
    """A Playwright page plus everything it reported since the last reset()."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda err: self.page_errors.append(str(err)))
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", lambda req: self.failed_requests.append(f"{req.url}: {req.failure}"))

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            self.console_errors.append(f"{msg.text} (at {loc.get('url', '?')}:{loc.get('lineNumber', '?')})")

    def _on_response(self, resp) -> None:
        if resp.status >= 400:
            self.bad_responses.append(f"{resp.status} {resp.url}")

    def reset(self) -> None:
        for bucket in (self.console_errors, self.page_errors, self.requests, self.bad_responses, self.failed_requests):
            bucket.clear()

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_allowed_request(url)]

    def problems(self) -> list[str]:
        """Everything that should not happen on a clean page load, one line each."""
        return (
            [f"console error: {e}" for e in self.console_errors]
            + [f"page error: {e}" for e in self.page_errors]
            + [f"HTTP {e}" for e in self.bad_responses]
            # net::ERR_ABORTED is a request cut off by the next navigation, not a fault of the page
            + [f"request failed: {e}" for e in self.failed_requests if "net::ERR_ABORTED" not in e]
            + [f"external request: {u}" for u in self.external_requests()]
        )


# ---------------------------------------------------------------------------------------------------------------
# Fixtures (imported by test_browser.py)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, root: Path) -> Path:
    """The handbook built once per session into a temporary folder."""
    return build_site(root, tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Base URL (ending in /) of the built site served on 127.0.0.1."""
    with SiteServer(built_site) as server:
        yield server.base_url


@pytest.fixture(scope="session")
def browser():
    # A missing browser is a failed set-up, not a reason to skip: `make test` installs both.
    try:
        import playwright.sync_api as sync_api
    except ImportError:
        pytest.fail("playwright is not installed: run make test (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: run make test (apt-get install chromium)")
    pw = sync_api.sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def browser_context(browser, site_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.set_default_timeout(15_000)
    # A user's click on 复制引用 may use the async clipboard API: allow it on the local origin.
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A fresh page that records console errors, page errors, failed loads and every request URL."""
    recorded = RecordedPage(browser_context.new_page())
    yield recorded
    recorded.page.close()


@pytest.fixture(scope="session")
def shared_page(browser_context):
    """One recorded page reused by many tests (search, anchors, copy buttons); call reset() before use."""
    recorded = RecordedPage(browser_context.new_page())
    yield recorded
    recorded.page.close()


# ---------------------------------------------------------------------------------------------------------------
# Parsing the built HTML (standard library only)

_LINK_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}


class _HTMLScan(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str, int]] = []  # (tag.attr, value, line)

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        if d.get("id"):
            self.ids.append(d["id"])
        if tag == "a" and d.get("name"):
            self.ids.append(d["name"])
        for attr in _LINK_ATTRS.get(tag, ()):
            value = d.get(attr)
            if value is not None:
                self.links.append((f"{tag}.{attr}", value, self.getpos()[0]))
        if d.get("srcset"):
            for candidate in d["srcset"].split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.links.append((f"{tag}.srcset", url, self.getpos()[0]))

    handle_startendtag = handle_starttag


@dataclass
class ParsedPage:
    ids: list[str]
    links: list[tuple[str, str, int]]


@functools.cache
def parse_html(path: Path) -> ParsedPage:
    scan = _HTMLScan()
    scan.feed(path.read_text(encoding="utf-8"))
    scan.close()
    return ParsedPage(scan.ids, scan.links)


def html_pages(site: Path) -> list[str]:
    """Every HTML file of the built site, as a path relative to the site root with / separators."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def regulation_page(site: Path, reg_id: str) -> str:
    """Where the build put a regulation's page: regulations/<id>.html or regulations/<id>/index.html."""
    for candidate in (f"regulations/{reg_id}.html", f"regulations/{reg_id}/index.html"):
        if (site / candidate).is_file():
            return candidate
    raise AssertionError(f"no page for regulation {reg_id} in {site}/regulations: {html_pages(site)}")


_EXTERNAL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def check_links(site: Path) -> list[str]:
    """Every local href/src of every HTML page must name an existing file and, with a #fragment, an existing id
    in that file. Absolute URLs with a scheme (https:, mailto:, data: …) are not followed (no network)."""
    problems: list[str] = []
    site = site.resolve()
    for rel in html_pages(site):
        source = site / rel
        for where, raw, line in parse_html(source).links:
            value = raw.strip()
            if not value or value.startswith("//") or _EXTERNAL_SCHEME.match(value):
                if value.startswith("//"):
                    problems.append(f"{rel}:{line}: {where}={raw!r} is protocol-relative (leaves the site)")
                continue
            parts = urlsplit(value)
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            if not path:
                target = source
            elif path.startswith("/"):
                target = site / path.lstrip("/")
            else:
                target = source.parent / path
            target = Path(os.path.normpath(target))
            if target.is_dir():
                target = target / "index.html"
            if site not in target.parents and target != site:
                problems.append(f"{rel}:{line}: {where}={raw!r} points outside the site")
                continue
            if not target.is_file():
                problems.append(f"{rel}:{line}: {where}={raw!r}: no file {target.relative_to(site).as_posix()}")
                continue
            if fragment and target.suffix == ".html" and fragment not in parse_html(target).ids:
                problems.append(
                    f"{rel}:{line}: {where}={raw!r}: no id {fragment!r} in {target.relative_to(site).as_posix()}"
                )
    return problems


def ancestors(unit_id: str) -> list[str]:
    """art_7__para_1__item_3 -> [art_7__para_1, art_7]: the enclosing units, nearest first."""
    parts = unit_id.split("__")
    return ["__".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]


# ---------------------------------------------------------------------------------------------------------------
# Search through Material's own UI

SEARCH_INPUT = ".md-search__input"


def run_search(page, query: str, timeout: float = 15_000, every: bool = False) -> list[dict]:
    """Type QUERY into the header search box like a user and return every result link in display order:
    [{"href", "path", "fragment", "title", "score", "group", "collapsed", "placeholder"}], titles without U+200B.

    Material lists one item per page ("group"): the page's own link, then its sections. Sections scoring below the
    group's best are folded under "在该页上还有 N 个符合条件的结果" (collapsed=True). When the page itself did not
    match, its link is only the group's heading, with score 0 (placeholder=True). See visible_results().
    Material renders the first ten items and more as the list is scrolled: with ``every``, the list is scrolled
    to its end, as a reader would, until no more items come."""
    box = page.locator(SEARCH_INPUT)
    box.click()
    # Clear first so results of the previous query cannot be mistaken for this one's.
    box.fill("")
    box.press("End")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0", timeout=timeout)
    box.fill(query)
    box.press("End")
    # Done when results are listed, or when Material says there are none (its own wording from __config);
    # "initializing" or the placeholder mean the answer has not come yet.
    page.wait_for_function(
        """query => {
            if (document.querySelector('.md-search__input').value !== query) return false;
            if (document.querySelector('.md-search-result__item')) return true;
            const config = JSON.parse(document.getElementById('__config').textContent);
            const none = (config.translations || {})['search.result.none'];
            const meta = document.querySelector('.md-search-result__meta');
            return !!(none && meta && meta.textContent.trim() === none.trim());
        }""",
        arg=query,
        timeout=timeout,
    )
    if every:
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
    while every:
        count = page.locator(".md-search-result__item").count()
        page.locator(".md-search-result__item").last.scroll_into_view_if_needed()
        try:
            page.wait_for_function(f"() => document.querySelectorAll('.md-search-result__item').length > {count}",
                                   timeout=2_000)
        except PlaywrightTimeoutError:
            break
    raw = page.evaluate(
        """() => [...document.querySelectorAll('.md-search-result__item')].flatMap((item, group) =>
            [...item.querySelectorAll('.md-search-result__link')].map(a => {
                const article = a.querySelector('article');
                let title = '';
                const heading = article && article.querySelector('h1, h2');
                if (heading) {
                    const copy = heading.cloneNode(true);
                    copy.querySelectorAll('[hidden]').forEach(e => e.remove());  // sub-word spans
                    title = copy.textContent;
                }
                const score = article && article.dataset.mdScore !== undefined
                    ? parseFloat(article.dataset.mdScore) : null;
                return {href: a.href, title, score, group, collapsed: !!a.closest('details')};
            }))"""
    )
    results = []
    for r in raw:
        parts = urlsplit(r["href"])
        results.append(
            {
                **r,
                "path": unquote(parts.path),
                "fragment": unquote(parts.fragment),
                "title": r["title"].replace("\u200b", "").strip(),
                "placeholder": r["score"] is not None and r["score"] <= 0,
            }
        )
    return results


def page_path(site: Path, md: str) -> str:
    """Where the build put the page made from ``md`` (docs-relative Markdown path): x.html or x/index.html."""
    stem = md[: -len(".md")]
    for candidate in (f"{stem}.html", f"{stem}/index.html"):
        if (site / candidate).is_file():
            return candidate
    raise AssertionError(f"no page built from {md}")


def search_index(site: Path) -> dict:
    """The site's search index (search/zhifa-index.js: ``window.__zhifaSearch={json};``) as data."""
    text = (site / "search" / "zhifa-index.js").read_text(encoding="utf-8")
    prefix = "window.__zhifaSearch="
    assert text.startswith(prefix) and text.rstrip().endswith(";"), text[:80]
    import json

    return json.loads(text[len(prefix):].rstrip().rstrip(";"))


def indexed_locations(site: Path) -> list[str]:
    """Every page (site path, no #fragment) that has a document in the search index."""
    index = search_index(site)
    return [row[3] for row in index["regs"]] + [row[0].split("#")[0] for row in index["pages"]]


def indexed_text(site: Path, leave_out: str = "") -> str:
    """All text of the search index (page titles, sections, units), pages under ``leave_out`` excluded."""
    index = search_index(site)
    units = "".join(u[2] + u[3] + u[4] for u in index["units"])
    pages = "".join(p[1] + p[2] + p[3] for p in index["pages"] if not (leave_out and p[0].startswith(leave_out)))
    return units + pages


def visible_results(results: list[dict]) -> list[dict]:
    """The results a user sees in the list without opening "N more on this page": matched links only."""
    return [r for r in results if not r["placeholder"] and not r["collapsed"]]
