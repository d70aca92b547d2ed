"""PDF documents: html.py for the one WeasyPrint call (with the escaper and font stacks), fields.py for the only
PDF-object work (pypdf, fontTools); page geometry and column fitting are shared with Word in render/layout.py."""
