"""The site stage: what changed of the site, assembled in a staging folder beside site/,
checked, and landed.

The chrome (chrome.py) is stamped with the nav pages and with the pages whose inputs
changed; links are checked (strict, against every page of the new site); the sitemap, the
changed data files and search shards complete it. Then it lands in site/, in place and
journaled (patch.py). A failure at any step leaves the previous site/ as it was.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.config import Config
from generator.errors import BuildError, StrictError
from generator.model import Paper, build_date
from generator.publish.render import HtmlPage, LinkCheck, PageSource
from generator.publish.search import (
    SearchIndexError,
    Shard,
    write_shard,
    write_shard_list,
)
from generator.publish.stage import SiteFiles
from generator.site.chrome import chrome_for
from generator.site.owned import foreign_error
from generator.site.patch import land_in_place, plan_patch
from generator.site.shell import ShellError, write_pages, write_sitemap
from generator.site.site import (
    Manifest,
    SiteState,
    hash_files,
    inspect_site,
    load_manifest,
    repairs,
    without_files,
)
from generator.site.staged_data import stage_changed_data, stale_data
from generator.state.fingerprint import code_version, fingerprint

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteStats:
    pages: int = 0  # paper and group pages in the site
    rendered: int = 0  # of which rendered by this build: the others were unchanged
    shards_indexed: int = 0  # Pagefind shards indexed by this build
    incremental: bool = False  # built on the previous site/, keeping its unchanged files
    chrome_built: bool = False  # MkDocs ran: the chrome (theme, config, nav) was new or changed
    repaired: list[str] = field(default_factory=list)  # files of the last build gone or changed
    manifest: Manifest = field(default_factory=Manifest)  # what the new site holds


@dataclass
class PageLedger:
    """The pages seen while they are written: their fingerprints, and how many were rendered."""

    keys: dict[str, str] = field(default_factory=dict)
    rendered: int = 0

    def to_render(
        self,
        sources: Iterator[PageSource],
        stamp: str,
        previous: Manifest | None,
        links: LinkCheck | None,
    ) -> Iterator[HtmlPage]:
        """The pages whose inputs changed since the previous build, rendered (and link-checked).
        An unchanged page's links are unchanged too: its fingerprint covers every link target."""
        for source in sources:
            self.keys[source.url] = key = fingerprint(stamp, source.inputs)
            if previous is None or previous.pages.get(source.url) != key:
                page = source.render()
                self.rendered += 1
                if links:
                    links.add(page.url, page.body)
                yield page


def build_site(
    config: Config,
    site: SiteFiles,
    papers: list[Paper],
    strict: bool,
    full: bool = False,
    inspected: Future[SiteState] | None = None,
) -> SiteStats:
    """The site in site/, assembled beside it and landed. `full`: ignore the previous site,
    build everything; `inspected`: site/ as the build found it (site.inspecting), else looked at
    now. Files the previous build wrote that are missing from site/ (or changed size) are made
    again (SiteStats.repaired)."""
    from mkdocs.exceptions import MkDocsException

    state = inspected.result() if inspected else inspect_site(config.site_dir)
    if state.foreign:
        raise foreign_error(
            config.site_dir,
            "site_dir",
            state.foreign,
            "move them out (files to publish belong in the theme folder, which "
            "MkDocs copies), or set site_dir to a folder of its own",
        )
    found = None if full else load_manifest(state)
    repaired = state.damaged if found else []
    previous = repairs(found, repaired) if found else None
    config.site_dir.parent.mkdir(parents=True, exist_ok=True)
    parent, name = config.site_dir.parent, config.site_dir.name
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{name}.new-"))
    try:
        stats, previous = _assemble(
            config, site, papers, staging, previous, strict, repaired, state.present
        )
        if previous and not repaired and _same_site(stats.manifest, previous):
            return replace(stats, manifest=replace(stats.manifest, sizes=previous.sizes))
        patch, manifest = plan_patch(staging, config.site_dir, stats.manifest, previous, state)
        land_in_place(staging, config.site_dir, patch, manifest)
    except BaseException as error:
        if isinstance(error, (MkDocsException, SystemExit, SearchIndexError, ShellError)):
            raise BuildError(f"site build failed: {error}") from error
        raise
    finally:
        _remove_staging(staging)
    return replace(stats, manifest=manifest)  # with every file's size


