"""``zhifa import``: a regulation's text or Word file into regulations/<id>.yaml and data/sources/, checked first.

The files are written together or not at all, and only when the new regulations pass the project's own checks
(ids, numbering, fidelity with the copied source); an existing regulation is never overwritten.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from zhifa.check.project import check_regulation
from zhifa.cite.scan import check_typed_citations
from zhifa.files.atomic import write_together
from zhifa.ingest.assemble import Imported, assemble
from zhifa.ingest.document import DocumentError, read_draft, split_regulations
from zhifa.ingest.emit import to_yaml
from zhifa.ingest.lines import classify
from zhifa.ingest.metadata import regulation_id, type_names
from zhifa.ingest.reading import Source, SourceError, read_source
from zhifa.load.loader import JURISDICTION_FILE, REGULATIONS_DIR, SOURCES_DIR, load_project
from zhifa.load.yamlio import YamlError, read_yaml
from zhifa.model.jurisdiction import Jurisdiction
from zhifa.model.problems import Problem
from zhifa.model.regulation import REGULATION_TYPES
from zhifa.procedures.workdays import today


class ImportFailed(Exception):
    """Nothing was written; the message (and ``problems``) say why."""

    def __init__(self, message: str, problems: list[Problem] | None = None, usage: bool = False):
        super().__init__(message)
        self.problems = problems or []
        self.usage = usage


@dataclass
class ImportResult:
    source: Source
    source_file: str  # data/sources/<name>.txt, relative to the root
    regulations: list[Imported] = field(default_factory=list)
    yaml: dict[str, str] = field(default_factory=dict)  # id → YAML text
    written: list[Path] = field(default_factory=list)
    reused_source: bool = False


def import_source(root: Path, path: Path, ids: list[str], title: str | None, kind: str | None,
                  dry_run: bool = False) -> ImportResult:
    if kind is not None and kind not in REGULATION_TYPES:
        raise ImportFailed(f"--type“{kind}”不是可用的类型：可选 {type_names()}", usage=True)
    source, drafts = read_drafts(path, title, ids)
    jur = jurisdiction_of(root)
    existing = {p.stem for p in (root / REGULATIONS_DIR).glob("*.yaml")}
    source_file, reused = source_name(root, path, source.text)
    result = ImportResult(source, source_file, reused_source=reused)
    order = _next_order(root)
    taken = set(existing)
    for index, draft in enumerate(drafts):
        reg_id = ids[index] if ids else regulation_id(draft.title, taken)
        if reg_id in existing:
            raise ImportFailed(f"regulations/{reg_id}.yaml 已存在，不会覆盖：换一个 --id，或先删除原文件"
                               "（同一规章的新版本请加 --as-version 导入）")
        taken.add(reg_id)
        imported = assemble(draft, reg_id, order + index, kind, source_file, jur, today())
        if not imported.data["type"]:
            raise ImportFailed(f"无法从标题《{draft.title}》判断规章类型：请用 --type 指定（可选：{type_names()}）", usage=True)
        result.regulations.append(imported)
        result.yaml[reg_id] = to_yaml(imported, path.name, source.read_as)
    problems = _check(root, result)
    if problems:
        raise ImportFailed(f"导入结果未通过校验（{len(problems)} 个问题），未写入任何文件：多半是原文编号有误，"
                           "请核对原文相应行后再导入", problems)
    if not dry_run:
        _write(root, result)
    return result


def read_drafts(path: Path, title: str | None, ids: list[str]) -> tuple[Source, list]:
    """The source file read and split into one draft per regulation it holds."""
    try:
        source = read_source(path)
    except SourceError as exc:
        raise ImportFailed(str(exc)) from None
    lines = [classify(n, text) for n, text in enumerate(source.lines, start=1)]
    pieces = split_regulations(lines)
    if not pieces:
        raise ImportFailed(f"{path}: 文件中没有文字")
    if title is not None and len(pieces) > 1:
        raise ImportFailed(f"{path} 中有 {len(pieces)} 部规章：--title 只能用于只含一部规章的文件", usage=True)
    if ids and len(ids) != len(pieces):
        raise ImportFailed(f"{path} 中有 {len(pieces)} 部规章，却给了 {len(ids)} 个 --id：请每部给一个，按顺序", usage=True)
    drafts = []
    for volume, piece in pieces:
        try:
            drafts.append(read_draft(volume, piece, title))
        except DocumentError as exc:
            raise ImportFailed(f"{path}: {exc}") from None
    return source, drafts


def jurisdiction_of(root: Path) -> Jurisdiction:
    file = root / JURISDICTION_FILE
    if not file.is_file():
        return Jurisdiction({})
    try:
        return Jurisdiction.model_validate(read_yaml(file, JURISDICTION_FILE).data)
    except (YamlError, ValueError):
        raise ImportFailed(f"{JURISDICTION_FILE} 有错误：请先运行 zhifa validate 改正") from None


def _next_order(root: Path) -> int:
    orders = [0]
    for file in (root / REGULATIONS_DIR).glob("*.yaml"):
        try:
            data = read_yaml(file, f"{REGULATIONS_DIR}/{file.name}").data
        except YamlError:
            continue
        if isinstance(data, dict) and isinstance(data.get("order"), int):
            orders.append(data["order"])
    return max(orders) + 1


def source_name(root: Path, path: Path, text: str) -> tuple[str, bool]:
    """data/sources/<stem>.txt; the same text already there is reused, another one is never replaced."""
    stem = path.stem or "source"
    for n in range(1, 1000):
        name = f"{SOURCES_DIR}/{stem}.txt" if n == 1 else f"{SOURCES_DIR}/{stem}-{n}.txt"
        target = root / name
        if not target.exists():
            return name, False
        try:
            if target.read_bytes().decode("utf-8") == text:
                return name, True
        except (OSError, UnicodeDecodeError):
            continue
    raise ImportFailed(f"{SOURCES_DIR}/ 中同名文件太多：请改一下 {path.name} 的文件名")


def _check(root: Path, result: ImportResult) -> list[Problem]:
    """The project's checks of the new regulations, run on a scratch copy holding just them and their source."""
    with tempfile.TemporaryDirectory(prefix="zhifa-import-") as scratch:
        tmp = Path(scratch)
        (tmp / REGULATIONS_DIR).mkdir()
        (tmp / SOURCES_DIR).mkdir(parents=True)
        (tmp / result.source_file).write_text(result.source.text, encoding="utf-8")
        if (root / JURISDICTION_FILE).is_file():
            shutil.copy(root / JURISDICTION_FILE, tmp / JURISDICTION_FILE)
        for reg_id, text in result.yaml.items():
            (tmp / REGULATIONS_DIR / f"{reg_id}.yaml").write_text(text, encoding="utf-8")
            kept = root / REGULATIONS_DIR / reg_id  # the earlier versions a version read back lists
            if kept.is_dir():
                shutil.copytree(kept, tmp / REGULATIONS_DIR / reg_id)
        project = load_project(tmp)
        problems = [p for p in project.problems if p.path.startswith(REGULATIONS_DIR)]
        for reg in project.ordered_regulations():
            problems += check_regulation(tmp, reg, project.jurisdiction)
        if not problems:  # citations typed inside the new texts (第三十一条 …) must name units that exist
            problems += check_typed_citations(project)
    return problems


