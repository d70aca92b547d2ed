"""Handbook pages as Markdown, their URLs, the search index, the page policy (CSP), third-party browser files."""
