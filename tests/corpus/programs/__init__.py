"""Corpus programs, one module per family of idioms."""
