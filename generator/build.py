"""Build: the whole pipeline, top to bottom. Read and validate everything first, then write.

sources -> ingest -> normalize -> dedup -> slugs -> tag -> render + feeds + data -> MkDocs -> site/
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator.config import Config
from generator.errors import BuildError, StrictError
from generator.model import Paper
from generator.publish.feeds import (
    build_feed,
    build_opml,
    entry_fields,
    select_entries,
    uses_build_date,
)
from generator.publish.indexes import Group, build_groups, newest_first
from generator.publish.memo import OutputMemo
from generator.publish.pointers import (
    REDIRECTS,
    Pointer,
    pointer_feeds,
    pointer_pages,
    pointers,
    redirects_json,
)
from generator.publish.render import (
    HtmlPage,
    LinkCheck,
    PageSource,
    SiteSummary,
    render_nav,
    render_pages,
)
from generator.publish.report import build_report, papers_json, rejection_runs
from generator.publish.retired import PreviousSite, read_previous, retire
from generator.publish.search import (
    SearchIndexError,
    Shard,
    pagefind_shards,
    write_shard,
    write_shard_list,
)
from generator.read.curate import apply_curation, load_curation
from generator.read.dedup import find_near_duplicates, merge_duplicates
from generator.read.dumps import DumpMemo, read_dumps
from generator.read.normalize import SlugCollision, assign_slugs
from generator.site.owned import foreign_error, sync_docs
from generator.site.shell import (
    Chrome,
    ShellError,
    chrome_markdown,
    chrome_urls,
    load_chrome,
    write_pages,
    write_sitemap,
)
from generator.site.site import (
    Manifest,
    clean_leftovers,
    complete_staging,
    hash_files,
    inspect_site,
    land,
    load_manifest,
    repairs,
)
from generator.state import files
from generator.state.fingerprint import code_version, fingerprint, of_bytes
from generator.state.lock import build_lock
from generator.tags.cache import AnalysisCache
from generator.tags.embedders import Embedder, SentenceTransformerEmbedder
from generator.tags.tag import tag_papers
from generator.tags.topic_identity import keep_slugs, with_topics
from generator.tags.topics import Topic
from generator.tags.vocabulary import TagSettings


@dataclass
class BuildResult:
    papers: list[Paper]
    report: dict
    timings: dict[str, float] = field(default_factory=dict)
    embedded: int = 0
    pages_written: int = 0  # files in docs_dir rewritten (unchanged ones are left alone)
    site: SiteStats | None = None  # None when the site was not built
    topics: list = field(default_factory=list)
    new_papers: int = 0  # papers not in the previous build's papers.json
    feeds_made: int = 0  # feeds (and the OPML list of them) built by this build; the others were the previous build's


@contextmanager
def _timed(timings: dict[str, float], stage: str):
    start = time.perf_counter()
    yield
    timings[stage] = round(time.perf_counter() - start, 3)


def build_date(papers: list[Paper]) -> datetime:
    """Time from SOURCE_DATE_EPOCH, else from the data, never from the clock (reproducible)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    dates = [(p.date + "-01-01")[:10] for p in papers if p.date]  # a year or month alone: its start
    return datetime.fromisoformat(max(dates)).replace(tzinfo=UTC) if dates else datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Corpus:
    """Everything the read-and-validate half of a build made; the write half only reads it."""

    papers: list[Paper]  # newest first
    topics: list[Topic]
    report: dict
    embedded: int
    previous: PreviousSite = field(default_factory=PreviousSite)  # what the previous build published
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # tag -> what it was folded from
    affiliation_handles: dict[str, str] = field(default_factory=dict)  # name -> handle (curation.yaml)


