"""A regulation's new version and its repeal, as the maintainer records them.

``import_version``: the new text (a .txt/.md/.docx, read like ``zhifa import``) becomes regulations/<id>.yaml; the
text it replaces is kept whole, as it was, in regulations/<id>/<its effective date>.yaml. The maintainer's fields
(short title, summary, aliases, type, issuer, scope, order) carry over; ``versions`` gains the new date and the act.
``repeal``: ``status: 已废止`` and ``repealed: {date, by}`` written into the regulation or one unit.
Both check the result first (the project's own checks of every version, on a scratch copy) and write all files
together or none; both return the changes, and the places in the project whose citations must follow them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from zhifa.app.follow import Follow, follows
from zhifa.app.importing import ImportFailed, jurisdiction_of, read_drafts, source_name, text_writer
from zhifa.check.project import check_regulation
from zhifa.files.atomic import write_together
from zhifa.ingest.assemble import Imported, assemble
from zhifa.ingest.emit import to_yaml
from zhifa.load.loader import JURISDICTION_FILE, REGULATIONS_DIR, SOURCES_DIR, load_project, version_file
from zhifa.model.problems import Problem
from zhifa.model.project import Project
from zhifa.model.regulation import Regulation
from zhifa.procedures.workdays import today
from zhifa.versions.diff import Change, diff
from zhifa.versions.heads import amendment, first_effective

# What the maintainer wrote and a new text does not say: kept from the version it replaces.
KEPT = ("order", "short_title", "summary", "aliases", "type", "issuer", "scope")


@dataclass
class VersionResult:
    reg_id: str
    previous: dt.date
    date: dt.date
    act: str | None
    imported: Imported
    changes: list[Change]
    follow: list[Follow]
    dropped: list[str] = field(default_factory=list)  # errata and notes of the old text not carried over
    written: list[Path] = field(default_factory=list)
    source_file: str = ""
    reused_source: bool = False


def import_version(root: Path, path: Path, reg_id: str, day: dt.date | None, title: str | None,
                   dry_run: bool = False) -> VersionResult:
    current_file = root / REGULATIONS_DIR / f"{reg_id}.yaml"
    if not current_file.is_file():
        raise ImportFailed(f"regulations/{reg_id}.yaml 不存在：--as-version 为已有的规章导入新版本；"
                           "新规章请不带 --as-version 导入", usage=True)
    project = load_project(root)
    current = _loadable(project, reg_id)
    source, drafts = read_drafts(path, title, [reg_id])
    draft = drafts[0]
    jur = jurisdiction_of(root)
    if title is None and jur.render(draft.title) != jur.render(current.title):
        raise ImportFailed(f"{path.name} 的标题《{draft.title}》与 regulations/{reg_id}.yaml 的《{jur.render(current.title)}》"
                           "不同，未写入任何文件：请核对是否选错了文件或 --id；若确为同一规章改名后的新版本，"
                           "请用 --title 写明新标题")
    head = amendment([line.text for line in draft.history])
    act = head[1] if head else None
    if day is None:
        if head is None or head[0] is None:
            raise ImportFailed(f"{path.name} 的开头没有写明修正或修订的日期：请用 --as-version 日期（如 --as-version "
                               "2025-03-01）给出新版本的施行日期", usage=True)
        day = head[0]
    previous = current.version.date if current.version else first_effective(current.history, current.effective)
    if previous is None:
        raise ImportFailed(f"无法判断 regulations/{reg_id}.yaml 现行版本的施行日期：请在其中写上 versions:（如 "
                           "versions: [{date: 2020-07-01}]）后再导入新版本", usage=True)
    if day <= previous:
        raise ImportFailed(f"新版本的施行日期 {day.isoformat()} 不晚于现行版本的 {previous.isoformat()}："
                           "新版本须晚于现行版本（日期有误时用 --as-version 日期 指定）", usage=True)
    source_file, reused = source_name(root, path, source.text)
    imported = assemble(draft, reg_id, current.order, current.type, source_file, jur, today())
    data = imported.data
    old_versions = [{"date": v.date, **({"act": v.act} if v.act else {})} for v in current.versions] or [
        {"date": previous}]
    new_version = {"date": day, **({"act": act} if act else {})}
    kept = {key: getattr(current, key) for key in KEPT if getattr(current, key)}
    ordered = {**{k: kept.get(k, v) for k, v in data.items() if k not in ("units", "notes")},
               **{k: v for k, v in kept.items() if k not in data}}
    ordered["versions"] = [*old_versions, new_version]
    ordered["units"] = data["units"]
    if "notes" in data:
        ordered["notes"] = data["notes"]
    imported.data = ordered
    new_text = to_yaml(imported, path.name, source.read_as)
    old_text = _with_version(current_file.read_text(encoding="utf-8"), previous, bool(current.versions))
    past_file = root / version_file(reg_id, previous)
    if past_file.exists():
        raise ImportFailed(f"{version_file(reg_id, previous)} 已存在：这一版本已经保存过，未写入任何文件")
    new_reg = _check(root, project, reg_id, source_file, source.text,
                     {current_file.relative_to(root): new_text, past_file.relative_to(root): old_text})
    changes = diff(current, new_reg)
    result = VersionResult(reg_id, previous, day, act, imported, changes, follows(project, current, changes),
                           [f"勘误：{e.unit}" for e in current.errata] + [f"编者注：{n.unit or '全文'}" for n in current.notes],
                           source_file=source_file, reused_source=reused)
    if not dry_run:
        jobs = [(current_file, text_writer(new_text)), (past_file, text_writer(old_text))]
        if not reused:
            jobs.append((root / source_file, text_writer(source.text)))
        _write_new_dir(past_file.parent, jobs)
        result.written = [p for p, _ in jobs]
    return result


def _loadable(project: Project, reg_id: str) -> Regulation:
    broken = [p for p in project.problems if p.path.startswith(f"{REGULATIONS_DIR}/{reg_id}")]
    reg = project.regulations.get(reg_id)
    if broken or reg is None:
        raise ImportFailed(f"regulations/{reg_id}.yaml 现有错误：请先改正（zhifa validate）再导入新版本", broken)
    return reg


def _with_version(text: str, day: dt.date, listed: bool) -> str:
    """The current file's text, kept as it is; a file with no ``versions`` gets its one version, before ``units:``."""
    if listed:
        return text
    entry = f"versions:\n  - date: {day.isoformat()}\n"
    m = re.search(r"^units:", text, re.M)
    assert m is not None, "a loaded regulation has units"
    return text[: m.start()] + entry + text[m.start():]


