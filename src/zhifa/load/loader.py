"""Load the project once: every YAML file read safely, validated into the typed model, positions kept.

Problems are collected, never raised: a broken file is reported and skipped, the rest still load.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, RootModel, ValidationError

from zhifa.files.text import TextFileError, read_text
from zhifa.load.schema_messages import schema_problem
from zhifa.load.sources import source_lines
from zhifa.load.yamlio import YAML_CODES, DocPath, Document, YamlError, read_yaml
from zhifa.model.checklist import Checklist
from zhifa.model.deadline import DEADLINES_FILE, Deadlines
from zhifa.model.form import Form
from zhifa.model.glossary import GLOSSARY_FILE, Glossary
from zhifa.model.holiday import HOLIDAYS_FILE, HolidayData
from zhifa.model.jurisdiction import Jurisdiction
from zhifa.model.problems import Problem
from zhifa.model.procedure import PROCEDURES_FILE, Procedures
from zhifa.model.project import Project
from zhifa.model.question import QUESTIONS_DIR, TRAINING_FILE, QuestionFile, Training
from zhifa.model.regulation import Regulation, StrictModel

REGULATIONS_DIR = "regulations"
JURISDICTION_FILE = "data/jurisdiction.yaml"
FORMS_DIR = "templates/forms"
CHECKLISTS_DIR = "templates/checklists"
SOURCES_DIR = "data/sources"

M = TypeVar("M", bound=BaseModel)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``regulations/``."""
    for folder in [start, *start.parents]:
        if (folder / REGULATIONS_DIR).is_dir():
            return folder
    return None


_CACHE: dict[Path, tuple[tuple, Project]] = {}
WATCHED_DIRS = (REGULATIONS_DIR, "templates", "data")


def _signature(root: Path) -> tuple:
    """What the loaded project depends on: every file under the data folders, with its size and time."""
    entries = []
    for name in WATCHED_DIRS:
        for path in sorted((root / name).rglob("*")):
            if path.is_file():
                stat = path.stat()
                entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def cached_project(root: Path) -> Project:
    """The project loaded once per process and reloaded only when a data file changed (build, plugin, macros)."""
    root = root.resolve()
    signature = _signature(root)
    hit = _CACHE.get(root)
    if hit is not None and hit[0] == signature:
        return hit[1]
    project = load_project(root)
    _CACHE[root] = (signature, project)
    return project


def load_project(root: Path) -> Project:
    project = Project(root=root)
    jur_doc = _read(project, root / JURISDICTION_FILE)
    if jur_doc is not None:
        jur = validate_model(Jurisdiction, jur_doc.data, jur_doc, project.problems)
        if jur is not None:
            attach_positions(jur, jur_doc, ())
            project.jurisdiction = jur
    project.regulations = {reg.id: reg for reg in _load_dir(project, REGULATIONS_DIR, Regulation)}
    for reg in project.regulations.values():
        reg.link()
        _load_past_versions(project, reg)
    project.forms = {form.id: form for form in _load_dir(project, FORMS_DIR, Form)}
    project.checklists = {c.id: c for c in _load_dir(project, CHECKLISTS_DIR, Checklist)}
    project.question_files = {f.id: f for f in _load_dir(project, QUESTIONS_DIR, QuestionFile)}
    for name, model, attr in ((GLOSSARY_FILE, Glossary, "glossary"), (DEADLINES_FILE, Deadlines, "deadlines"),
                              (TRAINING_FILE, Training, "training"), (PROCEDURES_FILE, Procedures, "procedures"),
                              (HOLIDAYS_FILE, HolidayData, "holidays")):
        if (root / name).exists():
            doc = _read(project, root / name)
            if doc is None:
                continue
            value = validate_model(model, doc.data, doc, project.problems)
            if value is not None:
                attach_positions(value, doc, ())
                setattr(project, attr, value)
    _check_other_files(project)
    return project


