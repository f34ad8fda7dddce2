"""The analysis cache: per text hash (and model, and extraction version), the paper's
vector, ranked keyphrases and summary sentence features (summary.Sentence), and what tag
choice reads from its text and keyphrases (vocabulary.TextFacts); the last corpus-wide tag
result; in one SQLite file that CI can save and restore.

A rebuild with nothing new reads everything from here and never loads the model.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.state.codec import decoded, kind_of, require
from generator.state.files import CacheDatabase
from generator.tags.summary import Sentence
from generator.tags.vector_file import VectorMemo, read_vectors, write_vectors
from generator.tags.vocabulary import TextFacts

ANALYSES = (
    "CREATE TABLE IF NOT EXISTS analyses"
    " (key TEXT PRIMARY KEY, vector BLOB, keyphrases TEXT, sentences TEXT)"
)
# Vectors missing from the process's memo past which the vector file is read (vector_file.py)
# rather than SQLite alone: one query's worth.
FILE_ABOVE = 500


@dataclass(frozen=True)
class Analysis:
    vector: np.ndarray  # unit document vector
    keyphrases: tuple[tuple[str, float], ...]  # ranked, as extracted from the text
    sentences: tuple[Sentence, ...] = ()  # the text's sentences, as summary.pick reads them


class KeptCorpusMemo:
    """The corpus result each cache file last kept, held by the process that read or wrote
    it, with the token it was kept under: the next build there reads no row again where the
    token is still the file's (another process keeping a result changes it). With it, what
    the process stored it from (put_corpus's `made`), so that is not decoded again either."""

    held: dict[str, tuple[str, dict, object]] = {}

    @classmethod
    def cache_clear(cls) -> None:
        cls.held.clear()


class AnalysisCache:
    """Dict-like store; an in-memory one (path None) for tests and one-off runs. A broken
    cache costs time, never the build: a damaged file is set aside (`.broken`) and a new one
    started (files.CacheDatabase), and a row this code cannot read counts as missing."""

    def __init__(self, path: Path | None = None):
        self.path = path
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = CacheDatabase(
            path,
            ANALYSES,
            "CREATE TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY, token TEXT, head TEXT)",
            "CREATE TABLE IF NOT EXISTS kept_papers (id TEXT PRIMARY KEY, row TEXT)",
            "DROP TABLE IF EXISTS corpus",  # the result whole, in one row: what kept replaced
            "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, version TEXT, facts TEXT)",
            "CREATE TABLE IF NOT EXISTS vector_file (token TEXT)",  # the one vector_file.py wrote
            "DROP TABLE IF EXISTS prose",  # what facts replaced
        )
        self._identity = str(path.resolve()) if path else f"memory {id(self)}"
        self._vector_file = path.with_name(f"{path.stem}.vectors.npz") if path else Path()
        if "sentences" not in {row[1] for row in self._db.rows("PRAGMA table_info(analyses)")}:
            # A file from before summaries: its rows are under keys of an older extraction
            # version (tag.EXTRACTION_VERSION), never asked for again.
            self._db.rows("DROP TABLE analyses")
            self._db.rows(ANALYSES)

    def _rows(self, query: str, keys: list[str], *params) -> Iterator[tuple]:
        """`query` (its `{marks}` the placeholders of `key IN (...)`) over `keys`, 500 at a time:
        SQLite caps the number of parameters."""
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            yield from self._db.rows(
                query.format(marks=",".join("?" * len(chunk))), [*params, *chunk]
            )

    def get_many(self, keys: list[str]) -> dict[str, Analysis]:
        rows = self._rows(
            "SELECT key, vector, keyphrases, sentences FROM analyses WHERE key IN ({marks})", keys
        )
        return {
            key: analysis
            for key, *row in rows
            if (analysis := decoded(analysis_from_row, *row)) is not None
        }

    def get_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The vectors alone of the analyses under `keys`: what placing papers reads of the
        papers it does not analyse again (incremental.py)."""
        rows = self._rows("SELECT key, vector FROM analyses WHERE key IN ({marks})", keys)
        return {
            key: vector
            for key, blob in rows
            if (vector := decoded(vector_from_row, blob)) is not None
        }

    def vectors_of(self, keys: dict[str, str], ids: Iterable[str]) -> dict[str, np.ndarray] | None:
        """By paper id, the vectors of `ids` (each paper's text key in `keys`), read alone (no
        analysis decoded, no model); None where one is missing."""
        wanted = sorted({keys[pid] for pid in ids})
        held = VectorMemo.held.get(self._identity, {})
        found = {key: vector for key in wanted if (vector := held.get(key)) is not None}
        if self.path and len(wanted) - len(found) > FILE_ABOVE:  # a new process: the file
            tokens = self._db.rows("SELECT token FROM vector_file")
            token = tokens[0][0] if tokens else None  # the file this database's rows made
            found.update(read_vectors(self._vector_file, set(wanted) - found.keys(), token))
        found.update(self.get_vectors([key for key in wanted if key not in found]))
        if self.path:  # a file's: an in-memory cache's identity may be another's later
            VectorMemo.held[self._identity] = found
        if any(keys[pid] not in found for pid in ids):
            return None
        return {pid: found[keys[pid]] for pid in ids}

    def keep_vectors(self, keys: list[str], vectors: np.ndarray) -> None:
        """Every paper's vector (rows in `keys`' order), as a full pass has them: held for the
        next build in this process and written whole for a new one (vector_file.py), under a
        token this database keeps: a file beside another database's rows is not read."""
        if self.path:
            rows = vectors.astype(np.float32, copy=False)
            VectorMemo.held[self._identity] = dict(zip(keys, rows, strict=True))
            token = uuid.uuid4().hex
            if write_vectors(self._vector_file, keys, rows, token):
                self._db.write(
                    ("DELETE FROM vector_file", [()]),
                    ("INSERT INTO vector_file VALUES (?)", [(token,)]),
                )

    def put_many(self, items: dict[str, Analysis]) -> None:
        rows = [
            (
                key,
                a.vector.astype(np.float32).tobytes(),
                json.dumps(a.keyphrases),
                json.dumps(a.sentences),
            )
            for key, a in sorted(items.items())
        ]
        # One transaction: a crash leaves the cache as it was.
        self._db.write(("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?)", rows))

    def get_facts(self, keys: list[str], version: str) -> dict[str, TextFacts]:
        """What tag choice reads from the texts under `keys` (vocabulary.text_facts), as code of
        `version` worked it out."""
        rows = self._rows(
            "SELECT key, facts FROM facts WHERE version = ? AND key IN ({marks})", keys, version
        )
        shared: dict[str, str] = {}  # one string per distinct phrase fold or form, across rows
        return {
            key: facts
            for key, text in rows
            if (facts := decoded(facts_from_row, text, shared)) is not None
        }

    def put_facts(self, items: dict[str, TextFacts], version: str) -> None:
        self._db.write(
            (
                "INSERT OR REPLACE INTO facts VALUES (?, ?, ?)",
                [(key, version, _facts_text(facts)) for key, facts in sorted(items.items())],
            )
        )

    def get_corpus(self, key: str) -> dict | None:
        """The tag stage's corpus-wide result (tag.py) stored under `key`, if it is the one kept."""
        return self._kept(self._db.rows("SELECT token FROM kept WHERE key = ?", (key,)))

    def latest_corpus(self) -> dict | None:
        """The one corpus result kept, whatever corpus it is for (incremental.py)."""
        return self._kept(self._db.rows("SELECT token FROM kept"))

    def put_corpus(self, key: str, result: dict, made: object = None) -> None:
        """Keep only the latest corpus result (a dict with "papers": a row by paper id): the
        next build either matches it or works anew. Of the rows, only those that differ from
        the result this process last read or wrote are written, where that is the one kept.
        `result` and `made` (what it was stored from) are held for the next build, not copied."""
        rows, held = result["papers"], self._held(self._db.rows("SELECT token FROM kept"))
        kept = {} if held is None else held["papers"]
        changed = [(pid, _json(row)) for pid, row in rows.items() if kept.get(pid) != row]
        token = uuid.uuid4().hex
        head = _json({name: value for name, value in result.items() if name != "papers"})
        self._db.write(
            ("DELETE FROM kept", [()]),
            ("INSERT INTO kept VALUES (?, ?, ?)", [(key, token, head)]),
            ("DELETE FROM kept_papers", [()] if held is None else []),
            ("DELETE FROM kept_papers WHERE id = ?", [(pid,) for pid in kept if pid not in rows]),
            ("INSERT OR REPLACE INTO kept_papers VALUES (?, ?)", changed),
        )
        KeptCorpusMemo.held[self._identity] = (token, result, made)

    def latest_made(self) -> object:
        """What this process stored the kept corpus result from, while it is the one kept."""
        token, _, made = KeptCorpusMemo.held.get(self._identity, ("", None, None))
        tokens = self._db.rows("SELECT token FROM kept")
        return made if tokens and tokens[0][0] == token else None

    def _kept(self, tokens: list[tuple]) -> dict | None:
        """The result kept under the first token: the one held in this process where it is
        that one, else read (and then held); None for none, or one that is not JSON."""
        if not tokens:
            return None
        if (held := self._held(tokens)) is not None:
            return held
        token = tokens[0][0]
        try:
            head = json.loads(
                self._db.rows("SELECT head FROM kept WHERE token = ?", (token,))[0][0]
            )
            rows = self._db.rows("SELECT id, row FROM kept_papers ORDER BY id")
            result = {**head, "papers": {pid: json.loads(row) for pid, row in rows}}
        except (TypeError, ValueError):
            return None
        KeptCorpusMemo.held[self._identity] = (token, result, None)
        return result

    def _held(self, tokens: list[tuple]) -> dict | None:
        token, result, _ = KeptCorpusMemo.held.get(self._identity, ("", None, None))
        return result if tokens and tokens[0][0] == token else None

    def __len__(self) -> int:
        return self._db.rows("SELECT COUNT(*) FROM analyses")[0][0]

    def close(self) -> None:
        self._db.close()


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def analysis_from_row(blob, phrases, sentences) -> Analysis:
    """A row as put_many wrote it: a non-empty float32 vector, ranked (phrase, score) pairs,
    summary.Sentence rows; raises on anything else (codec.decoded)."""
    pairs = tuple((phrase, score) for phrase, score in kind_of(json.loads(phrases), list))
    rows = tuple(Sentence(*row) for row in kind_of(json.loads(sentences), list))
    require(
        all(isinstance(phrase, str) and isinstance(score, (int, float)) for phrase, score in pairs),
        "ranked keyphrases",
    )
    require(all(map(_sentence_row, rows)), "sentence rows")
    return Analysis(vector_from_row(blob), pairs, rows)


