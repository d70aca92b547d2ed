"""Handbook pages for the forms: what each form is for, its fields, its legal basis, a preview, downloads."""

from __future__ import annotations

from html import escape

from zhifa.cite.references import Citer
from zhifa.cite.render import formal
from zhifa.model.form import Form
from zhifa.model.project import Project
from zhifa.model.regulation import Citation
from zhifa.render.site import download_paths
from zhifa.render.site.regulations import md_text, reg_page
from zhifa.render.site.urls import Urls
from zhifa.render.view.form import FieldView, FormView, form_view

FORMS_DIR = "forms"
TYPE_NAMES = {"text": "文本", "multiline": "多行文本", "date": "日期", "datetime": "日期时间", "choice": "单选",
              "multichoice": "多选", "checkbox": "勾选", "persons": "人员列表", "amount": "金额（元）",
              "idcard": "居民身份证号码（18位，含校验）", "number": "整数"}
RULE_NAMES = {"officers": "执法人员两人以上并持证、出示证件", "distinct_people": "办案、审案、决定由不同人员担任",
              "report_deadlines": "按时限逐级上报，逾期标注", "appeal_period": "告知申诉期限并计算最后一日",
              "required_together": "作出决定前必须具备的内容"}


def form_page(form: Form) -> str:
    return f"{FORMS_DIR}/{form.id}.md"


def form_citers(project: Project) -> dict[tuple[str, str], list[Citer]]:
    out: dict[tuple[str, str], list[Citer]] = {}
    for form in sorted(project.forms.values(), key=lambda f: f.id):
        seen = set()
        for _, c in form.citations():
            key = (c.regulation, c.unit)
            if key not in seen:
                seen.add(key)
                out.setdefault(key, []).append(Citer("文书", project.jurisdiction.render(form.title), form_page(form)))
    return out


