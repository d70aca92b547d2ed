"""Word documents: python-docx for the document, oxml.py for the only raw WordprocessingML."""