def _check(root: Path, project: Project, reg_id: str, source_file: str, source_text: str,
           files: dict[Path, str]) -> Regulation:
    """The new and the kept version checked on a scratch copy (their files, their sources, the jurisdiction)."""
    with tempfile.TemporaryDirectory(prefix="zhifa-version-") as scratch:
        tmp = Path(scratch)
        (tmp / SOURCES_DIR).mkdir(parents=True)
        reg = project.regulations[reg_id]
        for version in reg.all_versions():
            if (root / version.source.file).is_file():
                shutil.copy(root / version.source.file, tmp / version.source.file)
        (tmp / source_file).write_text(source_text, encoding="utf-8")
        if (root / JURISDICTION_FILE).is_file():
            shutil.copy(root / JURISDICTION_FILE, tmp / JURISDICTION_FILE)
        for old in (root / REGULATIONS_DIR / reg_id).glob("*.yaml") if (root / REGULATIONS_DIR / reg_id).is_dir() else []:
            (tmp / REGULATIONS_DIR / reg_id).mkdir(parents=True, exist_ok=True)
            shutil.copy(old, tmp / REGULATIONS_DIR / reg_id / old.name)
        for rel, text in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(text, encoding="utf-8")
        checked = load_project(tmp)
        problems: list[Problem] = [p for p in checked.problems if p.path.startswith(REGULATIONS_DIR)]
        new = checked.regulations.get(reg_id)
        if new is not None:
            for version in new.all_versions():
                problems += check_regulation(tmp, version, checked.jurisdiction)
        if problems or new is None:
            raise ImportFailed(f"新版本未通过校验（{len(problems)} 个问题），未写入任何文件：多半是原文编号有误，"
                               "请核对原文相应行后再导入", problems)
        return new


