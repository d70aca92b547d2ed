"""PowerPoint slide decks (pandoc) and their reference deck."""