def read_corpus(config: Config, embedder: Embedder, timings: dict[str, float], progress=None,
                fresh: bool = False) -> Corpus:
    """Everything that can fail on bad data, with no output written yet. `fresh`: parse every
    dump again (`--full`)."""
    if not config.sources_dir.is_dir():
        raise BuildError(f"sources folder not found: {config.sources_dir}")
    with _timed(timings, "ingest"):  # and normalize, per dump: a dump read before is not parsed again
        memo = DumpMemo(config.cache_dir / "dumps.sqlite", fresh)
        try:
            dumps = read_dumps(config.sources_dir, memo)
        finally:
            memo.close()
    with _timed(timings, "normalize"):  # what needs the whole corpus: duplicates, curation, slugs
        papers, merged = merge_duplicates([paper for dump in dumps for paper in dump.papers])
        near = find_near_duplicates(papers)
        curation = load_curation(config.curation_file)
        visible, curated = apply_curation(papers, curation)
        try:
            papers = assign_slugs(visible)
        except SlugCollision as error:
            raise BuildError(f"{error} (merge, retitle or hide one in {config.digest.curation_file})") from error
    cache = AnalysisCache(config.cache_dir / "analyses.sqlite")
    try:
        with _timed(timings, "tag"):
            tagged = tag_papers(papers, embedder, cache, TagSettings(config.digest.tags_min, config.digest.tags_max),
                                progress, config.digest.distributed)
    finally:
        cache.close()
    with _timed(timings, "identity"):  # topics keep the slugs of the previous build's topics they continue
        previous = read_previous(previous_data_dir(config.site_dir, config.docs_dir))
        topics = keep_slugs(tagged.topics, previous.topic_members(), previous.retired_slugs("topics"))
        papers = with_topics(tagged.papers, topics)
    papers = with_arrival(papers, files.git_added_times(config.sources_dir), build_date(papers))
    report = build_report(dumps, papers, merged + curated, near, build_date(papers))
    return Corpus(newest_first(papers), topics, report, tagged.embedded, previous, tagged.spellings,
                  curation.affiliation_handles())


def with_arrival(papers: list[Paper], added: dict[str, int], fallback: datetime) -> list[Paper]:
    """Each paper's arrival: when the first of its dumps was first committed (a dump git does
    not hold yet arrives at the build date), and the line it arrived by. Feeds, the home page
    and the /new/ pages order and date papers by it, so it never moves on a rebuild."""
    fallback_stamp = int(fallback.timestamp())

    def arrival(paper: Paper) -> Paper:
        stamp, ref = min((added.get(ref.file, fallback_stamp), ref) for ref in paper.sources)
        when = datetime.fromtimestamp(stamp, tz=UTC)
        return replace(paper, arrived=when.strftime("%Y-%m-%dT%H:%M:%SZ"), arrived_from=ref,
                       first_seen=when.date().isoformat())

    return [arrival(paper) if paper.sources else paper for paper in papers]


@dataclass(frozen=True)
class SiteFiles:
    """What the write half puts out: docs_dir files (the shells MkDocs builds, feeds, data),
    the nav pages, and the other pages, made one at a time as they are written. Feeds the
    memo kept are not among the docs: their files are in place from the previous build."""

    docs: dict[str, bytes]
    nav: list[HtmlPage]
    pages: Callable[[], Iterator[PageSource]]
    digests: dict[str, str] = field(default_factory=dict)  # of the outputs the memo made or kept (of_bytes)
    kept: frozenset[str] = frozenset()  # outputs the memo kept where the previous build left them
    unlisted: frozenset[str] = frozenset()  # pages left out of the sitemap: pointer pages (pointers.py)

    @property
    def nav_urls(self) -> list[str]:
        return [page.url for page in self.nav]

    @property
    def chrome_markdown(self) -> dict[str, bytes]:
        return {path: data for path, data in self.docs.items() if path.endswith(".md")}

    @property
    def data(self) -> dict[str, bytes]:
        """Feeds and JSON: published as they are (MkDocs leaves them to build_site)."""
        return {path: data for path, data in self.docs.items() if not path.endswith(".md")}


