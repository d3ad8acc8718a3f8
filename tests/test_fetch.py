"""kg fetch against real HTTP servers on 127.0.0.1 and 127.0.0.2: nothing leaves the machine."""

from __future__ import annotations

import gzip
import io
import ipaddress
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg import __version__
from kg.fetch import ARTICLES, STATE, USER_AGENT, AddressPolicy, fetch_corpus
from kg.ingest import read_corpus
from kg.model import Document, Extraction, Resolution
from kg.rdf import document_named_graph
from kg.settings import SETTINGS

FAST = replace(SETTINGS, fetch_delay=0.0, fetch_backoff=0.05, fetch_max_bytes=200_000)
LOOPBACK_ONLY = AddressPolicy(networks=(ipaddress.ip_network("127.0.0.1/32"),))

STORY = ("<p>More than 500,000 migrants crossed the Darién Gap this year, according to Panamanian "
         "authorities, a record for the jungle route between Colombia and Panama.</p>\n"
         "<p>Most of them were Venezuelans who then travelled north through Central America and "
         "Mexico toward the United States border, officials said on Tuesday.</p>\n")


def page(title: str, head: str = "", paragraph: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}"
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{STORY}"
            f"<p>{paragraph}</p></article></body></html>").encode()


JSON_LD = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                      "headline": "Record crossings in the Darién Gap",
                      "datePublished": "2023-11-02T10:00:00-05:00",
                      "author": {"@type": "Person", "name": "Ana Ruiz"},
                      "publisher": {"@type": "Organization", "name": "Border Times"}})
DATED = page("Record crossings in the Darién Gap",
             "<meta property='og:site_name' content='Border Times'>"
             f"<script type='application/ld+json'>{JSON_LD}</script>")

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Border Times</title><link>/</link><description>News</description>
<item><title>Record crossings</title><link>/news/dated.html</link></item>
<item><title>Shelters fill in Juárez</title><link>/news/feed-dated.html</link>
  <dc:creator>Bo Li</dc:creator><pubDate>Tue, 07 Nov 2023 23:30:00 -0500</pubDate></item>
<item><title>Hidden</title><link>/private/hidden.html</link></item>
</channel></rss>"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-news.xml.gz</loc></sitemap></sitemapindex>"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/news/sitemap-dated.html</loc><lastmod>2024-06-01</lastmod>
  <news:news><news:publication><news:name>Border Times</news:name></news:publication>
  <news:publication_date>2023-12-01T08:00:00-07:00</news:publication_date>
  <news:title>Agents rescue two swimmers</news:title></news:news></url>
