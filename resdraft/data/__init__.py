"""Package data: keyword lists per language, conferences and known works (JSON, no code)."""
