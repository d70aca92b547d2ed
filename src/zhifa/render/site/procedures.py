"""Handbook pages for procedures and time limits (section 程序与时限):

- ``procedures/index.md``: the flows and every time limit, with their basis;
- ``procedures/deadlines.md``: offline calculators. The page embeds the time limits and the merged holiday calendar
  (chinese-calendar plus data/holidays.yaml, ``workdays.project_calendar``, exported at build time) as JSON;
  site_overrides/assets/zhifa-deadline.js computes;
- ``procedures/<id>.md``: one Mermaid flowchart per procedure of data/procedures.yaml, then its steps as a list.

Mermaid is served by the site (vendor.py) and loaded only on the flowchart pages, before Material's bundle looks
for it: Material fetches Mermaid from a CDN only when no global ``mermaid`` exists.
"""

from __future__ import annotations

import json
from html import escape

from zhifa.cite.references import CitedBy, Citer
from zhifa.cite.render import formal, short
from zhifa.model.deadline import Deadline
from zhifa.model.procedure import Procedure, ProcedureStep
from zhifa.model.project import Project
from zhifa.model.regulation import Citation
from zhifa.procedures.workdays import project_calendar, ranges_text
from zhifa.render.site.checklists import checklist_page
from zhifa.render.site.forms import form_page
from zhifa.render.site.regulations import md_text, reg_page
from zhifa.render.site.urls import Urls

PROC_DIR = "procedures"
INDEX_PAGE = f"{PROC_DIR}/index.md"
CALCULATOR_PAGE = f"{PROC_DIR}/deadlines.md"
MERMAID_JS = "assets/vendor/mermaid/mermaid.min.js"  # a key of vendor.VENDOR
CALCULATOR_JS = "assets/zhifa-deadline.js"
DATA_ID = "zf-deadline-data"


def procedure_page(proc_id: str) -> str:
    return f"{PROC_DIR}/{proc_id}.md"


def _front(title: str) -> list[str]:
    # Boosted down like the form pages: a search should land on the article before the pages that draw on it.
    return ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "render_macros: false",
            "search:", "  boost: 0.2", "---", ""]


class Linker:
    """Citations and links as HTML, relative to one page."""

    def __init__(self, project: Project, urls: Urls, page: str):
        self.project, self.urls, self.page = project, urls, page
        self.jur = project.jurisdiction

    def unit_href(self, c: Citation) -> str:
        return self.urls.rel(reg_page(self.project.regulations[c.regulation]), self.page, c.unit)

    def formal(self, c: Citation) -> str:
        reg = self.project.regulations[c.regulation]
        return formal(reg, reg.unit(c.unit), self.jur)

    def short(self, c: Citation) -> str:
        reg = self.project.regulations[c.regulation]
        return short(reg, reg.unit(c.unit))

    def cite(self, c: Citation) -> str:
        return (f'<a href="{self.unit_href(c)}">{escape(self.formal(c))}</a>：'
                f'“{escape(self.jur.render(c.quote), quote=False)}”')

    def cites(self, citations: list[Citation]) -> str:
        return "".join(f"<li>{self.cite(c)}</li>" for c in citations)

    def form(self, form_id: str) -> tuple[str, str]:
        return self.urls.rel(form_page(self.project.forms[form_id]), self.page), self.jur.render(self.project.forms[form_id].title)

    def checklist(self, checklist_id: str) -> tuple[str, str]:
        cl = self.project.checklists[checklist_id]
        return self.urls.rel(checklist_page(cl), self.page), self.jur.render(cl.title)

    def calculator(self, deadline_id: str) -> str:
        return self.urls.rel(CALCULATOR_PAGE, self.page, deadline_id)


# ---------------------------------------------------------------------------------------------------------------
# Flowcharts


def _mm(text: str) -> str:
    """Text inside a quoted Mermaid label."""
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def flowchart(proc: Procedure, link: Linker) -> str:
    """Mermaid source: one node per step (linking to its first unit), one document node per form or checklist."""
    ids = {step.id: f"s{i}" for i, step in enumerate(proc.steps, 1)}
    lines, clicks = ["flowchart TD"], []
    for i, step in enumerate(proc.steps, 1):
        node = ids[step.id]
        units = "；".join(dict.fromkeys(link.short(c) for c in step.basis))
        lines.append(f'  {node}["{i}. {_mm(link.jur.render(step.label))}<br/>{_mm(units)}"]')
        first = step.basis[0]
        clicks.append(f'  click {node} href "{link.unit_href(first)}" "{_mm(link.formal(first))}"')
        for kind, ref in (("f", step.form), ("c", step.checklist)):
            if not ref:
                continue
            href, title = link.form(ref) if kind == "f" else link.checklist(ref)
            doc = f"{kind}{i}"
            lines.append(f'  {doc}@{{ shape: doc, label: "{_mm(title)}" }}')
            lines.append(f"  {node} -.- {doc}")
            clicks.append(f'  click {doc} href "{href}" "{_mm(title)}"')
    for step, target, when in proc.edges():
        arrow = f'-->|"{_mm(when)}"|' if when else "-->"
        lines.append(f"  {ids[step.id]} {arrow} {ids[target]}")
    lines.append("  classDef doc fill:#fff8e1,stroke:#b58900")
    docs = [f"{k}{i}" for i, s in enumerate(proc.steps, 1) for k, ref in (("f", s.form), ("c", s.checklist)) if ref]
    if docs:
        lines.append(f"  class {','.join(docs)} doc")
    return "\n".join(lines + clicks)


