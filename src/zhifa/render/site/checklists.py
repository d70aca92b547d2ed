"""Handbook pages for the checklists: header rules, every item with the unit it comes from, downloads."""

from __future__ import annotations

from html import escape

from zhifa.cite.references import Citer
from zhifa.model.checklist import Checklist
from zhifa.model.project import Project
from zhifa.render.site import download_paths
from zhifa.render.site.regulations import md_text, reg_page
from zhifa.render.site.urls import Urls
from zhifa.render.view.checklist import ANSWER_NAMES, checklist_view

CHECKLISTS_DIR = "checklists"
FORMAT_LABELS = {".docx": "Word（可勾选）", ".pdf": "PDF（可填写）", ".xlsx": "Excel（自动统计）"}


def checklist_page(checklist: Checklist) -> str:
    return f"{CHECKLISTS_DIR}/{checklist.id}.md"


def checklist_citers(project: Project) -> dict[tuple[str, str], list[Citer]]:
    out: dict[tuple[str, str], list[Citer]] = {}
    for cl in sorted(project.checklists.values(), key=lambda c: c.id):
        title = project.jurisdiction.render(cl.title)
        seen = set()
        for c in cl.citations():
            key = (c.regulation, c.unit)
            if key not in seen:
                seen.add(key)
                out.setdefault(key, []).append(Citer("检查表", title, checklist_page(cl)))
    return out


def render_page(project: Project, cl: Checklist, urls: Urls) -> str:
    view = checklist_view(project, cl)
    page = checklist_page(cl)
    buttons = " ".join(
        f'<a class="md-button{" md-button--primary" if i == 0 else ""}" '
        f'href="{urls.rel_file(download_paths.checklist_file(cl.id, suffix), page)}" '
        f'download>下载 {FORMAT_LABELS[suffix]}</a>'
        for i, suffix in enumerate(download_paths.CHECKLIST_FORMATS))
    out = ["---", f'title: "{view.title}"', "render_macros: false", "search:", "  boost: 0.2", "---", "",
           f"# {md_text(view.title)}", "", f"<p>{escape(view.summary)}</p>", "",
           f'<p class="zf-downloads">{buttons}</p>', "", f"<p>{escape(view.basis_line)}</p>", ""]
    if view.notes:
        out += ["## 表头说明 { #notes }", "", "<ul>"]
        out += [f"<li><strong>{escape(n.title)}</strong>：{escape(n.text)}（{escape(n.basis)}）</li>" for n in view.notes]
        out += ["</ul>", ""]
    items = {i.id: i for i in cl.items()}
    out += ["## 检查项目 { #items }", ""]
    for group in view.groups:
        out += [f"### {md_text(group.title)}", ""]
        rows = []
        for iv in group.items:
            c = items[iv.id].basis
            reg = project.regulations[c.regulation]
            href = urls.rel(reg_page(reg), page, c.unit)
            rows.append(f'<tr id="{iv.id}"><td>{iv.number}</td><td>{escape(iv.text)}</td><td>{escape(iv.method)}</td>'
                        f'<td>{escape(ANSWER_NAMES[iv.answer])}</td>'
                        f'<td><a href="{href}">{escape(iv.basis)}</a>：“{escape(iv.quote)}”</td></tr>')
        out += ['<div class="zf-fields"><table><thead><tr><th>序号</th><th>检查内容</th><th>核实方法</th><th>结果</th>'
                f"<th>依据</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>", ""]
    out += ["## 用答案文件填写 { #fill }", "",
            f"<p>命令行：<code>zhifa fill {cl.id} 答案.yaml -o 输出.xlsx</code>（或 <code>.docx</code>、<code>.pdf</code>），"
            f"示例见 <code>data/examples/checklists/{cl.id}.yaml</code>；完成后显示已答项数、“否”的项数和完成率。</p>", ""]
    return "\n".join(out) + "\n"


def checklists_index(project: Project) -> str:
    lines = ["---", "title: 检查表", "render_macros: false", "---", "", "# 检查表", "",
             "检查表由规章数据生成，每一项都引自条文原文，写明核实方法；可下载 Word、PDF 和 Excel。", ""]
    for cl in sorted(project.checklists.values(), key=lambda c: c.id):
        lines.append(f"- [{md_text(project.jurisdiction.render(cl.title))}]({cl.id}.md)："
                     f"{md_text(project.jurisdiction.render(cl.summary))}")
    return "\n".join(lines) + "\n"


def pages(project: Project, urls: Urls) -> dict[str, str]:
    out = {f"{CHECKLISTS_DIR}/index.md": checklists_index(project)}
    for cl in project.checklists.values():
        out[checklist_page(cl)] = render_page(project, cl, urls)
    return out


def nav_entries(project: Project) -> list[dict[str, str]]:
    return [{project.jurisdiction.render(c.title): checklist_page(c)} for c in sorted(project.checklists.values(), key=lambda c: c.id)]
