"""Serve: `digest serve` (preview and watch) and `digest ingest` (the read stage on given paths)."""