def vector_from_row(blob) -> np.ndarray:
    """A non-empty float32 vector as put_many wrote it; raises on anything else."""
    require(isinstance(blob, bytes) and bool(blob) and not len(blob) % 4, "a float32 vector")
    return np.frombuffer(blob, dtype=np.float32)


def _sentence_row(row: Sentence) -> bool:
    integers = all(type(value) is int for value in (row.start, row.end, row.words))
    flags = all(type(value) is bool for value in (row.cue, row.authorial))
    return integers and flags and (row.cosine is None or type(row.cosine) in (int, float))


# TextFacts as one string: read back with a few splits (JSON took longer than working them out).
# Folds and surfaces are words joined by single spaces, so none holds a separator; the phrase
# count tells [] from [""].
FIELDS, ITEMS, PARTS = "\x1e", "\n", "\t"


def _facts_text(facts: TextFacts) -> str:
    definitions = ITEMS.join(PARTS.join(pair) for pair in facts.definitions)
    return FIELDS.join(
        [str(len(facts.folds)), ITEMS.join(facts.folds), ITEMS.join(facts.surfaces), definitions]
    )


def facts_from_row(text, shared: dict[str, str]) -> TextFacts:
    """A row as put_facts wrote it; raises on anything else (codec.decoded). Strings met before
    in `shared` are taken from it: the same phrase in many papers is then one string (100k
    papers hold ~3M phrases). A BLOB splits with bytes: TypeError."""
    count_text, folds, surfaces, definitions = text.split(FIELDS)
    count = int(count_text)
    folds_, surfaces_ = (
        (_shared(folds.split(ITEMS), shared), _shared(surfaces.split(ITEMS), shared))
        if count
        else ((), ())
    )
    pairs = (
        tuple(tuple(item.split(PARTS)) for item in definitions.split(ITEMS)) if definitions else ()
    )
    require(len(folds_) == count and len(surfaces_) == count, "one surface per fold")
    require(all(len(pair) == 2 for pair in pairs), "definition pairs")
    return TextFacts(folds_, surfaces_, pairs)


def _shared(strings: list[str], shared: dict[str, str]) -> tuple[str, ...]:
    return tuple(map(shared.setdefault, strings, strings))
