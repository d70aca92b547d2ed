"""Anki flashcard packages (genanki)."""
