"""arXiv identifiers, both schemes (https://info.arxiv.org/help/arxiv_identifier.html): the
current `YYMM.NNNNN` (from April 2007) and the old `archive[.SC]/YYMMNNN` (`hep-th/9901001`,
`math.GT/0309136`), so every reader and link knows a paper from 1991 to 2007 as arXiv's too.
"""

from __future__ import annotations

import re

# The archives of the old scheme; none was opened after it ended.
OLD_ARCHIVES = (
    *("acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an"),
    *("chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an"),
    *("gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin"),
    *("nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph"),
    *("solv-int", "supr-con"),
)
NEW_ID = r"\d{4}\.\d{4,5}"
# An old id's subject class (`.GT`) is not part of the paper's identifier: find_id drops it.
OLD_ID = (
    r"(?:" + "|".join(sorted(OLD_ARCHIVES, key=len, reverse=True)) + r")(?:\.[A-Za-z-]+)?/\d{7}"
)
ID = rf"(?:{NEW_ID}|{OLD_ID})"  # for patterns that match a whole field (`arXiv:ID`)
VERSION = r"(?:v\d+)?"
# A category code in an arXiv `Subjects:` line: `Machine Learning (cs.LG); Optics (physics.optics)`.
SUBJECT_CODE = re.compile(r"\(([a-z-]+(?:\.[A-Za-z-]+)?)\)")
ANY_ID = re.compile(rf"(?<![\d.])({NEW_ID}){VERSION}(?!\d)|(?<![\w.-])({OLD_ID}){VERSION}(?!\d)")


def find_id(text: str) -> str:
    """The first arXiv id in `text` (a field, an arxiv.org URL), without its version and an old
    id without its subject class (`math.GT/0309136v2` -> `math/0309136`, arXiv's own form);
    "" when there is none."""
    match = ANY_ID.search(text)
    if not match:
        return ""
    if match.group(1):
        return match.group(1)
    archive, _, number = match.group(2).partition("/")
    return f"{archive.split('.')[0]}/{number}"


def is_new_style(arxiv_id: str) -> bool:
    return bool(re.fullmatch(NEW_ID, arxiv_id))


def month_of(arxiv_id: str) -> str:
    """The month an id was given (`2301.01234` -> `2023-01`, `hep-th/9901001` -> `1999-01`):
    the month its first version was submitted; "" for no id."""
    digits = arxiv_id.rpartition("/")[2][:4]
    if not re.fullmatch(r"\d{4}", digits) or not 1 <= int(digits[2:]) <= 12:
        return ""
    year = int(digits[:2])
    return f"{2000 + year if year < 91 else 1900 + year}-{digits[2:]}"


def announced_date(day: str, arxiv_id: str) -> str:
    """The day a listing or feed announces a paper (`2025-03-07`), as the paper's date; one
    whose id is older than the month before (cross-listed later) gets its id's month, never the
    day it was listed again."""
    first = month_of(arxiv_id)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) or not first:
        return day
    year, month = int(day[:4]), int(day[5:7])
    before = f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    return day if first in (day[:7], before) else first
