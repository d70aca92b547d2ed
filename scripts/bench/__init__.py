"""Benchmark: validate and build times, peak memory and search-index size, for the real project and a large
synthetic corpus; and our whole pipeline against a plain ``mkdocs build`` of the same generated Markdown.

    .venv/bin/python scripts/bench                     # seed project + 10,000 synthetic articles (`make bench`)
    .venv/bin/python scripts/bench --articles 2000     # smaller synthetic corpus
    .venv/bin/python scripts/bench --skip-seed --json

It is a benchmark, not a test: it exits 0 whether targets are met or missed, and 1 only when it cannot
produce figures (the synthetic corpus does not validate, a build fails).

How things are measured
- validate: ``zhifa.check.validate.validate_root(root)`` in this process, timed (imports done beforehand, so the figure
  is loading + checking, including fidelity; no interpreter start-up).
- build: ``python -m zhifa build --root ROOT --out OUT`` in a subprocess; wall time from start to exit
  (interpreter start-up included). Peak memory is that child's own ``ru_maxrss`` from ``os.wait4`` (the
  largest resident set of the child or any of its waited-for descendants), so it does not need
  /usr/bin/time and is not mixed up with other children of this script.
- plain mkdocs: the generated Markdown (``zhifa.render.site.pages.all_pages(project)`` where it exists, which
  includes ``zhifa.render.site.regulations.pages``; else ``zhifa.render.site.regulations.pages(project)``) plus the
  hand-written docs/ pages, written to a separate folder with a minimal mkdocs.yml (material, zh, font false, search lang zh, attr_list,
  md_in_html, admonition, toc; the project's use_directory_urls) and built with ``python -m mkdocs build`` in a
  subprocess, timed the same way. The in-process generation of that Markdown is shown for reference.
- text bytes: UTF-8 bytes of every unit's text with jurisdiction variables rendered (what the pages show).

The synthetic corpus is a temporary copy of the project's site inputs (mkdocs.yml, docs/, data/, templates/,
site_overrides/, node_modules/ linked, …; not .git, .venv, site/, src/, tests/, scripts/) holding the six real
regulations (the glossary, macros and hand-written pages may refer to them) plus generated regulations
of 200 articles each in chapters of 20, with their own source file under data/sources/, so that the
fidelity check passes. Its text is sentences sampled from the real regulations and recombined.

The modules, one per area: ``measure`` (running and measuring a child process), ``synthetic`` (the synthetic
corpus), ``site_build`` (one corpus: validate, site build, plain MkDocs, the build targets, cProfile), ``forms``,
``checklists``, ``training`` and ``deadlines`` (in-process writers and calculations), ``report`` (the printed
tables), ``cli`` (the options and the order of the runs; ``__main__`` calls it).
"""