<url><loc>{base}/busy.html</loc></url>
<url><loc>{base}/flaky.html</loc></url>
<url><loc>{base}/huge.html</loc></url>
<url><loc>{base}/redirect-out.html</loc></url>
<url><loc>{base}/moved.html</loc></url>
<url><loc>{base}/report.pdf</loc></url>
</urlset>"""


class Site(ThreadingHTTPServer):
    """A web site on a loopback address: ``routes`` maps a path to a function of the
    request count of that path returning ``(status, headers, body)``; ``hits`` logs
    every request as ``(path, start time, User-Agent)``."""

    daemon_threads = True

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), _Handler)
        self.base = f"http://{host}:{self.server_address[1]}"
        self.routes: dict[str, Callable[[int], tuple[int, dict[str, str], bytes]]] = {}
        self.hits: list[tuple[str, float, str]] = []

    def count(self, path: str) -> int:
        return sum(hit[0] == path for hit in self.hits)


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:
        count = self.server.count(self.path)
        self.server.hits.append((self.path, time.monotonic(), self.headers["User-Agent"]))
        route = self.server.routes.get(self.path)
        status, headers, body = route(count) if route else (404, {}, b"not found")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers and not headers.get("X-Stream"):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def serve(host: str, tls=None) -> Iterator[Site]:
    site = Site(host)
    if tls is not None:
        site.socket = tls.wrap_socket(site.socket, server_side=True)
        site.base = site.base.replace("http:", "https:")
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()


HTML = {"Content-Type": "text/html; charset=utf-8"}


def ok(body: bytes, headers: dict[str, str] | None = None):
    return lambda count: (200, headers or HTML, body)


@pytest.fixture
def elsewhere() -> Iterator[Site]:
    """A server on another loopback address, which nothing may reach."""
    yield from serve("127.0.0.2")


@pytest.fixture
def site(elsewhere: Site) -> Iterator[Site]:
    for found in serve("127.0.0.1"):
        base = found.base
        found.routes.update({
            "/robots.txt": ok(b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}),
            "/feed.xml": ok(FEED.encode(), {"Content-Type": "application/rss+xml"}),
            "/sitemap_index.xml": ok(SITEMAP_INDEX.format(base=base).encode(),
                                     {"Content-Type": "application/xml"}),
            "/sitemap-news.xml.gz": ok(gzip.compress(SITEMAP.format(base=base).encode()),
                                       {"Content-Type": "application/gzip"}),
            "/news/dated.html": ok(DATED),
            "/news/feed-dated.html": ok(page("Shelters fill in Juárez")),
            "/news/sitemap-dated.html": ok(page("Agents rescue two swimmers")),
            "/news/undated.html": ok(page("Migrants wait in Reynosa")),
            "/private/hidden.html": ok(page("Hidden")),
            "/busy.html": lambda count: ((429, {"Retry-After": "1"}, b"slow down") if count == 0
                                         else (200, HTML, page("A busy page"))),
            "/flaky.html": lambda count: ((503, {}, b"oops") if count < 2
                                          else (200, HTML, page("A flaky page"))),
            # No Content-Length: the size shows only while reading.
            "/huge.html": ok(page("Huge", paragraph="word " * 100_000),
                             {**HTML, "X-Stream": "1", "Connection": "close"}),
            "/redirect-out.html": lambda count: (302, {"Location": f"{elsewhere.base}/secret.html"},
                                                 b""),
            "/moved.html": lambda count: (301, {"Location": "/news/dated.html"}, b""),
            "/report.pdf": ok(b"%PDF-1.4", {"Content-Type": "application/pdf"}),
        })
        elsewhere.routes["/secret.html"] = ok(page("Secret"))
        yield found


def fetch(sources, out: Path, policy: AddressPolicy = LOOPBACK_ONLY, settings=FAST, **options):
    return list(fetch_corpus([str(s) for s in sources], out, policy=policy, settings=settings,
                             **options))


def records(out: Path) -> dict[str, dict]:
    lines = (out / ARTICLES).read_text(encoding="utf-8").splitlines()
    found = [json.loads(line) for line in lines]
    assert len({r["url"] for r in found}) == len(found), "an article saved twice"
    return {r["url"].split("/", 3)[3]: r for r in found}


def test_feeds_and_sitemaps_give_articles_with_their_own_metadata(site, elsewhere, tmp_path):
    outcomes = fetch([f"{site.base}/feed.xml", f"{site.base}/sitemap_index.xml"], tmp_path)
    status = {o.url.split("/", 3)[3]: (o.status, o.detail) for o in outcomes}
    saved = records(tmp_path)
    assert set(saved) == {"news/dated.html", "news/feed-dated.html", "news/sitemap-dated.html",
                          "busy.html", "flaky.html"}

    # The page's own JSON-LD and <meta> first; the feed or sitemap fill the gaps.
    dated = saved["news/dated.html"]
    assert (dated["title"], dated["publication"], dated["author"], dated["date"]) == (
        "Record crossings in the Darién Gap", "Border Times", "Ana Ruiz", "2023-11-02")
    assert dated["source"] == f"{site.base}/feed.xml"
    assert "500,000 migrants crossed the Darién Gap" in dated["text"] and "Home" not in dated["text"]
    from_feed = saved["news/feed-dated.html"]
    assert (from_feed["author"], from_feed["date"]) == ("Bo Li", "2023-11-07")  # its local date
    from_sitemap = saved["news/sitemap-dated.html"]
    assert (from_sitemap["date"], from_sitemap["publication"]) == ("2023-12-01", "Border Times")
    # The time of reading is kept apart, never as the publication date.
    assert "date" not in saved["busy.html"] and saved["busy.html"]["fetched"].endswith("Z")

    # robots.txt: the disallowed page is never requested.
    assert site.count("/private/hidden.html") == 0
    assert status["private/hidden.html"] == ("skipped", "robots.txt disallows it")
    # 429 (Retry-After: 1) and 503, then 200.
    busy = [hit[1] for hit in site.hits if hit[0] == "/busy.html"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 1.0
    assert site.count("/flaky.html") == 3
    # A response over the size limit is dropped, whatever its headers said.
    assert status["huge.html"][0] == "skipped" and "larger than 200,000 bytes" in status["huge.html"][1]
    # A redirect to an address not allowed is refused before connecting.
    assert status["redirect-out.html"][0] == "skipped" and "127.0.0.2" in status["redirect-out.html"][1]
    assert elsewhere.hits == []
    # A redirect to a page already saved does not save it twice; a PDF is no web page.
    assert status["moved.html"] == ("known", "")
    assert status["report.pdf"] == ("skipped", "not a web page (application/pdf)")
    assert {hit[2] for hit in site.hits} == {USER_AGENT}
    assert USER_AGENT.startswith(f"borderkg/{__version__} ")

    # kg build reads the folder: every field reaches the document.
    documents = {d.url: d for d in read_corpus([tmp_path]) if isinstance(d, Document)}
    document = documents[f"{site.base}/news/dated.html"]
    assert (document.author, document.date, document.publication) == (
        "Ana Ruiz", "2023-11-02", "Border Times")
    assert len(documents) == 5


def test_a_second_run_fetches_only_what_is_new(site, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# a list\n{site.base}/news/dated.html\n\nnot a url\n"
                    f"{site.base}/news/undated.html\n")
    assert [o.status for o in fetch([urls], tmp_path / "out", limit=1)] == ["saved"]
    urls.write_text(f"{site.base}/news/dated.html\n{site.base}/news/undated.html\n")
    outcomes = fetch([urls], tmp_path / "out")
    assert [(o.url.rsplit("/", 1)[1], o.status) for o in outcomes] == [
        ("dated.html", "known"), ("undated.html", "saved")]
    assert site.count("/news/dated.html") == 1
    assert "date" not in records(tmp_path / "out")["news/undated.html"]
    skipped = [json.loads(line) for line in (tmp_path / "out" / STATE).read_text().splitlines()]
    assert [r["status"] for r in skipped] == ["saved", "saved"]


def test_requests_to_one_host_keep_their_distance(site, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{site.base}/news/{name}.html\n"
                            for name in ("dated", "undated", "feed-dated")))
    fetch([urls], tmp_path / "out", settings=replace(FAST, fetch_delay=0.3))
    starts = [hit[1] for hit in site.hits]
    assert len(starts) == 4  # robots.txt, then the three pages
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.3


def test_a_crawl_delay_of_robots_txt_slows_down_further(site, tmp_path):
    site.routes["/robots.txt"] = ok(b"User-agent: borderkg\nCrawl-delay: 1\n",
                                    {"Content-Type": "text/plain"})
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site.base}/news/dated.html\n{site.base}/news/undated.html\n")
    fetch([urls], tmp_path / "out")
    starts = [hit[1] for hit in site.hits if hit[0].startswith("/news/")]
    assert starts[1] - starts[0] >= 1.0


def test_an_unreachable_robots_txt_fails_the_host_for_now(site, tmp_path):
    site.routes["/robots.txt"] = lambda count: (500, {}, b"down")
    outcomes = fetch([f"{site.base}/news/dated.html"], tmp_path)
    assert [o.status for o in outcomes] == ["failed"]
    assert "robots.txt" in outcomes[0].detail
    assert site.count("/news/dated.html") == 0
    assert not (tmp_path / ARTICLES).read_text()  # tried again on the next run


def test_a_warc_file_gives_its_html_pages(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "crawl.warc.gz"
    with open(archive, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, status, content_type, body in (
                ("https://example.org/news/darien.html", "200 OK", "text/html; charset=utf-8", DATED),
                ("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG"),
                ("https://example.org/gone.html", "404 Not Found", "text/html", b"gone")):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-03-01T12:00:00Z"}))
    outcomes = fetch([archive], tmp_path / "out")
    assert [(o.url, o.status) for o in outcomes] == [("https://example.org/news/darien.html", "saved")]
    article = records(tmp_path / "out")["news/darien.html"]
    assert (article["date"], article["author"], article["fetched"]) == (
        "2023-11-02", "Ana Ruiz", "2024-03-01T12:00:00Z")
    assert [o.status for o in fetch([archive], tmp_path / "out")] == ["known"]

    # What the build reads of it reaches the graph: the byline as dcterms:creator.
    (document,) = read_corpus([tmp_path / "out"])
    assert isinstance(document, Document)
    quads = document_named_graph(Extraction(document, ()), Resolution(())).nquads
    assert '<http://purl.org/dc/terms/creator> "Ana Ruiz"' in quads
    assert '<http://purl.org/dc/terms/date> "2023-11-02"^^' in quads


def kg(*args: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "fetch", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)


def test_private_addresses_are_refused_without_the_flag(site, tmp_path):
    for url in (f"{site.base}/news/dated.html", f"http://localhost:{site.server_address[1]}/"):
        stdout, stderr = kg(url, "--out", str(tmp_path)).communicate(timeout=120)
        assert "private, loopback, link-local or reserved address" in stderr
        assert "0 new articles" in stdout
    assert site.hits == []


def test_a_killed_fetch_resumes_without_fetching_anything_twice(site, tmp_path):
    release = threading.Event()
    site.routes["/news/slow.html"] = lambda count: (release.wait(30) and (200, HTML, page("Slow")))
    names = ("dated", "undated", "slow", "feed-dated", "sitemap-dated")
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{site.base}/news/{name}.html\n" for name in names))
    out = tmp_path / "out"
    running = kg(str(urls), "--out", str(out), "--allow-private", "--delay", "0")
    deadline = time.monotonic() + 120
    while site.count("/news/slow.html") == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=30)
    release.set()
    assert set(records(out)) == {"news/dated.html", "news/undated.html"}
    # A kill in the middle of a line leaves half of it: the next run drops it.
    with open(out / ARTICLES, "ab") as articles:
        articles.write(b'{"id": "half", "url": "http://127.0.0.1/half", "te')

    rerun = kg(str(urls), "--out", str(out), "--allow-private", "--delay", "0")
    stdout, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    assert "3 new articles" in stdout and "2 already there" in stdout
    assert set(records(out)) == {f"news/{name}.html" for name in names}
    assert {path: site.count(path) for path, *_ in site.hits if path != "/robots.txt"} == {
        "/news/dated.html": 1, "/news/undated.html": 1, "/news/slow.html": 2,
        "/news/feed-dated.html": 1, "/news/sitemap-dated.html": 1}


def test_a_folder_another_fetch_writes_to_is_refused(site, tmp_path):
    import fcntl

    (tmp_path / "out").mkdir()
    with open(tmp_path / "out" / STATE, "ab") as state:
        fcntl.flock(state.fileno(), fcntl.LOCK_EX)
        _, stderr = kg(f"{site.base}/feed.xml", "--out", str(tmp_path / "out"),
                       "--allow-private").communicate(timeout=120)
    assert stderr.startswith("kg: another kg fetch is writing to")
    assert site.hits == []


def test_a_missing_source_is_one_clear_line_and_nothing_is_written(tmp_path):
    running = kg(str(tmp_path / "nowhere.txt"), "--out", str(tmp_path / "out"))
    _, stderr = running.communicate(timeout=120)
    assert running.returncode == 2 and "no such file" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not os.path.exists("/usr/bin/openssl"), reason="needs the openssl command")
def test_https_checks_the_certificate_of_the_name_it_asked_for(site, tmp_path):
    import ssl

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    environment = {**os.environ, "SSL_CERT_FILE": str(tmp_path / "cert.pem")}
    for secure in serve("127.0.0.1", context):
        secure.routes.update({"/robots.txt": site.routes["/robots.txt"],
                              "/news/dated.html": site.routes["/news/dated.html"]})
        port = secure.server_address[1]
        for host, saved in (("localhost", 1), ("127.0.0.1", 0)):  # the certificate names localhost
            stdout, stderr = kg(f"https://{host}:{port}/news/dated.html", "--out",
                                str(tmp_path / host), "--allow-private", "--delay", "0",
                                env=environment).communicate(timeout=120)
            assert f"{saved} new articles" in stdout, stderr
        assert "certificate" in stderr
        assert records(tmp_path / "localhost")["news/dated.html"]["author"] == "Ana Ruiz"


def test_links_with_spaces_and_accents_are_requested_percent_encoded(site, tmp_path):
    site.routes["/news/a%C3%B1o%20nuevo.html"] = ok(page("Año nuevo en Tijuana"))
    outcomes = fetch([f"{site.base}/news/año nuevo.html"], tmp_path)
    assert [o.status for o in outcomes] == ["saved"]
    assert site.count("/news/a%C3%B1o%20nuevo.html") == 1


WIRE_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{outlet}</title><link>/</link><description>News</description>
<item><title>{title}</title><link>{link}</link>
  <guid isPermaLink="false">urn:uuid:6f1c2a54-border-wire-0042</guid></item>
</channel></rss>"""
FIRST_PARAGRAPH = STORY.split("\n")[0]


