"""arXiv category names as reference managers write them in keywords (Zotero's arXiv
translator: `Computer Science - Machine Learning`), mapped to their codes (`cs.LG`)."""

from __future__ import annotations

import re

ARCHIVES = {
    "computer science": "cs",
    "statistics": "stat",
    "mathematics": "math",
    "electrical engineering and systems science": "eess",
}
NAMES = {
    "cs": {
        "Artificial Intelligence": "AI",
        "Hardware Architecture": "AR",
        "Computational Complexity": "CC",
        "Computational Engineering, Finance, and Science": "CE",
        "Computational Geometry": "CG",
        "Computation and Language": "CL",
        "Cryptography and Security": "CR",
        "Computer Vision and Pattern Recognition": "CV",
        "Computers and Society": "CY",
        "Databases": "DB",
        "Distributed, Parallel, and Cluster Computing": "DC",
        "Digital Libraries": "DL",
        "Discrete Mathematics": "DM",
        "Data Structures and Algorithms": "DS",
        "Emerging Technologies": "ET",
        "Formal Languages and Automata Theory": "FL",
        "General Literature": "GL",
        "Graphics": "GR",
        "Computer Science and Game Theory": "GT",
        "Human-Computer Interaction": "HC",
        "Information Retrieval": "IR",
        "Information Theory": "IT",
        "Machine Learning": "LG",
        "Logic in Computer Science": "LO",
        "Multiagent Systems": "MA",
        "Multimedia": "MM",
        "Mathematical Software": "MS",
        "Numerical Analysis": "NA",
        "Neural and Evolutionary Computing": "NE",
        "Networking and Internet Architecture": "NI",
        "Other Computer Science": "OH",
        "Operating Systems": "OS",
        "Performance": "PF",
        "Programming Languages": "PL",
        "Robotics": "RO",
        "Symbolic Computation": "SC",
        "Sound": "SD",
        "Software Engineering": "SE",
        "Social and Information Networks": "SI",
        "Systems and Control": "SY",
    },
    "stat": {
        "Machine Learning": "ML",
        "Methodology": "ME",
        "Computation": "CO",
        "Applications": "AP",
        "Statistics Theory": "TH",
        "Other Statistics": "OT",
    },
    "eess": {
        "Audio and Speech Processing": "AS",
        "Image and Video Processing": "IV",
        "Signal Processing": "SP",
        "Systems and Control": "SY",
    },
    "math": {
        "Optimization and Control": "OC",
        "Statistics Theory": "ST",
        "Numerical Analysis": "NA",
        "Probability": "PR",
        "Information Theory": "IT",
    },
}
ARCHIVE_DASH = re.compile("(" + "|".join(map(re.escape, ARCHIVES)) + r")\s+-\s+", re.IGNORECASE)


def named_codes(text: str) -> list[str]:
    """Each `Archive - Category name` in the text as its code (`Computer Science - Distributed,
    Parallel, and Cluster Computing` -> `cs.DC`): names hold commas, so each is matched whole,
    the longest first, rather than split at them."""
    return [code for code, _, _ in _named(text)]


def without_category_names(text: str) -> str:
    """The text with each `Archive - Category name` taken out."""
    for _, start, end in reversed(_named(text)):
        text = text[:start] + text[end:]
    return text


def _named(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in ARCHIVE_DASH.finditer(text):
        archive = ARCHIVES[match.group(1).lower()]
        rest = text[match.end() :].lower()
        name = next(
            (
                name
                for name in sorted(NAMES[archive], key=len, reverse=True)
                if rest.startswith(name.lower())
            ),
            None,
        )
        if name:
            found.append(
                (f"{archive}.{NAMES[archive][name]}", match.start(), match.end() + len(name))
            )
    return found