def _check_other_files(project: Project) -> None:
    """Files no loader reads as data are still read as text, so a GBK or Word file is reported, not met later:
    sources under data/sources/ no loaded regulation uses (the used ones are read by the fidelity check) and YAML
    files nothing above read (case data under data/examples/ …)."""
    used = {(project.root / reg.source.file).resolve() for reg in project.regulations.values()}
    for path in sorted((project.root / SOURCES_DIR).rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.resolve() not in used:
            try:
                source_lines(path, project.rel(path))
            except TextFileError as exc:
                project.problems.append(exc.problem)
    reported = {p.path for p in project.problems} | set(project.documents)
    for name in WATCHED_DIRS:
        for path in sorted((project.root / name).rglob("*.yaml")):
            if project.rel(path) not in reported:
                try:
                    read_text(path, project.rel(path), YAML_CODES)
                except TextFileError as exc:
                    project.problems.append(exc.problem)


def _load_dir(project: Project, folder: str, model: type[M]) -> list[M]:
    """One object per ``folder/*.yaml``, its id being the file name; broken files reported and skipped."""
    files = sorted((project.root / folder).glob("*.y*ml"))
    out = []
    for path in files:
        shown = project.rel(path)
        if path.suffix != ".yaml":
            project.problems.append(Problem(shown, 1, 1, "R002", "数据文件须以 .yaml 结尾，此文件不会被读取"))
            continue
        doc = _read(project, path)
        if folder == REGULATIONS_DIR:  # other folders reuse regulation ids as file names (data/questions/)
            project.broken.add(path.stem)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            project.problems.append(doc.where(()).problem("S003", "文件顶层应为映射（字段: 值），实为列表或单个值"))
            continue
        if "id" in doc.data:
            project.problems.append(doc.where(("id",)).problem("S002", "未知字段“id”：id 就是文件名，请删除此字段"))
            continue
        obj = validate_model(model, {"id": path.stem, **doc.data}, doc, project.problems)
        if obj is not None:
            attach_positions(obj, doc, ())
            out.append(obj)
            if folder == REGULATIONS_DIR:
                project.broken.discard(path.stem)
    if folder == REGULATIONS_DIR and not files:
        project.problems.append(Problem(REGULATIONS_DIR, 1, 1, "R001", "regulations/ 下没有规章文件"))
    return out
def version_file(reg_id: str, day: dt.date) -> str:
    """Where an earlier version of regulations/<id>.yaml is kept, whole and as it was: regulations/<id>/<date>.yaml."""
    return f"{REGULATIONS_DIR}/{reg_id}/{day.isoformat()}.yaml"


def _load_past_versions(project: Project, reg: Regulation) -> None:
    """Each version listed before the last one in ``versions`` is read from its own file; a file no version lists
    is reported, so a version is never silently left out."""
    listed = {version_file(reg.id, v.date) for v in reg.versions[:-1]}
    for i, version in enumerate(reg.versions[:-1]):
        shown = version_file(reg.id, version.date)
        if not (project.root / shown).is_file():
            project.problems.append(reg.where("versions").problem(
                "VR01", f"versions 第 {i + 1} 项（{version.shown}施行的版本）的全文文件 {shown} 不存在："
                        "每个较早的版本都要保存为 regulations/<id>/<施行日期>.yaml（zhifa import --as-version 会写）"))
            continue
        doc = _read(project, project.root / shown)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            project.problems.append(doc.where(()).problem("S003", "文件顶层应为映射（字段: 值），实为列表或单个值"))
            continue
        past = validate_model(Regulation, {"id": reg.id, **doc.data}, doc, project.problems)
        if past is None:
            continue
        attach_positions(past, doc, ())
        if past.version is None or past.version.date != version.date:
            project.problems.append(doc.where(("versions",)).problem(
                "VR02", f"此文件应为 {version.shown}施行的版本，但其 versions 的最后一项"
                        f"{'是 ' + past.version.shown if past.version else '缺失'}：文件名、versions 应一致"))
            continue
        past.link()
        past._current = reg
        reg._past.append(past)
    folder = project.root / REGULATIONS_DIR / reg.id
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            if project.rel(path) not in listed:
                project.problems.append(Problem(project.rel(path), 1, 1, "VR03",
                    f"此文件不是《{reg.short_title}》versions 中列出的较早版本：在 regulations/{reg.id}.yaml 的 versions "
                    "中补上它的施行日期，或删除此文件"))


def _read(project: Project, path: Path) -> Document | None:
    shown = project.rel(path)
    if not path.exists():
        project.problems.append(Problem(shown, 1, 1, "Y000", "文件不存在"))
        return None
    try:
        doc = read_yaml(path, shown)
    except YamlError as exc:
        project.problems.append(exc.problem)
        return None
    project.documents[shown] = doc
    return doc


def validate_model(model: type[M], data: Any, doc: Document, problems: list[Problem]) -> M | None:
    """Validate ``data`` into ``model``; each schema error becomes a located Problem in Chinese."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
            if issubclass(model, RootModel):
                loc = tuple(x for x in loc if x != "root")
            problems.append(schema_problem(model, err, loc, doc))
        return None


def attach_positions(obj: Any, doc: Document, here: DocPath) -> None:
    """Give every model object its own position and the position of each of its fields."""
    if isinstance(obj, RootModel):
        attach_positions(obj.root, doc, here)
    elif isinstance(obj, StrictModel):  # every model of the project, and the only one with positions
        obj._pos = doc.where(here)
        obj._field_pos = {name: doc.where(here + (name,)) for name in obj.model_fields_set}
        for name in obj.model_fields_set:  # each line of a list of texts (a law's history): where("history.1")
            value = getattr(obj, name)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                obj._field_pos.update({f"{name}.{i}": doc.where(here + (name, i)) for i in range(len(value))})
        for name in type(obj).model_fields:
            attach_positions(getattr(obj, name), doc, here + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            attach_positions(item, doc, here + (i,))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            attach_positions(value, doc, here + (key,))