def short_page(title: str, head: str = "") -> bytes:
    """A page that keeps only the first paragraph of :data:`STORY`: too little shared text
    for the copy to be found by its words."""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}"
            f"</head><body><article><h1>{title}</h1>{FIRST_PARAGRAPH}</article></body>"
            f"</html>").encode()


def test_a_feed_guid_and_a_canonical_url_find_copies_their_words_would_not(site, tmp_path):
    from kg import stories

    base = site.base
    site.routes.update({
        "/wire/feed.xml": ok(WIRE_FEED.format(outlet="Border Wire", title="Record crossings",
                                              link="/wire/darien.html").encode(),
                             {"Content-Type": "application/rss+xml"}),
        "/wire/darien.html": ok(page("Record crossings in the Darién Gap")),
        # A paper runs the wire's entry (the same guid) under its own headline, trimmed.
        "/paper/feed.xml": ok(WIRE_FEED.format(outlet="Valley Paper", title="Jungle route busy",
                                               link="/paper/jungle.html").encode(),
                              {"Content-Type": "application/rss+xml"}),
        "/paper/jungle.html": ok(short_page("Jungle route busier than ever")),
        # A portal reposts it, trimmed, and names the wire's page as the original.
        "/portal/repost.html": ok(short_page(
            "Half a million cross the Darién",
            f"<link rel='canonical' href='{base}/wire/darien.html'>")),
    })
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{base}/portal/repost.html\n")
    fetch([f"{base}/wire/feed.xml", f"{base}/paper/feed.xml", urls], tmp_path / "out")
    saved = records(tmp_path / "out")
    assert saved["wire/darien.html"]["guid"] == saved["paper/jungle.html"]["guid"] == \
        "urn:uuid:6f1c2a54-border-wire-0042"
    assert saved["portal/repost.html"]["canonical_url"] == f"{base}/wire/darien.html"
    assert saved["portal/repost.html"]["url"] == f"{base}/portal/repost.html"
    assert "canonical_url" not in saved["wire/darien.html"]  # its own page

    documents = [d for d in read_corpus([tmp_path / "out"]) if isinstance(d, Document)]
    by_url = {d.url.split("/", 3)[3]: d for d in documents if d.url}
    assert by_url["portal/repost.html"].canonical_url == f"{base}/wire/darien.html"
    assert by_url["paper/jungle.html"].guid == "urn:uuid:6f1c2a54-border-wire-0042"
    texts = {d.id: d.text for d in documents}
    found = stories.find_stories([stories.sketch(d) for d in documents], texts.get)
    [story] = found
    wire = by_url["wire/darien.html"].id
    assert story.documents[0] == wire
    assert {(c.document_id, c.signal) for c in story.copies} == {
        (by_url["paper/jungle.html"].id, "guid"), (by_url["portal/repost.html"].id, "url")}
    # Without the feed's id and the page's canonical URL, their words alone join nothing.
    bare = [stories.sketch(replace(d, guid=None, canonical_url=None)) for d in documents]
    assert stories.find_stories(bare, texts.get) == ()
    # Both reach the graph.
    quads = document_named_graph(Extraction(by_url["portal/repost.html"], ()),
                                 Resolution(())).nquads
    assert f'<https://w3id.org/borderkg/ontology#canonicalUrl> <{base}/wire/darien.html>' in quads