def generated_files(config: Config, corpus: Corpus, memo: OutputMemo) -> SiteFiles:
    papers, report = corpus.papers, corpus.report
    when = build_date(papers)
    newest_drop = max((p.first_seen for p in papers if p.first_seen), default=None)
    summary = SiteSummary(config.site_name, when.date().isoformat(), len(report["sources"]),
                          report["lines"]["rejected"], config.digest.newest_on_home, config.digest.page_size,
                          added=sum(1 for p in papers if p.first_seen == newest_drop))
    groups = build_groups(papers, corpus.topics, corpus.spellings, corpus.affiliation_handles)
    gone = pointers(retire(corpus.previous, groups, when.strftime("%Y-%m-%dT%H:%M:%SZ")), groups, papers)
    nav = render_nav(papers, groups, summary)
    docs = {path: text.encode() for path, text in chrome_markdown(nav).items()}
    docs.update(all_feeds(config, papers, groups, when, memo))
    docs.update(pointer_feeds(gone, config.site_url, config.site_name))
    docs["papers.json"] = files.dump_json_rows(papers_json(papers, config.site_url))
    docs["build-report.json"] = files.dump_json(report)
    docs[REDIRECTS] = redirects_json(gone, corpus.topics)
    return SiteFiles(docs, nav, functools.partial(_site_pages, papers, groups, summary, gone), memo.digests(),
                     frozenset(memo.kept), frozenset(pointer.url for pointer in gone))


def _site_pages(papers: list[Paper], groups: dict[str, list[Group]], summary: SiteSummary,
                gone: list[Pointer]) -> Iterator[PageSource]:
    """The group and paper pages, then a pointer page at each retired tag and topic address."""
    yield from render_pages(papers, groups, summary)
    yield from pointer_pages(gone)


def all_feeds(config: Config, papers: list[Paper], groups: dict[str, list[Group]], when: datetime,
              memo: OutputMemo) -> dict[str, bytes]:
    """feed.xml and atom.xml for the site, an RSS feed per tag and per topic, and feeds.opml.
    A feed whose settings and entries are those of the previous build is not made again: it is
    left out, kept where it is (memo.kept)."""
    common: dict[str, Any] = {"site_url": config.site_url, "build_date": when, "limit": config.digest.feed_length}
    digests: dict[str, str] = {}  # paper id -> its entry's fingerprint, made once

    def entry_digest(paper: Paper) -> str:
        if paper.id not in digests:
            digests[paper.id] = fingerprint(repr(entry_fields(paper)))
        return digests[paper.id]

    out, listed = {}, []
    for listed_title, spec in _feed_specs(config, papers, groups):
        listed.append((listed_title, spec["feed_path"]))
        selected = select_entries(spec["papers"], config.digest.feed_length)
        settings = {**spec, **common, "papers": None, "build_date": when if uses_build_date(selected) else None}
        inputs = fingerprint(code_version(), repr(sorted(settings.items())), *map(entry_digest, selected))
        if (data := memo.get(spec["feed_path"], inputs, functools.partial(build_feed, **spec, **common))) is not None:
            out[spec["feed_path"]] = data
    opml: dict[str, Any] = {"site_url": config.site_url, "title": f"{config.site_name} feeds", "build_date": when}
    inputs = fingerprint(code_version(), repr(sorted(opml.items())), *(part for pair in listed for part in pair))
    if (data := memo.get("feeds.opml", inputs, functools.partial(build_opml, listed, **opml))) is not None:
        out["feeds.opml"] = data
    return out


def _feed_specs(config: Config, papers: list[Paper], groups: dict[str, list[Group]]) -> Iterator[tuple[str, dict]]:
    """(title in feeds.opml, build_feed's arguments) of every feed."""
    description = config.site_description or f"Newest papers in {config.site_name}"
    for path, fmt, name in (("feed.xml", "rss", "RSS"), ("atom.xml", "atom", "Atom")):
        yield f"{config.site_name} ({name})", dict(
            title=config.site_name, description=description, feed_path=path, page_path="", fmt=fmt, papers=papers)
    for group in (group for kind in ("topics", "tags") for group in groups[kind]):
        title = f"{config.site_name}: {group.label}"
        yield title, dict(title=title, description=f"Newest papers in {group.kind[:-1]} {group.label}",
                          feed_path=f"{group.path}/feed.xml", page_path=f"{group.path}/", fmt="rss", papers=group.papers)


@dataclass
class SiteStats:
    pages: int = 0  # paper and group pages in the site
    rendered: int = 0  # of which rendered by this build: the others were unchanged
    shards_indexed: int = 0  # Pagefind shards indexed by this build
    incremental: bool = False  # built on the previous site/, keeping its unchanged files
    chrome_built: bool = False  # MkDocs ran: the page chrome (theme, config, nav) was new or had changed
    repaired: list[str] = field(default_factory=list)  # files the previous build wrote, missing or changed
    manifest: Manifest = field(default_factory=Manifest)  # what the new site holds


