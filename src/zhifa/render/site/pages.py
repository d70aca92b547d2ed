"""All generated pages of the handbook, assembled: regulations, glossary, forms, checklists, training; with the
cited-by index."""

from __future__ import annotations

from zhifa.cite.references import glossary_citers, merge, page_citers
from zhifa.model.project import Project
from zhifa.render.site import checklists as checklist_pages
from zhifa.render.site import forms as form_pages
from zhifa.render.site import procedures as procedure_pages
from zhifa.render.site import regulations as handbook
from zhifa.render.site import training as training_pages
from zhifa.render.site import versions as version_pages
from zhifa.render.site.urls import Urls

# Index pages whose nav entry expands into a section listing every generated page of that kind.
SECTIONS = {
    "regulations/index.md": handbook.nav_entries,
    "forms/index.md": form_pages.nav_entries,
    "checklists/index.md": checklist_pages.nav_entries,
    training_pages.INDEX_PAGE: training_pages.nav_entries,
    procedure_pages.INDEX_PAGE: procedure_pages.nav_entries,
}


def all_pages(project: Project, directory_urls: bool = False) -> dict[str, str]:
    urls = Urls(directory_urls)
    citers = merge(glossary_citers(project.glossary), form_pages.form_citers(project),
                   checklist_pages.checklist_citers(project), page_citers(project),
                   procedure_pages.procedure_citers(project))
    return {**handbook.pages(project, urls, citers), **form_pages.pages(project, urls),
            **checklist_pages.pages(project, urls), **training_pages.pages(project, urls),
            **procedure_pages.pages(project, urls), **version_pages.pages(project, urls)}


def nav_sections(project: Project) -> dict[str, list[dict[str, str]]]:
    return {index: entries(project) for index, entries in SECTIONS.items()}
