"""Handbook pages as Markdown, their URLs, the search index, third-party browser files."""
