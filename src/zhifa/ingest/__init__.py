"""Reading a regulation's text or Word file into the project's model: ``zhifa import``."""