class FormPage:
    def __init__(self, project: Project, form: Form, urls: Urls):
        self.project = project
        self.form = form
        self.urls = urls
        self.page = form_page(form)
        self.view: FormView = form_view(project, form)

    def cite_link(self, c: Citation) -> str:
        reg = self.project.regulations[c.regulation]
        text = formal(reg, reg.unit(c.unit), self.project.jurisdiction)
        href = self.urls.rel(reg_page(reg), self.page, c.unit)
        return f'<a href="{href}">{escape(text)}</a>：“{escape(self.project.jurisdiction.render(c.quote))}”'

    def render(self) -> str:
        form, view = self.form, self.view
        docx = self.urls.rel_file(download_paths.form_file(form.id, ".docx"), self.page)
        pdf = self.urls.rel_file(download_paths.form_file(form.id, ".pdf"), self.page)
        out = ["---", f'title: "{view.title}"', "render_macros: false", "search:", "  boost: 0.2", "---", "",
               f"# {md_text(view.title)}", "", f"<p>{escape(view.summary)}</p>", "",
               f'<p class="zf-downloads"><a class="md-button md-button--primary" href="{docx}" download>下载 Word（可填写）</a> '
               f'<a class="md-button" href="{pdf}" download>下载 PDF（可填写）</a></p>', "",
               "## 法律依据 { #basis }", "",
               "<ul>" + "".join(f"<li>{self.cite_link(c)}</li>" for c in form.basis) + "</ul>", ""]
        if form.rules:
            out += ["## 填写时检查的规则 { #rules }", "", "<ul>"]
            for rule in form.rules:
                out.append(f"<li>{escape(RULE_NAMES[rule.kind])}（" + "；".join(self.cite_link(c) for c in rule.basis) + "）</li>")
            out += ["</ul>", ""]
        out += ["## 栏目说明 { #fields }", ""]
        for section, sview in zip(form.sections, view.sections):
            out += [f"### {md_text(section.title)}", ""]
            rows = []
            for field, _fview in zip(section.fields, sview.fields):
                basis = "<br>".join(self.cite_link(c) for c in field.basis)
                extra = f"可选：{escape('、'.join(field.options))}" if field.options else ""
                if field.columns:
                    extra = "每人填写：" + escape("、".join(c.label for c in field.columns))
                    if field.min_items:
                        extra += f"；至少 {field.min_items} 人"
                rows.append(f"<tr><td>{escape(field.label)}</td><td>{TYPE_NAMES[field.type]}</td>"
                            f"<td>{'必填' if field.required else '选填'}</td>"
                            f"<td>{escape(field.help or '')}{'<br>' if field.help and extra else ''}{extra}</td><td>{basis}</td></tr>")
            out += ['<div class="zf-fields"><table><thead>'
                    '<tr><th>栏目</th><th>类型</th><th>必填</th><th>说明</th><th>依据</th></tr></thead>'
                    f"<tbody>{''.join(rows)}</tbody></table></div>", ""]
        out += ["## 样式预览 { #preview }", "", self.preview(), "",
                "## 用案件数据填写 { #fill }", "",
                f"<p>命令行：<code>zhifa fill {form.id} 案件.yaml -o 输出.docx</code>（或 <code>.pdf</code>）。"
                f"示例数据见 <code>data/examples/forms/{form.id}.yaml</code>。数据有误时会一次列出全部问题，且不生成文件。</p>", ""]
        return "\n".join(out) + "\n"

    def preview(self) -> str:
        v = self.view
        parts = ['<div class="zf-preview" data-search-exclude>']
        if v.issuer:
            parts.append(f'<p class="zf-preview-issuer">{escape(v.issuer)}</p>')
        parts.append(f'<p class="zf-preview-title">{escape(v.title)}</p>')
        if v.number:
            parts.append(f'<p class="zf-preview-number">{escape(v.number)}</p>')
        parts.append(f'<p class="zf-preview-basis">{escape(v.basis_line)}</p>')
        for s in v.sections:
            parts.append(f"<table><caption>{escape(s.title)}</caption>")
            if s.text:
                parts.append(f'<tr><td colspan="2">{escape(s.text)}</td></tr>')
            for f in s.fields:
                parts.append(f"<tr><th>{escape(f.label)}</th><td>{self.blank(f)}</td></tr>")
            parts.append("</table>")
        for t in v.tables:
            head = "".join(f"<th>{escape(h)}</th>" for h in t.headers)
            body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in t.rows)
            parts.append(f"<table><caption>{escape(t.title)}</caption><tr>{head}</tr>{body}</table>")
        parts += [f"<p>{escape(n)}</p>" for n in v.notices]
        parts.append("</div>")
        return "".join(parts)

    @staticmethod
    def blank(f: FieldView) -> str:
        if f.type in ("choice", "multichoice"):
            return "　".join(f"☐ {escape(o)}" for o in f.options)
        if f.type == "checkbox":
            return "☐"
        if f.type == "date":
            return "　　年　　月　　日"
        if f.type == "datetime":
            return "　　年　　月　　日　　时　　分"
        if f.type == "persons":
            return "；".join("　".join(f"{escape(label)}：＿＿＿＿" for _, label in f.columns) for _ in range(max(f.rows, 1)))
        return "＿＿＿＿＿＿＿＿"


def forms_index(project: Project) -> str:
    lines = ["---", "title: 执法文书", "render_macros: false", "---", "", "# 执法文书", "",
             f"以下 {len(project.forms)} 种文书都由数据生成：每一栏的法律依据都引自条文原文，"
             "可下载 Word（内容控件，限制编辑只可填写）或 PDF（可填写表单）。", ""]
    for form in sorted(project.forms.values(), key=lambda f: f.id):
        lines.append(f"- [{md_text(project.jurisdiction.render(form.title))}]({form.id}.md)："
                     f"{md_text(project.jurisdiction.render(form.summary))}")
    return "\n".join(lines) + "\n"


def pages(project: Project, urls: Urls) -> dict[str, str]:
    out = {f"{FORMS_DIR}/index.md": forms_index(project)}
    for form in project.forms.values():
        out[form_page(form)] = FormPage(project, form, urls).render()
    return out


def nav_entries(project: Project) -> list[dict[str, str]]:
    return [{project.jurisdiction.render(f.title): form_page(f)} for f in sorted(project.forms.values(), key=lambda f: f.id)]
