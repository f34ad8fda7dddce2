"""Atom and RSS feeds (generator/read/ingest/atom.py): each entry's fields, the lines it spans,
and the feeds rejected whole with the reason."""

from __future__ import annotations

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest.atom import looks_like_feed, parse_feed

HEAD = [
    "<?xml version='1.0' encoding='UTF-8'?>",
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">',
    "  <title>query</title>",
]
ENTRY = [
    "  <entry>",
    "    <id>http://arxiv.org/abs/2606.27646v1</id>",
    "    <title>A Hard-Wrapped",
    "  Title</title>",
    '    <link href="https://arxiv.org/abs/2606.27646v1" rel="alternate"/>',
    '    <link rel="related"/>',
    "    <summary>An   abstract.</summary>",
    '    <category term="physics.optics"/>',
    '    <category term="Computer Vision"/>',
    '    <category term="cs.CV"/>',
    "    <published>2026-06-29T09:41:17Z</published>",
    "    <updated>2026-07-01T00:00:00Z</updated>",
    "    <arxiv:comment>18 pages</arxiv:comment>",
    "    <arxiv:doi>10.1/x</arxiv:doi>",
    '    <arxiv:primary_category term="cs.CV"/>',
    "    <author><email>x@y.org</email></author>",
    "    <author><name>Ann Lee</name></author>",
    "    <author><name>Bo Li</name></author>",
    "  </entry>",
]


def parse(*lines: str):
    return parse_feed("api.xml", list(lines))


def test_every_field_of_an_entry_reaches_the_record():
    [record], chrome, rejected = parse(*HEAD, *ENTRY, "</feed>")
    lines = tuple(range(4, 23))
    assert record == RawRecord(
        ref=SourceRef("api.xml", 4),
        lines=lines,
        abstract="An abstract.",
        title="A Hard-Wrapped Title",
        authors=("Ann Lee", "Bo Li"),
        categories=("cs.CV", "physics.optics"),
        date="2026-06-29T09:41:17Z",
        arxiv_id="http://arxiv.org/abs/2606.27646v1",
        urls=("https://arxiv.org/abs/2606.27646v1", "https://doi.org/10.1/x"),
        comment="18 pages",
    )
    assert rejected == []
    assert chrome == [LineNote(SourceRef("api.xml", n), "feed structure") for n in (1, 2, 3, 23)]


def test_an_entry_without_a_published_date_takes_its_update_and_a_foreign_id_is_no_arxiv_id():
    entry = [
        "<entry><id>https://example.org/1</id><summary>A.</summary>",
        "<updated>2026-07-01T00:00:00Z</updated></entry>",
    ]
    [record], _, _ = parse(*HEAD, *entry, "</feed>")
    assert (record.date, record.arxiv_id, record.urls, record.categories) == (
        "2026-07-01T00:00:00Z",
        "",
        (),
        (),
    )
    assert record.lines == (4, 5)


def test_rss_items_are_read_and_an_item_without_a_summary_is_rejected():
    lines = [
        '<rss version="2.0"><channel><title>t</title>',
        "<item><title>One</title><description>First.</description></item>",
        "<item><title>Two</title>",
        "</item>",
        "</channel></rss>",
    ]
    records, chrome, rejected = parse(*lines)
    assert [(r.title, r.abstract, r.lines) for r in records] == [("One", "First.", (2,))]
    reason = "feed entry with no summary (abstract)"
    assert rejected == [LineNote(SourceRef("api.xml", n), reason) for n in (3, 4)]
    assert [note.ref.line for note in chrome] == [1, 5]


def test_malformed_xml_is_rejected_whole_with_its_line():
    lines = [*HEAD, "<entry><summary>A.</summary></entry>", "<oops>", "</feed>"]
    _, _, rejected = parse(*lines)
    assert len(rejected) == 6
    assert {note.reason for note in rejected} == {"invalid XML (line 6): mismatched tag"}


def test_xml_without_entries_is_no_feed_of_papers():
    reason = "XML that is no Atom or RSS feed of papers (no <entry> or <item>)"
    for lines in ([*HEAD, "</feed>"], ["<?xml version='1.0'?>", "<doc><entry/></doc>"]):
        assert parse(*lines) == (
            [],
            [],
            [LineNote(SourceRef("api.xml", n), reason) for n in range(1, len(lines) + 1)],
        )


