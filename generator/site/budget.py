"""The built site's size against the maintainer's budget: GitHub Pages publishes sites of at
most 1 GB, so `site_budget_mb` (1000) warns a build whose site/ outgrows it, before a deploy
does; README, *Site size*, lists what shrinks a site."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from generator.config import Config
from generator.errors import StrictError
from generator.site.site import Manifest

logger = logging.getLogger(__name__)

MEGABYTE = 1_000_000  # GitHub's "1 GB" read as 10^9 bytes: the stricter of the two readings


@dataclass(frozen=True)
class SiteSize:
    bytes: int
    files: int

    def __str__(self) -> str:
        return f"{self.bytes / MEGABYTE:,.1f} MB in {self.files:,} files"


def site_size(manifest: Manifest) -> SiteSize:
    return SiteSize(sum(manifest.sizes.values()), len(manifest.sizes))


def over_budget(size: SiteSize, budget_mb: int) -> str | None:
    """The warning for a site over `budget_mb` megabytes, or None."""
    if size.bytes <= budget_mb * MEGABYTE:
        return None
    return (
        f"site/ holds {size}, over site_budget_mb ({budget_mb:,} MB): GitHub Pages publishes "
        "sites of at most 1 GB (README, Site size: the settings that shrink a site)"
    )


def check_landed(manifest: Manifest, repaired: list[str], config: Config, strict: bool) -> None:
    """After landing: `strict` fails on files of the previous site that were repaired, then
    on a site over its budget (warned of without `strict`), so that CI deploys nothing
    GitHub Pages may refuse; the site stays as built, to look at."""
    if strict and repaired:
        raise StrictError(
            f"--strict: {len(repaired)} files the previous build wrote were missing "
            "from site/ or had changed; they are repaired now",
            [f"repaired: {config.site_dir / name}" for name in repaired[:50]],
        )
    if over := over_budget(site_size(manifest), config.digest.site_budget_mb):
        logger.warning(over)
        if strict:
            raise StrictError(f"--strict: {over}")
