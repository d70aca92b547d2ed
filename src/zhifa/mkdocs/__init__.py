"""The thin MkDocs layer: the plugin, the macros, the page policy (CSP) and the MkDocs build call. The only package
that imports mkdocs or a MkDocs plugin (contract in pyproject.toml, [tool.importlinter])."""
