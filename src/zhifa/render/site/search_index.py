"""Sub-word search: make Material's search find a word inside a longer word.

Material's search matches a query only at the start of an indexed word, and jieba keeps 申请回避, 行政处罚
and 第十四条 whole, so 回避, 处罚 and 十四条 found nothing. After MkDocs writes the index, each entry gets
the missing pieces: jieba's search-mode sub-words and the suffixes that are dictionary words (a prefix match
on a suffix is a match inside the word). They go into a hidden span at the end of the entry's text, so
results still show the article as written. The index is written without \\u escapes.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import jieba

SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；：:“”‘’《》（）()\[\]【】,.!?;]+")
CJK = re.compile(r"[\u4e00-\u9fff]")
HIDDEN_OPEN = "<span hidden>"
MIN_LEN = 2
jieba.setLogLevel(60)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def tokens(text: str) -> list[str]:
    """The words the browser will index: Material has already joined jieba's words with U+200B."""
    return [t for t in SEPARATOR.split(text) if t]


LABEL = re.compile(r"^第([零〇一二三四五六七八九十百]+[章条款项目])$")


@lru_cache(maxsize=200_000)
def pieces(word: str) -> tuple[str, ...]:
    """Parts of ``word`` a reader may type alone: jieba's search-mode pieces (prefixes included: Material's
    query segmenter cuts a query only at words it finds in the index), dictionary-word suffixes, 十四条 for 第十四条."""
    jieba.dt.check_initialized()
    freq = jieba.dt.FREQ
    out = [p for p in jieba.cut_for_search(word) if p != word]
    out += [word[i:] for i in range(1, len(word) - MIN_LEN + 1) if freq.get(word[i:])]
    label = LABEL.match(word)
    if label:
        out.append(label.group(1))
    return tuple(out)


def subwords(words: list[str]) -> list[str]:
    """Pieces of the indexed words that a reader may type on their own, new ones only, in order."""
    seen = set(words)
    out: list[str] = []
    for word in words:
        if len(word) < 3 or not CJK.search(word):
            continue
        for piece in pieces(word):
            if len(piece) >= MIN_LEN and CJK.search(piece) and piece not in seen:
                seen.add(piece)
                out.append(piece)
    return out


def enrich_entry(entry: dict) -> None:
    title_words = tokens(plain_text(entry.get("title", "")))
    title_extra = subwords(title_words)
    if title_extra:
        entry["title"] = entry.get("title", "") + HIDDEN_OPEN + "\u200b".join(title_extra) + "</span>"
    extra = subwords(title_words + title_extra + tokens(plain_text(entry.get("text", ""))))
    if extra:
        entry["text"] = entry.get("text", "") + HIDDEN_OPEN + "\u200b".join(extra) + "</span>"


def enrich_index(index_file: Path) -> None:
    """Rewrite MkDocs' search index in place with sub-words added and no \\u escapes."""
    data = json.loads(index_file.read_text(encoding="utf-8"))
    for entry in data.get("docs", []):
        enrich_entry(entry)
    index_file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