def step_item(proc: Procedure, step: ProcedureStep, link: Linker) -> str:
    parts = [f'<li id="step-{step.id}"><p><strong>{escape(link.jur.render(step.label))}</strong></p>',
             f"<p>依据：</p><ul>{link.cites(step.basis)}</ul>"]
    uses = []
    if step.form:
        href, title = link.form(step.form)
        uses.append(f'文书：<a href="{href}">{escape(title)}</a>')
    if step.checklist:
        href, title = link.checklist(step.checklist)
        uses.append(f'检查表：<a href="{href}">{escape(title)}</a>')
    if step.deadline:
        deadline = link.project.deadlines.get(step.deadline)
        assert deadline is not None  # check/procedures.py refuses a step naming an unknown time limit (P004)
        uses.append(f'时限：<a href="{link.calculator(step.deadline)}">{escape(deadline.title)}</a>')
    if uses:
        parts.append(f"<p>{'　'.join(uses)}</p>")
    # check/procedures.py refuses an arrow to a step the procedure does not have (P005)
    following = [(target, when) for s, t, when in proc.edges() if s is step and (target := proc.step(t)) is not None]
    if following:
        names = "；".join((f"{escape(when)}的，" if when else "")
                         + f'<a href="#step-{t.id}">{escape(link.jur.render(t.label))}</a>' for t, when in following)
        parts.append(f"<p>下一步：{names}</p>")
    else:
        parts.append("<p>程序至此结束。</p>")
    return "".join(parts) + "</li>"


def flow_page(project: Project, proc_id: str, proc: Procedure, urls: Urls) -> str:
    page = procedure_page(proc_id)
    link = Linker(project, urls, page)
    title = project.jurisdiction.render(proc.title)
    out = _front(title) + [f"# {md_text(title)}", "", f"<p>{escape(project.jurisdiction.render(proc.summary))}</p>", "",
                           '<p class="zf-flow-hint">点击流程图中的步骤可查看所依据的条文，点击文书可打开文书页面。</p>', "",
                           f'<div class="zf-flow" data-search-exclude><pre class="mermaid"><code>{escape(flowchart(proc, link))}'
                           "</code></pre></div>", "",
                           f'<script src="{urls.rel_file(MERMAID_JS, page)}"></script>', "",
                           "## 步骤 { #steps }", "",
                           '<ol class="zf-steps">' + "".join(step_item(proc, s, link) for s in proc.steps)
                           + "</ol>", ""]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# Time limits and calculators


def calculator_data(project: Project) -> dict:
    """What zhifa-deadline.js needs: the computable time limits and the holiday calendar."""
    deadlines: dict[str, dict] = {}
    for key, d in project.deadlines.root.items():
        if d.kind == "levels":
            deadlines[key] = {"kind": "levels", "start": d.start,
                              "levels": [{"id": lv.id, "label": lv.label, "hours": lv.hours} for lv in d.levels]}
        elif d.kind == "days":
            deadlines[key] = {"kind": "days", "start": d.start, "days": d.days}
    return {"deadlines": deadlines, "calendar": project_calendar(project).export()}


