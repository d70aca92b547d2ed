"""The thin MkDocs layer: the plugin, the macros and the MkDocs build call. The only package that imports mkdocs."""