def _write_new_dir(folder: Path, jobs: list) -> None:
    """write_together, with the folder of kept versions made first and removed again if nothing could be written."""
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        write_together(jobs)
    except BaseException:
        if made and not any(folder.iterdir()):
            folder.rmdir()
        raise


@dataclass
class RepealResult:
    reg_id: str
    unit: str | None
    on: dt.date
    by: str
    follow: list[Problem]  # what the repeal makes wrong elsewhere: citations of it (C104, CT03, G004, Q012)
    written: list[Path] = field(default_factory=list)


# The problems a repeal causes elsewhere, which the maintainer then fixes: they do not stop it being recorded.
FOLLOW_CODES = {"C104", "CT03", "G004", "Q012"}
COPIED = ("regulations", "data", "templates", "docs")


def repeal(root: Path, reg_id: str, unit_id: str | None, on: dt.date, by: str, dry_run: bool = False) -> RepealResult:
    from zhifa.check.project import check_project

    project = load_project(root)
    reg = _loadable(project, reg_id) if reg_id in project.regulations else None
    if reg is None:
        known = "、".join(project.regulations)
        raise ImportFailed(f"没有 id 为“{reg_id}”的规章（现有：{known}）", usage=True)
    path = root / REGULATIONS_DIR / f"{reg_id}.yaml"
    text = path.read_text(encoding="utf-8")
    new_text = _repeal_text(text, reg, unit_id, on, by)
    before = set(check_project(project))
    with tempfile.TemporaryDirectory(prefix="zhifa-repeal-") as scratch:
        tmp = Path(scratch)
        for name in COPIED:
            if (root / name).is_dir():
                shutil.copytree(root / name, tmp / name)
        (tmp / REGULATIONS_DIR / f"{reg_id}.yaml").write_text(new_text, encoding="utf-8")
        after = [p for p in check_project(load_project(tmp)) if p not in before]
    stopping = [p for p in after if p.code not in FOLLOW_CODES and not p.code.startswith("W")]
    if stopping:
        raise ImportFailed("记录废止后校验未通过，未写入任何文件", stopping)
    result = RepealResult(reg_id, unit_id, on, by, [p for p in after if p.code in FOLLOW_CODES])
    if not dry_run:
        write_together([(path, text_writer(new_text))])
        result.written = [path]
    return result


def _repeal_text(text: str, reg: Regulation, unit_id: str | None, on: dt.date, by: str) -> str:
    """The regulation's YAML with the repeal written in, every other line as it was."""
    import json

    lines = text.split("\n")
    by_text = json.dumps(by, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    if unit_id is None:
        if reg.repealed is not None or reg.status == "已废止":
            raise ImportFailed(f"《{reg.short_title}》已记录为已废止，未写入任何文件", usage=True)
        i = reg.where("status").line - 1
        lines[i:i + 1] = ["status: 已废止", "repealed:", f"  date: {on.isoformat()}", f"  by: {by_text}"]
        return "\n".join(lines)
    unit = reg.unit(unit_id)
    if unit is None:
        near = [u.id for u in reg.walk() if u.id.startswith(unit_id.split("__")[0])][:8]
        raise ImportFailed(f"《{reg.short_title}》中没有条文单元“{unit_id}”"
                           f"{'（相近的有：' + '、'.join(near) + '）' if near else ''}", usage=True)
    if unit.status == "已废止":
        raise ImportFailed(f"《{reg.short_title}》“{unit_id}”已记录为已废止，未写入任何文件", usage=True)
    if "status" in unit.model_fields_set:
        del lines[unit.where("status").line - 1]
    i = unit.where("id").line - 1
    indent = lines[i].index("id:")
    pad = " " * indent
    lines[i + 1:i + 1] = [f"{pad}status: 已废止", f"{pad}repealed:", f"{pad}  date: {on.isoformat()}", f"{pad}  by: {by_text}"]
    return "\n".join(lines)
