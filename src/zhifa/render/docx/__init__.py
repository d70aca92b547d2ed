"""Word documents: python-docx for the document, oxml.py for the only raw WordprocessingML (the forms, checklists,
exam papers and the print edition's reference.docx alike); page geometry and fonts in render/layout.py."""