def _remove_staging(staging: Path) -> None:
    """Staging once landed holds folders and the staged files that were the same as site/'s;
    one that cannot be removed costs a warning (the next build removes it: clean_leftovers)."""
    try:
        shutil.rmtree(staging)
    except OSError as error:
        logger.warning("could not remove %s (%s); the next build will", staging, error)


def _same_site(new: Manifest, previous: Manifest) -> bool:
    """Every page, bundle and file of the new site is the previous one's (nothing to land)."""
    return (new.pages, new.bundles, new.files, new.chrome) == (
        previous.pages,
        previous.bundles,
        previous.files,
        previous.chrome,
    )


def _assemble(
    config: Config,
    site: SiteFiles,
    papers: list[Paper],
    staging: Path,
    previous: Manifest | None,
    strict: bool,
    repaired: list[str],
    present: dict[str, int],
) -> tuple[SiteStats, Manifest | None]:
    """Everything new of the site, in staging; the stats with the new manifest, and the
    previous manifest less the data files site/ no longer holds as it says (`present`: the
    files site/ held as the build began)."""
    shards = site.shards
    chrome, built = chrome_for(config, site, staging, previous, strict, True, set(repaired))
    stamp = fingerprint(
        code_version(),
        config.site_url,
        *(part for url in sorted(chrome.shells) for part in chrome.shells[url].parts),
    )
    links = LinkCheck() if strict else None
    write_pages(
        staging, chrome.shells, _checked(site.nav, links), config.site_url, config.site_name
    )
    ledger = PageLedger()
    pages = ledger.to_render(site.pages(), stamp, previous, links)
    write_pages(staging, chrome.shells, pages, config.site_url, config.site_name)
    urls = sorted(ledger.keys)
    if links and (
        broken := links.broken(set(urls) | set(site.nav_urls) | set(site.data) | site.kept)
    ):
        raise StrictError(
            f"--strict: {len(broken)} generated links lead nowhere; site/ left as it was",
            broken[:50],
        )
    listed = sorted(site.nav_urls + [url for url in urls if url not in site.unlisted])
    write_sitemap(staging, config.site_url, listed, build_date(papers).date().isoformat())
    if previous is not None:
        previous = without_files(previous, stale_data(site, config.site_dir, previous, present))
    data = stage_changed_data(staging, site, config.site_dir, previous)
    bundles, indexed = _index_changed_shards(staging, shards, previous)
    write_shard_list(staging, shards)
    files = {**chrome.files, **data}
    files.update(hash_files(staging, set(ledger.keys), set(bundles), set(files)))
    manifest = Manifest(ledger.keys, bundles, files, chrome.to_json())
    stats = SiteStats(
        len(ledger.keys), ledger.rendered, indexed, previous is not None, built, repaired, manifest
    )
    return stats, previous


def _checked(pages: list[HtmlPage], links: LinkCheck | None) -> Iterator[HtmlPage]:
    for page in pages:
        if links:
            links.add(page.url, page.body)
        yield page


def _index_changed_shards(
    staging: Path, shards: list[Shard], previous: Manifest | None
) -> tuple[dict[str, str], int]:
    """Each shard's fingerprint, and how many shards were indexed: those that changed."""
    bundles, indexed = {}, 0
    for shard in shards:
        bundles[shard.folder] = key = fingerprint(code_version(), shard.inputs)
        if previous is None or previous.bundles.get(shard.folder) != key:
            write_shard(staging, shard)
            indexed += 1
    return bundles, indexed
