"""Data files shipped with govsite (the political-expression lexicon)."""