def build_site(config: Config, site: SiteFiles, papers: list[Paper], strict: bool, pagefind: bool = False,
               full: bool = False) -> SiteStats:
    """The site, assembled in a staging folder beside site/: the chrome (shell.py) taken from the
    previous build or built by MkDocs, the nav pages and the pages whose inputs changed stamped
    into it, links checked (strict), the sitemap and search index completed, what is kept
    linked in from site/; then it lands (site.py). A failure at any step leaves the previous
    site/ as it was. `pagefind`: search by Pagefind, not lunr (search.py); `full`: ignore the
    previous site, build everything. Files the previous build wrote that are missing from
    site/ (or changed size) are made again (SiteStats.repaired)."""
    from mkdocs.exceptions import MkDocsException

    state = inspect_site(config.site_dir)
    if state.foreign:
        raise foreign_error(config.site_dir, "site_dir", state.foreign,
                            "move them out (files to publish belong in the theme folder, which "
                            "MkDocs copies), or set site_dir to a folder of its own")
    previous = None if full else load_manifest(config.site_dir)
    repaired = state.damaged if previous else []
    previous = repairs(previous, repaired) if previous else None
    config.site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=config.site_dir.parent, prefix=f".{config.site_dir.name}.new-"))
    try:
        stats = _assemble(config, site, papers, staging, previous, strict, pagefind, repaired)
        if previous and not repaired and _same_site(stats.manifest, previous):
            shutil.rmtree(staging)  # site/ holds this site already, file for file
            return stats
        complete_staging(staging, config.site_dir, stats.manifest, previous, state)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, (MkDocsException, SystemExit, SearchIndexError, ShellError)):
            raise BuildError(f"site build failed: {error}") from error
        raise
    land(staging, config.site_dir, stats.manifest, state)
    return stats


def _same_site(new: Manifest, previous: Manifest) -> bool:
    """Every page, bundle and file of the new site is the previous one's (nothing to land)."""
    return (new.pages, new.bundles, new.files, new.chrome) == (previous.pages, previous.bundles,
                                                              previous.files, previous.chrome)


def _assemble(config: Config, site: SiteFiles, papers: list[Paper], staging: Path, previous: Manifest | None,
              strict: bool, pagefind: bool, repaired: list[str]) -> SiteStats:
    """Everything new of the site, in staging; its manifest in the stats."""
    shards = pagefind_shards(papers) if pagefind else []
    chrome, built = _chrome(config, site, staging, previous, strict, pagefind, set(repaired))
    stamp = fingerprint(code_version(), config.site_url, *(part for url in sorted(chrome.shells)
                                                           for part in chrome.shells[url].parts))
    links, new = LinkCheck() if strict else None, Manifest(files=dict(chrome.files), chrome=chrome.to_json())
    stats = SiteStats(incremental=previous is not None, chrome_built=built, repaired=repaired, manifest=new)
    write_pages(staging, chrome.shells, _checked(site.nav, links), config.site_url)
    write_pages(staging, chrome.shells, _to_render(site.pages(), stamp, previous, new, stats, links), config.site_url)
    urls = sorted(new.pages)
    if links and (broken := links.broken(set(urls) | set(site.nav_urls) | set(site.docs) | site.kept)):
        raise StrictError(f"--strict: {len(broken)} generated links lead nowhere; site/ left as it was", broken[:50])
    listed = sorted(site.nav_urls + [url for url in urls if url not in site.unlisted])
    write_sitemap(staging, config.site_url, listed, build_date(papers).date().isoformat())
    _stage_changed_data(staging, site, config.site_dir, previous, new)
    if pagefind:
        stats.shards_indexed = _index_changed_shards(staging, shards, previous, new)
        write_shard_list(staging, shards)
    new.files.update(hash_files(staging, set(new.pages), set(new.bundles), set(new.files)))
    return stats