def test_entries_sharing_a_line_reject_the_feed():
    lines = [*HEAD, "<entry><summary>A.</summary></entry><entry><summary>B.</summary></entry>"]
    _, _, rejected = parse(*lines, "</feed>")
    assert {note.reason for note in rejected} == {
        "feed with 2 entries on 1 <entry>/<item> tags: put each tag on its own line"
    }
    assert len(rejected) == 5


def test_a_feed_is_known_by_its_root_element_after_a_declaration_and_comments():
    assert looks_like_feed('  <?xml version="1.0"?>\n<!-- a -->\n<!-- b -->\n<rss version="2.0">')
    assert looks_like_feed("<feed>") and looks_like_feed("<rdf:RDF\n xmlns='x'>")
    assert not looks_like_feed("<feeds>") and not looks_like_feed("text <feed>")
    assert not looks_like_feed("<!--" + " " * 4096 + "--><feed>")


def test_a_summary_is_taken_as_written_neither_sanitized_nor_resolved():
    lines = [
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.org/d/">',
        '<entry><summary type="html">&lt;a href="p"&gt;x&lt;/a&gt; &lt;blink&gt;y&lt;/blink&gt;',
        "</summary></entry>",
        "</feed>",
    ]
    [record], _, _ = parse(*lines)
    assert record.abstract == '<a href="p">x</a> <blink>y</blink>'


def test_a_feed_whose_declared_encoding_is_overridden_is_still_read():
    lines = [
        '<?xml version="1.0" encoding="us-ascii"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<entry><summary>Café.</summary></entry>",
        "</feed>",
    ]
    [record], _, rejected = parse(*lines)
    assert record.abstract == "Café." and rejected == []


def test_a_comment_naming_an_end_tag_outside_every_entry_is_no_entry():
    lines = [*HEAD, "<!-- </entry> -->", "<entry><summary>A.</summary>", "</entry>", "</feed>"]
    [record], _, rejected = parse(*lines)
    assert record.lines == (5, 6) and rejected == []


def test_rejections_of_a_whole_feed_name_its_file():
    malformed = parse(*HEAD, "<entry><summary>A.</summary></entry>", "<oops>", "</feed>")[2]
    shared = parse(*HEAD, "<entry><summary>A.</summary></entry><entry></entry>", "</feed>")[2]
    assert {note.ref.file for note in malformed + shared} == {"api.xml"}
    assert [note.ref.line for note in shared] == [1, 2, 3, 4, 5]


def test_only_the_first_4096_characters_are_looked_at():
    assert looks_like_feed(" " * 4090 + "<feed>")
    assert not looks_like_feed(" " * 4091 + "<feed>")


RSS_ITEM = [
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>',
    "<item><title>A paper</title><link>{link}</link>",
    "<description>{summary}</description>",
    "{creators}",
    "</item></channel></rss>",
]


def rss_authors(link: str, summary: str, *creators: str):
    lines = [
        line.format(
            link=link,
            summary=summary,
            creators="".join(f"<dc:creator>{c}</dc:creator>" for c in creators),
        )
        for line in RSS_ITEM
    ]
    [record], _, _ = parse_feed("feed.xml", lines)
    return record.authors, record.authors_truncated


def test_only_arxivs_one_creator_line_is_split_into_names():
    blog = rss_authors("https://blog.example/p", "We study graphs.", "Doe, Jane", "Roe, Richard")
    assert blog == (("Doe, Jane", "Roe, Richard"), False)
    one = rss_authors("https://blog.example/p", "We study graphs.", "Doe, Jane")
    assert one == (("Doe, Jane",), False)
    announced = "arXiv:2503.04001v1 Announce Type: new Abstract: We study graphs."
    arxiv = rss_authors("https://arxiv.org/abs/2503.04001", announced, "Ann Lee, Bo Li and Cy Wu")
    assert arxiv == (("Ann Lee", "Bo Li", "Cy Wu"), False)
    long = rss_authors(
        "https://arxiv.org/abs/2503.04001",
        announced,
        "Ann Lee, et al. (120 additional authors not shown)",
    )
    assert long == (("Ann Lee",), True)
