"""paper digest: raw abstract dumps in, a searchable static site and feeds out."""

__version__ = "0.1.0"
