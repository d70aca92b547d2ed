"""The import tests' texts and what is expected of them (tests/fixtures/import/expected.yaml), and the helpers that run
`zhifa import` on a copy of the project and read back what it wrote with plain PyYAML (not zhifa's loader)."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml
from docx_fixtures import write_numbered_docx

from conftest import FIXTURES, run_zhifa

TEXTS = FIXTURES / "import"
EXPECTED: dict = yaml.safe_load((TEXTS / "expected.yaml").read_text(encoding="utf-8"))["texts"]
PLACEHOLDER = "【待填写】"  # README: what the importer writes where the text does not say
# README "Units and their ids": the kinds the import summary counts, and their Chinese names.
COUNTED = {"part": "编", "chapter": "章", "subchapter": "节", "article": "条", "paragraph": "款", "item": "项",
           "subitem": "目"}
# `path:line:col: CODE message`, the form of validate's problems (W… are warnings, every other code an error).
PROBLEM = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<message>.*)$")
CJK = re.compile(r"[\u4e00-\u9fff]")
WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


def write_input(name: str, folder: Path) -> Path:
    """The file to import for text ``name``, written into ``folder`` as expected.yaml's write_as says."""
    case = EXPECTED[name]
    source = TEXTS / case["file"]
    how = case.get("write_as")
    if how is None:
        return source
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / how["name"]
    text = source.read_text(encoding="utf-8")
    if how.get("format") == "docx":
        return write_numbered_docx(text, target)
    if how["encoding"] == "gbk":  # Notepad's "ANSI" on a Chinese Windows: GBK with CRLF line ends
        target.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    else:
        target.write_bytes(text.encode(how["encoding"]))
    return target


def import_args(name: str, path: Path, root: Path, *extra: str) -> list[str]:
    """The arguments of `zhifa import` for text ``name``: the file, the project, each --id in order."""
    ids = [arg for rid in EXPECTED[name]["ids"] for arg in ("--id", rid)]
    return ["import", str(path), "--root", str(root), *ids, *extra]


def run_import(name: str, path: Path, root: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_zhifa(*import_args(name, path, root, *extra))


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def regulation_ids(root: Path) -> set[str]:
    return {path.stem for path in (root / "regulations").glob("*.yaml")}


def read_regulation(root: Path, rid: str) -> dict:
    return yaml.safe_load((root / "regulations" / f"{rid}.yaml").read_text(encoding="utf-8"))


def walk(units: list[dict]) -> Iterator[dict]:
    for unit in units:
        yield unit
        yield from walk(unit.get("children") or [])


def units_by_id(reg: dict) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for unit in walk(reg.get("units") or []):
        assert unit["id"] not in found, f"id {unit['id']} twice"
        found[unit["id"]] = unit
    return found


def kind_counts(reg: dict) -> dict[str, int]:
    return dict(Counter(unit["kind"] for unit in walk(reg.get("units") or [])))


def snapshot(root: Path) -> dict[str, tuple]:
    """Every folder and file under ``root``: a file by its size, modification time and checksum."""
    state: dict[str, tuple] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_dir():
            state[key] = ("dir",)
        else:
            stat = path.stat()
            state[key] = (stat.st_size, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    return state


def problems(text: str) -> list[re.Match]:
    return [m for line in text.splitlines() if (m := PROBLEM.match(line.strip()))]


def errors(text: str) -> list[re.Match]:
    """validate's problems that are not warnings."""
    return [m for m in problems(text) if not m["code"].startswith("W")]


def line_reference(n: int) -> re.Pattern:
    """A message naming line ``n`` of a file: `file:n:` / `file:n` or 第 n 行."""
    return re.compile(rf"[:：]{n}(?!\d)|第\s*{n}\s*行")


def names_a_line(line: str) -> bool:
    return bool(re.search(r"[:：]\d+|第\s*\d+\s*行", line))