def text_writer(text: str):
    """A job for ``write_together``: the text as UTF-8."""
    def write(fh: BinaryIO) -> None:
        fh.write(text.encode("utf-8"))
    return write


def _write(root: Path, result: ImportResult) -> None:
    jobs = [(root / REGULATIONS_DIR / f"{reg_id}.yaml", text_writer(text)) for reg_id, text in result.yaml.items()]
    if not result.reused_source:
        (root / SOURCES_DIR).mkdir(parents=True, exist_ok=True)
        jobs.append((root / result.source_file, text_writer(result.source.text)))
    write_together(jobs)
    result.written = [path for path, _ in jobs]


def import_akn(root: Path, path: Path, reg_id: str | None, dry_run: bool = False) -> tuple[str, dict, list[Path]]:
    """An Akoma Ntoso act (as ``zhifa export`` writes it) back into regulations/<id>.yaml: (id, data, written). The
    text it names as its source must be under data/sources/ already (fidelity is checked against it)."""
    from zhifa.ingest.akn import AknError, read_act

    try:
        data = read_act(path.read_bytes())
    except AknError as exc:
        raise ImportFailed(f"{path.name}：{exc}") from None
    except OSError as exc:
        raise ImportFailed(f"无法读取 {path}：{exc.strerror}") from None
    reg_id = reg_id or data.pop("id", None)
    data.pop("id", None)
    if not reg_id:
        raise ImportFailed(f"{path.name} 的 <act> 没有 name：请用 --id 指定规章 id", usage=True)
    target = root / REGULATIONS_DIR / f"{reg_id}.yaml"
    if target.exists():
        raise ImportFailed(f"regulations/{reg_id}.yaml 已存在，不会覆盖：换一个 --id，或先删除原文件")
    source = (data.get("source") or {}).get("file")
    if not source or not (root / source).is_file():
        raise ImportFailed(f"{path.name} 所依据的原文 {source or '（未载明）'} 不在本项目中：请先把原文放到 {SOURCES_DIR}/ 下")
    text = to_yaml(Imported(reg_id, data, {}), path.name, "Akoma Ntoso 3.0")
    result = ImportResult(Source(root / source, (root / source).read_text(encoding="utf-8"), "UTF-8"), source,
                          yaml={reg_id: text}, reused_source=True)
    problems = _check(root, result)
    if problems:
        raise ImportFailed(f"导入结果未通过校验（{len(problems)} 个问题），未写入任何文件", problems)
    if not dry_run:
        write_together([(target, text_writer(text))])
        return reg_id, data, [target]
    return reg_id, data, []
