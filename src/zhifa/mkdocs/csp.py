"""The site's Content-Security-Policy: scripts come only from the site's own files, plus the few inline scripts the
theme (Material) and the quiz plugin (mkdocs-quiz) write, each allowed by its sha256. So no inline event handler
(``onerror=…``), no ``javascript:`` URL, no injected ``<script>`` and no eval can run, on the server and from file://.

``site_overrides/main.html`` writes the meta tag with ``policy()`` (a template filter): the theme's inline scripts
are Material's own partials rendered there, the quiz scripts are recognised in the page content. ``check_page()``
reads a finished page and lists what the policy would block, so that the build refuses it instead of publishing a
page that silently does not work. Uses no MkDocs API, but reads the scripts mkdocs-quiz (a MkDocs plugin) ships,
so it lives in zhifa.mkdocs, the only package that imports MkDocs or its plugins.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from html.parser import HTMLParser

# Everything but scripts: styles stay inline-capable (Material, Mermaid and mkdocs-quiz set them; a style cannot
# run code); images and fonts may be data: URIs (Material's icons).
OTHER_DIRECTIVES = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)

# mkdocs-quiz 1.7 opens every quiz form with an inline handler and a javascript: action, both only to stop the
# form being sent; its own script already stops it (preventDefault) and the policy would report both.
QUIZ_FORM = '<form action="javascript:void(0);" onsubmit="return false;">'
PLAIN_FORM = "<form>"

_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data"}
_QUIZ_TRANSLATIONS = re.compile(r"\s*window\.mkdocsQuizTranslations = (\{.*\});\s*", re.S)
_QUIZ_CONFIG = re.compile(r'\s*window\.mkdocsQuizConfig = \{\s*confetti: (?:true|false),\s*showProgress: '
                          r'(?:true|false),\s*progressSidebarPosition: "[a-z]+"\s*\};\s*')
_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', re.I)


class _Scan(HTMLParser):
    """Inline scripts (executable ones only), event-handler attributes and javascript: URLs of an HTML text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.first_script_at: int | None = None
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            elif name in _URL_ATTRS and value and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.js_urls.append(f"<{tag} {name}>")
        if tag == "script":
            if self.first_script_at is None:
                self.first_script_at = self.getpos()[0]
            d = dict(attrs)
            executable = (d.get("type") or "").strip().lower() in _JS_TYPES
            self._open = [] if executable and d.get("src") is None else None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
            self._open = None


def _scan(html: str) -> _Scan:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan


def _inline_scripts(html: str) -> tuple[str, ...]:
    """The executable inline scripts of an HTML text."""
    if "<script" not in html.lower():  # the parser knows no other way to open a script
        return ()
    return tuple(_scan(html).scripts)


_theme_scripts = lru_cache(maxsize=8)(_inline_scripts)  # the theme's partials: the same text on most pages


def script_hash(text: str) -> str:
    """The CSP source that allows an inline script whose text is TEXT."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _quiz_constants() -> frozenset[str]:
    """The texts of the scripts mkdocs-quiz ships as files and pastes into quiz pages (quiz.js, confetti)."""
    from mkdocs_quiz import plugin

    return frozenset(s for tag in (plugin.js_script, plugin.confetti_lib_script) for s in _scan(tag).scripts)


def is_quiz_script(text: str) -> bool:
    """Whether TEXT is one of mkdocs-quiz's inline scripts: its shipped code, or its translations (a JSON object)
    or its settings (three known keys with plain values) as it writes them."""
    if text in _quiz_constants() or _QUIZ_CONFIG.fullmatch(text):
        return True
    found = _QUIZ_TRANSLATIONS.fullmatch(text)
    if not found:
        return False
    try:
        strings = json.loads(found.group(1))
    except ValueError:
        return False
    return all(isinstance(k, str) and isinstance(v, str) for k, v in strings.items())


def policy(theme_scripts: str, content: str = "") -> str:
    """The policy for one page: THEME_SCRIPTS is the HTML of the theme's inline-script partials, CONTENT the page's
    content (mkdocs-quiz's scripts are allowed from it, nothing else)."""
    allowed = list(_theme_scripts(theme_scripts))
    allowed += [s for s in _inline_scripts(content or "") if is_quiz_script(s)]
    hashes = sorted({script_hash(s) for s in allowed})
    return "; ".join(["script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'", *OTHER_DIRECTIVES])


def without_quiz_handlers(html: str) -> str:
    return html.replace(QUIZ_FORM, PLAIN_FORM)


def checker_version() -> str:
    """What the answer of :func:`check_page` depends on besides the page: this module and mkdocs-quiz's scripts."""
    from importlib.metadata import version
    from pathlib import Path

    return hashlib.sha256(Path(__file__).read_bytes() + version("mkdocs-quiz").encode()).hexdigest()


def check_page(html: str) -> list[str]:
    """What the page's own policy would block, one line each (Chinese, for the maintainer); [] if nothing."""
    found = _POLICY_META.search(html)
    if not found:
        return ["缺少内容安全策略（Content-Security-Policy meta）"]
    scan = _scan(html)
    problems = []
    if scan.first_script_at is not None and html[:found.start()].count("\n") + 1 > scan.first_script_at:
        problems.append("内容安全策略写在第一个脚本之后")
    allowed = set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", found.group(1)))
    for text in scan.scripts:
        if script_hash(text) not in allowed:
            problems.append(f"内联脚本不被允许：{' '.join(text.split())[:60]}")
    problems += [f"内联事件处理属性 {h}" for h in scan.handlers]
    problems += [f"javascript: 链接 {u}" for u in scan.js_urls]
    return problems
