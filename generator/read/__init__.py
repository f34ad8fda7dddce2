"""Read: every dump in the sources folder into papers, every line accounted for. Formats
(`ingest/`), text and LaTeX cleaning, titles, normalizing, duplicates, curation."""
