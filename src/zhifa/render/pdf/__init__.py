"""PDF documents: WeasyPrint for layout, fields.py for the only PDF-object work (pypdf, fontTools)."""
