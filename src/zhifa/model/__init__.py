"""The typed model: regulations and their units, jurisdiction, glossary, forms, checklists, questions, procedures,
deadlines, holidays, problems, and the Project that holds them. Imports nothing else of zhifa."""
