"""Everything that turns the model into something a person reads: site pages, Word, PDF, Excel, slides, Anki."""