def _json_script(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{DATA_ID}">{text}</script>'


def _datetime_input(attrs: str, label: str) -> str:
    return f'<input type="datetime-local" title="格式：2025-03-05 14:30" aria-label="{escape(label)}" {attrs}>'


def chain_calculator(key: str, d: Deadline) -> str:
    rows = "".join(
        f'<tr data-level="{lv.id}"><td>{escape(lv.label)}</td><td>发生后{lv.hours}小时内</td><td class="zf-calc-due"></td>'
        f'<td>{_datetime_input("data-role=reported", f"报{lv.label}的实际时间")}</td>'
        f'<td class="zf-calc-status"></td></tr>' for lv in d.levels)
    return (f'<div class="zf-calc" data-deadline="{key}" data-search-exclude>'
            f'<p><label>{escape(d.start)}：{_datetime_input("data-role=start", d.start)}</label></p>'
            '<table><thead><tr><th>报告对象</th><th>时限</th><th>最迟上报时间</th>'
            f"<th>实际上报时间（选填）</th><th>状态</th></tr></thead><tbody>{rows}</tbody></table>"
            '<p class="zf-calc-message" role="status" aria-live="polite"></p></div>')


def period_calculator(key: str, d: Deadline) -> str:
    return (f'<div class="zf-calc" data-deadline="{key}" data-search-exclude>'
            f'<p><label>{escape(d.start)}：<input type="date" title="格式：2025-03-03" data-role="start" '
            f'aria-label="{escape(d.start)}"></label></p>'
            '<p class="zf-calc-result" role="status" aria-live="polite"></p><p class="zf-calc-explain"></p></div>')


def deadline_section(project: Project, key: str, d: Deadline, link: Linker) -> list[str]:
    out = [f"## {md_text(d.title)} {{ #{key} }}", ""]
    if d.kind == "levels":
        out += [chain_calculator(key, d), ""]
    elif d.kind == "days":
        out += [period_calculator(key, d), ""]
    elif d.every_years:
        out += [f"<p>自{escape(d.start)}起，每隔{d.every_years.min}至{d.every_years.max}年一次。</p>", ""]
    elif d.set_in:
        href, title = link.form(d.set_in)
        out += [f'<p>期限由<a href="{href}">{escape(title)}</a>写明，自{escape(d.start)}起算。</p>', ""]
    if d.counting:
        out += [f"<p>计算规则：{escape(d.counting)}</p>", ""]
    out += ["<p>依据：</p>", f"<ul>{link.cites(d.basis)}</ul>", ""]
    if d.consequence:
        out += ["<p>逾期的后果：</p>", f"<ul>{link.cites(d.consequence)}</ul>", ""]
    return out


def calendar_note(project: Project) -> str:
    """Which years the calculators know and where each year's holidays come from (the notice linked if a URL)."""
    cal = project_calendar(project)
    parts = []
    for source in cal.sources:
        text = escape(source.text)
        if source.url and source.url.startswith(("https://", "http://")):
            text = f'<a href="{escape(source.url)}">{text}</a>'
        details = f"（{escape('，'.join(source.details))}）" if source.details else ""
        parts.append(f"{escape(ranges_text(source.years))} 年按 {text}{details}")
    return (f'<p class="zf-calc-calendar">法定节假日和调休上班日：{"；".join(parts)}。'
            "期限落在其他年份的，计算器会说明缺少哪一年的数据、无法计算。</p>")


def calculator_page(project: Project, urls: Urls) -> str:
    link = Linker(project, urls, CALCULATOR_PAGE)
    out = _front("时限计算器") + [
        "# 时限计算器", "",
        "<p>填入日期时间即可算出期限，无需联网；结果与命令 <code>zhifa deadline</code> 相同。</p>", "",
        calendar_note(project), "",
        "<noscript><p>计算器需要浏览器启用 JavaScript；也可在命令行运行 <code>zhifa deadline</code>。</p></noscript>", ""]
    for key, d in project.deadlines.root.items():
        out += deadline_section(project, key, d, link)
    out += [_json_script(calculator_data(project)), "", f'<script src="{urls.rel_file(CALCULATOR_JS, CALCULATOR_PAGE)}"></script>', ""]
    return "\n".join(out) + "\n"


def index_page(project: Project, urls: Urls) -> str:
    link = Linker(project, urls, INDEX_PAGE)
    out = _front("程序与时限") + ["# 程序与时限", "",
                                "<p>执法中最常用的几个程序画成了流程图，每一步都注明依据的条文和使用的文书；各项时限可在线计算。</p>", "",
                                "## 流程图 { #flows }", "", "<ul>"]
    for proc_id, proc in project.procedures.root.items():
        out.append(f'<li><a href="{urls.rel(procedure_page(proc_id), INDEX_PAGE)}">{escape(project.jurisdiction.render(proc.title))}</a>：'
                   f"{escape(project.jurisdiction.render(proc.summary))}</li>")
    out += ["</ul>", "", "## 时限 { #deadlines }", "", "<ul>"]
    for key, d in project.deadlines.root.items():
        units = {(c.regulation, c.unit): c for c in d.basis}.values()
        basis = "；".join(f'<a href="{link.unit_href(c)}">{escape(link.formal(c))}</a>' for c in units)
        out.append(f'<li><a href="{link.calculator(key)}">{escape(d.title)}</a>（依据{basis}）</li>')
    out += ["</ul>", ""]
    return "\n".join(out) + "\n"


def pages(project: Project, urls: Urls) -> dict[str, str]:
    out = {INDEX_PAGE: index_page(project, urls), CALCULATOR_PAGE: calculator_page(project, urls)}
    for proc_id, proc in project.procedures.root.items():
        out[procedure_page(proc_id)] = flow_page(project, proc_id, proc, urls)
    return out


def nav_entries(project: Project) -> list[dict[str, str]]:
    return [{"时限计算器": CALCULATOR_PAGE}] + [
        {project.jurisdiction.render(p.title): procedure_page(pid)} for pid, p in project.procedures.root.items()]


def procedure_citers(project: Project) -> CitedBy:
    """Cited-by entries: each unit a flow step or a time limit rests on."""
    out: CitedBy = {}

    def add(c: Citation, citer: Citer) -> None:
        entries = out.setdefault((c.regulation, c.unit), [])
        if citer not in entries:
            entries.append(citer)

    for proc_id, proc in project.procedures.root.items():
        for step in proc.steps:
            for c in step.basis:
                add(c, Citer("流程", project.jurisdiction.render(proc.title), procedure_page(proc_id), f"step-{step.id}"))
    for key, d in project.deadlines.root.items():
        for c in d.citations():
            add(c, Citer("时限", d.title, CALCULATOR_PAGE, key))
    return out
