"""Publish: pages (Jinja2 templates), indexes, feeds, search documents, papers.json and the
build report, pointer pages for retired addresses; the outputs memo."""
