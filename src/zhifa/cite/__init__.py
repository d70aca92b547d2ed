"""One citation grammar: find (scan) → resolve → render → annotate, plus who cites what (references)."""