def _chrome(config: Config, site: SiteFiles, staging: Path, previous: Manifest | None, strict: bool,
            pagefind: bool, damaged: set[str]) -> tuple[Chrome, bool]:
    """The previous build's chrome when nothing it is built from changed, its files are still
    in site/ as written, and it was built --strict if this build is; else MkDocs builds it."""
    key = _chrome_key(config, site, pagefind)
    kept = Chrome.from_json(previous.chrome) if previous and previous.chrome and config.chrome_keepable else None
    if (kept and kept.key == key and (kept.strict or not strict) and set(kept.shells) == set(chrome_urls(site.nav))
            and damaged.isdisjoint(kept.files)):
        return kept, False
    run_mkdocs(config, staging, strict, pagefind)
    return load_chrome(staging, config.site_url, key, site.nav_urls, strict), True


def _chrome_key(config: Config, site: SiteFiles, pagefind: bool) -> str:
    """What the chrome is built from: mkdocs.yml, the theme folder and hooks as they are now,
    the shells, the code and library versions. The same project in another folder has the
    same chrome: absolute paths into it count as relative."""
    theme = []
    for path in config.theme_inputs:  # a missing one is left to MkDocs to report
        if path.is_dir():
            theme += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            theme.append(path)
    relative = lambda text: text.replace(str(config.root), ".")
    return fingerprint("chrome", code_version(), config.site_url, str(pagefind), relative(config.config_file.read_text(encoding="utf-8")),
                      *(relative(f"{path}:{of_bytes(path.read_bytes())}") for path in theme),
                      *(f"{path}:{of_bytes(data)}" for path, data in sorted(site.chrome_markdown.items())))


def _checked(pages: list[HtmlPage], links: LinkCheck | None) -> Iterator[HtmlPage]:
    for page in pages:
        if links:
            links.add(page.url, page.body)
        yield page


def _to_render(sources: Iterator[PageSource], stamp: str, previous: Manifest | None, new: Manifest,
               stats: SiteStats, links: LinkCheck | None) -> Iterator[HtmlPage]:
    """The pages whose inputs changed since the previous build, rendered (and link-checked).
    An unchanged page's links are unchanged too: its fingerprint covers every link target."""
    for source in sources:
        new.pages[source.url] = key = fingerprint(stamp, source.inputs)
        stats.pages += 1
        if previous is None or previous.pages.get(source.url) != key:
            page = source.render()
            stats.rendered += 1
            if links:
                links.add(page.url, page.body)
            yield page


def _stage_changed_data(staging: Path, site: SiteFiles, site_dir: Path, previous: Manifest | None,
                        new: Manifest) -> None:
    """Feeds and JSON whose bytes differ from what site/ holds; a feed no new paper reached is
    left as it is (feeds are dated by their newest entry). A feed the memo kept is in site/
    already: copied into staging only when site/ is replaced whole (no previous manifest)."""
    for name, content in site.data.items():
        new.files[name] = digest = site.digests.get(name) or of_bytes(content)
        claimed = previous is not None and previous.files.get(name) == digest
        if previous is not None and claimed and not _holds(site_dir / name, content, name in site.digests):
            previous.files.pop(name, None)  # site/ does not hold what the manifest says: land replaces it
        if previous is None or previous.files.get(name) != digest:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(content)
    for name in sorted(site.kept):
        new.files[name] = digest = site.digests[name]
        if previous is None or previous.files.get(name) != digest:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(site_dir / name, staging / name)  # with its time: the memo keeps it next build


def _holds(path: Path, content: bytes, made: bool) -> bool:
    """Whether `path` holds `content`: compared byte for byte for an output the memo `made`
    (a few; one edited in site/ is then put back), else only there."""
    if not made:
        return path.is_file()
    try:
        return path.read_bytes() == content
    except OSError:
        return False


def _index_changed_shards(staging: Path, shards: list[Shard], previous: Manifest | None, new: Manifest) -> int:
    indexed = 0
    for shard in shards:
        new.bundles[shard.folder] = key = fingerprint(code_version(), shard.inputs)
        if previous is None or previous.bundles.get(shard.folder) != key:
            write_shard(staging, shard)
            indexed += 1
    return indexed


