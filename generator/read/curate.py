"""Curation: hand fixes from content/curation.yaml, validated like config, applied after dedup.

```yaml
titles:            # paper id -> the real title (replaces a derived or wrong one)
  3f2a9c0d1e2b4a5c: "CaesarNeRF: Calibrated Semantic Representation for Few-shot NeRF"
merge:             # [kept id, other id]: two records that are one paper
  - [arxiv-2311.00001, 3f2a9c0d1e2b4a5c]
hide:              # ids left out of the site, the feeds and papers.json
  - 9d8c7b6a5f4e3d2c
affiliations:      # a listing's handle -> the institution's name (its page keeps the handle's URL)
  pku: Peking University
```
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from generator.config import ProblemsError
from generator.model import DuplicateNote, Paper
from generator.read.dedup import merge

SECTIONS = ("titles", "merge", "hide", "affiliations")


class CurationError(ProblemsError):
    heading = "invalid curation file"


@dataclass(frozen=True)
class Curation:
    titles: dict[str, str] = field(default_factory=dict)
    merges: tuple[tuple[str, str], ...] = ()
    hidden: frozenset[str] = frozenset()
    affiliations: dict[str, str] = field(default_factory=dict)  # handle -> institution name

    def affiliation_handles(self) -> dict[str, str]:
        """Institution name -> the handle whose URL its affiliation page keeps."""
        return {name: handle for handle, name in sorted(self.affiliations.items())}


def parse_curation(text: str, where: str = "curation.yaml") -> Curation:
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise CurationError([f"{where}: {error}"]) from error
    if not isinstance(raw, dict):
        raise CurationError([f"{where}: expected a mapping with {', '.join(SECTIONS)}"])
    problems = [
        f"{where}: unknown section {key!r} (known: {', '.join(SECTIONS)})"
        for key in raw
        if key not in SECTIONS
    ]
    titles = raw.get("titles") or {}
    if not isinstance(titles, dict) or not all(
        isinstance(v, str) and v.strip() for v in titles.values()
    ):
        problems.append(f"{where}: titles must map paper ids to non-empty strings")
        titles = {}
    merges = raw.get("merge") or []
    if not isinstance(merges, list) or not all(isinstance(m, list) and len(m) == 2 for m in merges):
        problems.append(f"{where}: merge must be a list of [kept id, other id] pairs")
        merges = []
    hidden = raw.get("hide") or []
    if not isinstance(hidden, list):
        problems.append(f"{where}: hide must be a list of paper ids")
        hidden = []
    aliases = raw.get("affiliations") or {}
    if not isinstance(aliases, dict) or not all(
        isinstance(v, str) and v.strip() for v in aliases.values()
    ):
        problems.append(
            f"{where}: affiliations must map handles (as the dumps write them) to institution names"
        )
        aliases = {}
    if len(set(map(str.strip, aliases.values()))) < len(aliases):
        problems.append(
            f"{where}: affiliations: two handles name one institution; list one of them"
        )
    if problems:
        raise CurationError(problems)
    return Curation(
        {str(k): v.strip() for k, v in titles.items()},
        tuple((str(a), str(b)) for a, b in merges),
        frozenset(map(str, hidden)),
        {str(k): v.strip() for k, v in aliases.items()},
    )


def load_curation(path: Path) -> Curation:
    return (
        parse_curation(path.read_text(encoding="utf-8"), path.name)
        if path.is_file()
        else Curation()
    )


def unknown_ids(curation: Curation, ids: set[str]) -> list[str]:
    named = [*curation.titles, *(i for pair in curation.merges for i in pair), *curation.hidden]
    return [
        f"curation names unknown paper id {name!r}"
        for name in dict.fromkeys(named)
        if name not in ids
    ]


def apply_curation(
    papers: list[Paper], curation: Curation
) -> tuple[list[Paper], list[DuplicateNote]]:
    """Every id the file names must exist: a typo fails the build instead of doing nothing."""
    by_id = {paper.id: paper for paper in papers}
    if problems := unknown_ids(curation, set(by_id)):
        raise CurationError(problems)
    notes = []
    for kept, other in curation.merges:
        if other in by_id and kept in by_id:
            by_id[kept] = merge(by_id[kept], by_id.pop(other))
            notes.append(
                DuplicateNote(kept, other, by_id[kept].sources, "merged by curation.yaml", True)
            )
    for pid, title in curation.titles.items():
        if pid in by_id:
            by_id[pid] = replace(by_id[pid], title=title, title_derived=False)
    if curation.affiliations:
        by_id = {
            pid: _named_affiliations(paper, curation.affiliations) for pid, paper in by_id.items()
        }
    return [p for pid, p in by_id.items() if pid not in curation.hidden], notes


def _named_affiliations(paper: Paper, names: dict[str, str]) -> Paper:
    """Handles named, in the affiliations and in the heading the paper was listed under."""
    if not any(name in names for name in (*paper.affiliations, *paper.listed_under)):
        return paper
    return replace(
        paper,
        affiliations=tuple(dict.fromkeys(names.get(name, name) for name in paper.affiliations)),
        listed_under=tuple(dict.fromkeys(names.get(name, name) for name in paper.listed_under)),
    )
