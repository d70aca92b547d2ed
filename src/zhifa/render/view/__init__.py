"""Forms and checklists as renderers see them (titles, basis lines, fields, values): one view for all formats."""