def run_mkdocs(config: Config, site_dir: Path, strict: bool, pagefind: bool) -> None:
    """`mkdocs build` of docs_dir into `site_dir`: the shells and static files (the chrome).
    `pagefind`: the search box is answered by Pagefind, not lunr."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as load_mkdocs_config

    mkdocs_config = load_mkdocs_config(str(config.config_file), docs_dir=str(config.docs_dir), site_dir=str(site_dir),
                                       strict=strict)
    mkdocs_config.extra["pagefind"] = pagefind  # read by mkdocs_hooks.py and theme/main.html
    mkdocs_config.extra["digest_build"] = True  # mkdocs_hooks.py: data files are build_site's to copy
    mkdocs_config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(mkdocs_config)
    finally:
        mkdocs_config.plugins.on_shutdown()


def previous_data_dir(site_dir: Path, docs_dir: Path) -> Path:
    """Where the previous build's data files (papers.json, redirects.json) are: docs_dir if the
    previous build stopped before the site (a site build removes them there), else site/."""
    return docs_dir if (docs_dir / "papers.json").is_file() else site_dir


def previous_paper_ids(site_dir: Path, docs_dir: Path) -> set:
    """The ids in the previous build's papers.json (to count new papers), read row by row."""
    papers_json = previous_data_dir(site_dir, docs_dir) / "papers.json"
    ids = files.json_row_ids(papers_json)
    if ids is not None:
        return ids
    rows = files.load_json(papers_json, [])
    return {row.get("id") for row in rows if isinstance(row, dict)} if isinstance(rows, list) else set()


def forget_process_caches() -> None:
    """Drop what builds keep in this process for the next one (lru caches of the vocabulary,
    slugs, dates and keyphrases, feed entries, the Jinja environment): memory back in a
    long-lived process, and the next build runs as in a fresh one (tests, the bench)."""
    for name, module in list(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def build(config: Config, *, embedder: Embedder | None = None, strict: bool = False, site: bool = True,
          full: bool = False, progress=None) -> BuildResult:
    """`progress(done)` is called as new texts are embedded (the CLI draws a bar with it);
    `full` parses every dump and renders every page and feed again, whatever was kept. One
    build at a time per project (lock.py)."""
    with build_lock(config.cache_dir):
        clean_leftovers(config.site_dir)
        result = _build(config, embedder, strict, site, full, progress)
    if strict and result.site and result.site.repaired:
        raise StrictError(f"--strict: {len(result.site.repaired)} files the previous build wrote were missing "
                          "from site/ or had changed; they are repaired now",
                          [f"repaired: {config.site_dir / name}" for name in result.site.repaired[:50]])
    return result


def _build(config: Config, embedder: Embedder | None, strict: bool, site: bool, full: bool,
           progress) -> BuildResult:
    timings: dict[str, float] = {}
    embedder = embedder or SentenceTransformerEmbedder(str(config.model_path or ""))
    corpus = read_corpus(config, embedder, timings, progress, fresh=full)
    report = corpus.report
    outputs = config.site_dir if site else config.docs_dir  # where feeds and data are published
    memo = OutputMemo(config.cache_dir / "outputs.json", outputs, fresh=full)
    with _timed(timings, "render"):
        output = generated_files(config, corpus, memo)
    if strict and report["rejected"]:
        raise StrictError(f"--strict: {len(report['rejected'])} rejected input lines; site/ left as it was",
                          [f"rejected: {line}" for line in rejection_runs(report["rejected"])])
    previous = previous_paper_ids(config.site_dir, config.docs_dir)
    with _timed(timings, "write"):  # the site's feeds and data go to site/ alone (build_site)
        docs = output.chrome_markdown if site else output.docs
        written, _ = sync_docs(config.docs_dir, docs, frozenset(() if site else memo.kept))
    result = BuildResult(corpus.papers, report, timings, corpus.embedded, written, topics=corpus.topics,
                         new_papers=sum(1 for paper in corpus.papers if paper.id not in previous), feeds_made=memo.made)
    if site:
        with _timed(timings, "site"):
            result.site = build_site(config, output, corpus.papers, strict, True, full)
    memo.save()  # once the outputs are in place: a failed build leaves the memo describing the last one
    return result
