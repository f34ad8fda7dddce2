"""State: the thin I/O layer (atomic writes, the cache database), fingerprints, the build lock."""
