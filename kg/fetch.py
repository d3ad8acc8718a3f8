"""Build a corpus from the web: feeds, sitemaps, files of URLs and WARC archives.

:func:`fetch_corpus` reads each source for the pages it names and appends one JSON
line per article to ``OUT/articles.jsonl``, the format ``kg build`` reads: the text
trafilatura finds in the page beside its URL, outlet (``publication``), author, title
and publication date, the page it names as its original (``canonical_url``: its
``og:url`` or ``<link rel=canonical>``, when another) and the id the feed gives the
entry (``guid``), which find a syndicated copy by its exact keys (:mod:`kg.stories`). The date is the page's own (htmldate, through trafilatura,
reads it from the page's metadata, markup and URL), else the one the feed or news
sitemap that listed the page gives; the time the page was read is kept apart, in
``fetched``, and never stands in for it.

It is polite: robots.txt is obeyed (RFC 9309, under the agent name ``borderkg``), one
host gets one request at a time, ``fetch_delay`` seconds apart (or its ``Crawl-delay``),
the User-Agent names borderkg and its version, and 429 or 5xx answers are retried
after a growing pause (or the ``Retry-After`` the server asks). It is safe: a response
is read up to ``fetch_max_bytes`` and no further, and it connects only to public
addresses: every address a name resolves to is checked, at every redirect, and the
connection goes to the addresses checked, never to a second lookup of the name.

A killed run resumes where it stopped: each article is one line written and synced
at once (a line cut short by the kill is dropped on the next run), and
``OUT/fetch-state.ndjson`` records every URL done, so no article is fetched twice.
Feeds, sitemaps and robots.txt are read afresh on each run, to find what is new.
"""

from __future__ import annotations

import email.message
import email.utils
import fcntl
import hashlib
import http.client
import io
import ipaddress
import json
import os
import re
import socket
import ssl
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from kg import __version__
from kg.errors import BorderKGError
from kg.ingest import decode_text, html_article, metadata_fields
from kg.settings import SETTINGS, Settings

USER_AGENT = f"borderkg/{__version__} (kg fetch; a knowledge graph of border migration news)"
ROBOTS_AGENT = "borderkg"  # the name robots.txt groups address
ARTICLES = "articles.jsonl"
STATE = "fetch-state.ndjson"  # not .jsonl: `kg build OUT` reads only the articles
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")

# RFC 9309: a crawler reads at least 500 KiB of robots.txt and may ignore the rest.
_ROBOTS_MAX_BYTES = 500 * 1024
# A sitemap index names sitemaps, which name pages; a feed may be listed in a file of URLs.
_MAX_LISTING_DEPTH = 3
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5")
_SITEMAP_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What trafilatura strips from a host name to make a site name of it.
_WEB_HOST = re.compile(r"^(?:www\.|w[0-9]+\.)")
# The NAT64 prefix: its addresses reach the IPv4 address in their last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class AddressPolicy:
    """The IP addresses ``kg fetch`` may connect to: public ones, and the networks allowed.

    Parameters
    ----------
    allow_private : bool
        Allow every address, private, loopback, link-local and reserved ones too.
    networks : tuple of IPv4Network or IPv6Network
        Networks allowed besides the public addresses (an archive on the intranet).

    Examples
    --------
    >>> policy = AddressPolicy()
    >>> [policy.permits(a) for a in ("93.184.215.14", "10.0.0.7", "169.254.169.254",
    ...                               "::1", "::ffff:127.0.0.1", "64:ff9b::a00:1")]
    [True, False, False, False, False, False]
    >>> AddressPolicy(networks=(ipaddress.ip_network("10.0.0.0/8"),)).permits("10.0.0.7")
    True
    """

    allow_private: bool = False
    networks: tuple[_Network, ...] = ()

    def permits(self, address: str) -> bool:
        """Whether a connection to ``address`` (an IPv4 or IPv6 address) is allowed."""
        ip = ipaddress.ip_address(address.split("%")[0])  # without an IPv6 scope
        if self.allow_private or any(ip in network for network in self.networks):
            return True
        if isinstance(ip, ipaddress.IPv6Address):
            embedded = ip.ipv4_mapped or ip.sixtofour or (
                ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
            if embedded is not None:
                return self.permits(str(embedded))
        return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class Outcome:
    """What became of one URL.

    ``status`` is ``"saved"`` (``detail``: the document id), ``"known"`` (fetched by an
    earlier run, or an earlier source of this one), ``"listing"`` (a feed or sitemap;
    ``detail`` says how many links it held), ``"skipped"`` (it gives no article; not
    tried again) or ``"failed"`` (the server or the network failed; tried again on the
    next run); ``detail`` says why.
    """

    url: str
    status: str
    detail: str = ""


class _Skip(Exception):
    """A URL that gives no article, for good: the reason."""


class _Failure(Exception):
    """A URL that failed for now (the server, the network): the reason; tried again next run."""


@dataclass(frozen=True)
class _Link:
    """A URL to read, what named it, and what that listing said of the page."""

    url: str
    source: str | None = None
    hints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Response:
    url: str
    content_type: str
    body: bytes
    fetched: str
    redirected_from: str | None = None


def document_id(url: str) -> str:
    """A document id for the article at ``url``: readable, and always the same for it.

    Examples
    --------
    >>> document_id("https://www.borderreport.com/news/title-42-ends.html?page=1")
    'borderreport.com-title-42-ends-7238a2813f'
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    last = segments[-1].rsplit(".", 1)[0] if segments else ""
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", f"{host}-{last}").strip("-.").lower()[:60]
    return f"{slug}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:10]}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _connect(addresses: Sequence[tuple[int, Any]], timeout: float) -> socket.socket:
    """A socket connected to the first of ``addresses`` that answers."""
    problem: OSError = OSError("no address")
    for family, address in addresses:
        connection = socket.socket(family, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        try:
            connection.connect(address)
            return connection
        except OSError as error:
            connection.close()
            problem = error
    raise problem


class _HTTPConnection(http.client.HTTPConnection):
    """A connection to addresses already checked, never to a new lookup of the name."""

    def __init__(self, host: str, port: int, addresses: Sequence[tuple[int, Any]],
                 timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._addresses, self._seconds = addresses, timeout

    def connect(self) -> None:
        self.sock = _connect(self._addresses, self._seconds)


class _HTTPSConnection(http.client.HTTPSConnection):
    """TLS to addresses already checked; the certificate must name the host."""

    def __init__(self, host: str, port: int, addresses: Sequence[tuple[int, Any]],
                 timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._addresses, self._seconds, self._tls = addresses, timeout, context

    def connect(self) -> None:
        self.sock = self._tls.wrap_socket(_connect(self._addresses, self._seconds),
                                          server_hostname=self.host)


def _retry_after(value: str | None) -> float | None:
    """The seconds a ``Retry-After`` header asks for (a number or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


class _Client:
    """HTTP GET with the checks, the pauses and the retries of ``kg fetch``."""

    def __init__(self, settings: Settings, policy: AddressPolicy) -> None:
        self._settings, self._policy = settings, policy
        self._robots: dict[str, RobotFileParser | _Failure | None] = {}
        self._delay: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._tls = ssl.create_default_context()

    def get(self, url: str) -> _Response:
        """The response to a GET of ``url``, after redirects.

        Raises ``_Skip`` (robots.txt disallows it, a private address, too large, an
        HTTP error) or ``_Failure`` (still 429/5xx after the retries, no connection).
        """
        current = url
        for _ in range(self._settings.fetch_max_redirects + 1):
            if not self._allowed(current):
                raise _Skip("robots.txt disallows it")
            status, headers, body = self._retrying(current, self._settings.fetch_max_bytes)
            location = headers.get("Location")
            if status in _REDIRECTS and location:
                current = urldefrag(urljoin(current, location.strip())).url
                if urlsplit(current).scheme not in ("http", "https"):
                    raise _Skip(f"redirected to {current}, not an http(s) URL")
                continue
            if status != 200:
                raise _Skip(f"HTTP {status}")
            return _Response(current, headers.get("Content-Type", ""), body, _now(),
                             url if current != url else None)
        raise _Skip(f"more than {self._settings.fetch_max_redirects} redirects")

    def _allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's origin lets ``borderkg`` read it."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                self._robots[origin] = self._read_robots(origin)
            except _Failure as failure:
                self._robots[origin] = failure
            except _Skip:
                self._robots[origin] = None  # a refused address: the page's request fails too
        robots = self._robots[origin]
        if isinstance(robots, _Failure):
            raise _Failure(f"robots.txt of {parts.netloc} could not be read ({robots})")
        return robots is None or robots.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        """The rules of ``origin``; ``None`` when it has none (a 4xx answer)."""
        url = f"{origin}/robots.txt"
        for _ in range(self._settings.fetch_max_redirects + 1):
            status, headers, body = self._retrying(url, _ROBOTS_MAX_BYTES, truncate=True)
            location = headers.get("Location")
            if status in _REDIRECTS and location:
                url = urljoin(url, location.strip())
                continue
            if 400 <= status < 500:
                return None
            if status != 200:
                raise _Failure(f"HTTP {status}")
            rules = RobotFileParser(url)
            rules.parse(body.decode("utf-8", errors="replace").splitlines())
            delay = rules.crawl_delay(ROBOTS_AGENT)
            if delay is not None:
                self._delay[_host(origin)] = max(self._settings.fetch_delay, float(delay))
            return rules
        return None

    def _retrying(self, url: str, max_bytes: int,
                  truncate: bool = False) -> tuple[int, email.message.Message, bytes]:
        """One request, tried again on 429, 5xx and broken connections."""
        settings = self._settings
        for attempt in range(settings.fetch_retries + 1):
            wait = settings.fetch_backoff * 2 ** attempt
            try:
                status, headers, body = self._request(url, max_bytes, truncate)
            except ssl.SSLCertVerificationError as error:
                raise _Failure(f"its TLS certificate is not valid ({error.verify_message})") \
                    from None
            except socket.gaierror as error:
                raise _Failure(f"{_host(url)} cannot be resolved ({error.strerror})") from None
            except (OSError, http.client.HTTPException) as error:
                problem = f"{type(error).__name__}: {error}".rstrip(": ")
            else:
                if status != 429 and status < 500:
                    return status, headers, body
                problem = f"HTTP {status}"
                wait = _retry_after(headers.get("Retry-After")) or wait
            if attempt == settings.fetch_retries:
                break
            if wait > settings.fetch_max_wait:
                raise _Failure(f"{problem}; the server asks for a pause of {wait:.0f} s")
            time.sleep(wait)
        raise _Failure(f"{problem} after {settings.fetch_retries + 1} tries")

    def _addresses(self, host: str, port: int) -> list[tuple[int, Any]]:
        """Every address ``host`` resolves to, if the policy allows all of them."""
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        for *_, address in found:
            if not self._policy.permits(str(address[0])):
                raise _Skip(f"{host} is at {address[0]}, a private, loopback, link-local or "
                            f"reserved address (--allow-private allows it)")
        return [(family, address) for family, _, _, _, address in found]

    def _wait_turn(self, host: str) -> None:
        delay = self._delay.get(host, self._settings.fetch_delay)
        pause = self._last.get(host, float("-inf")) + delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)

    def _request(self, url: str, max_bytes: int,
                 truncate: bool) -> tuple[int, email.message.Message, bytes]:
        """A single GET; the body of a 200 answer only, read up to ``max_bytes``."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Skip("not an http(s) URL")
        try:
            host = parts.hostname.encode("idna").decode("ascii")
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except (UnicodeError, ValueError) as error:
            raise _Skip(f"not a valid URL ({error})") from None
        addresses = self._addresses(host, port)
        timeout = self._settings.fetch_timeout
        connection: http.client.HTTPConnection = (
            _HTTPSConnection(host, port, addresses, timeout, self._tls)
            if parts.scheme == "https" else _HTTPConnection(host, port, addresses, timeout))
        self._wait_turn(host)
        try:
            # Links as written in feeds may hold spaces or non-ASCII letters.
            target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                           safe="/?=&;:@!$'()*+,-._~%")
            connection.request("GET", target,
                               headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT,
                                        "Accept-Encoding": "identity", "Connection": "close"})
            response = connection.getresponse()
            body = b""
            if response.status == 200:
                body = _read_limited(response, max_bytes, truncate, time.monotonic() + timeout)
            return response.status, response.headers, body
        finally:
            connection.close()
            self._last[host] = time.monotonic()


def _read_limited(response: http.client.HTTPResponse, max_bytes: int, truncate: bool,
                  deadline: float) -> bytes:
    """The body, or ``_Skip`` past ``max_bytes`` (or its first ``max_bytes`` if ``truncate``)."""
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes and not truncate:
        raise _Skip(f"larger than {max_bytes:,} bytes ({int(length):,})")
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError("the response took too long")
    if truncate:
        return b"".join(chunks)[:max_bytes]
    raise _Skip(f"larger than {max_bytes:,} bytes")


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    """A gzipped body (``sitemap.xml.gz``), decompressed up to ``max_bytes``."""
    try:
        inflated = zlib.decompressobj(wbits=31).decompress(body, max_bytes + 1)
    except zlib.error as error:
        raise _Skip(f"broken gzip data ({error})") from None
    if len(inflated) > max_bytes:
        raise _Skip(f"larger than {max_bytes:,} bytes once decompressed")
    return inflated


def _listed_date(raw: str | None) -> str | None:
    """The date of a feed's or sitemap's timestamp (RFC 822 or ISO 8601), as written."""
    if not raw:
        return None
    try:
        return email.utils.parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError):
        date = metadata_fields({"date": raw}).get("date")
        return date if date and _DATE.fullmatch(date) else None


def _sitemap(root: Any, base: str | None, source: str) -> tuple[list[_Link], list[_Link]]:
    """The pages and the sitemaps a sitemap (or sitemap index) lists."""
    from lxml import etree

    pages: list[_Link] = []
    sitemaps: list[_Link] = []
    for entry in root:
        if not isinstance(entry.tag, str):
            continue
        location = next((child.text for child in entry
                         if isinstance(child.tag, str)
                         and etree.QName(child).localname == "loc" and child.text), None)
        url = _absolute(location.strip(), base) if location else None
        if url is None:
            continue
        if etree.QName(entry).localname == "sitemap":
            sitemaps.append(_Link(url, source))
        elif etree.QName(entry).localname == "url":
            news = f"{{{_SITEMAP_NEWS}}}"
            hints = {"title": entry.findtext(f".//{news}title"),
                     "publication": entry.findtext(f".//{news}publication/{news}name"),
                     "date": _listed_date(entry.findtext(f".//{news}publication_date"))}
            pages.append(_Link(url, source, metadata_fields(hints)))
    return pages, sitemaps


def _feed(body: bytes, base: str | None, source: str) -> list[_Link]:
    """The pages an RSS or Atom feed links to, with the title, author and date it gives."""
    import feedparser

    headers = {"content-location": base} if base else {}
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    outlet = parsed.feed.get("title")
    links = []
    for entry in parsed.entries:
        url = _absolute(entry.get("link"), base)
        if url is not None:
            hints = {"title": entry.get("title"), "author": entry.get("author"),
                     "publication": outlet, "date": _listed_date(entry.get("published")),
                     "guid": entry.get("id")}
            links.append(_Link(url, source, metadata_fields(hints)))
    return links


def _listing(body: bytes, content_type: str, base: str | None,
             source: str) -> tuple[str, list[_Link], list[_Link]] | None:
    """``(kind, pages, sitemaps)`` when ``body`` is a feed or a sitemap, else ``None``."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        root = None
    name = etree.QName(root).localname if root is not None else ""
    if name in ("urlset", "sitemapindex"):
        pages, sitemaps = _sitemap(root, base, source)
        return ("sitemap index" if name == "sitemapindex" else "sitemap"), pages, sitemaps
    if name in ("rss", "feed", "RDF") or any(kind in content_type for kind in ("rss", "atom")):
        return "feed", _feed(body, base, source), []
    return None


def _absolute(url: str | None, base: str | None) -> str | None:
    """An http(s) URL without its fragment, relative ones resolved against ``base``."""
    if not url:
        return None
    full = urldefrag(urljoin(base, url) if base else url).url
    parts = urlsplit(full)
    return full if parts.scheme in ("http", "https") and parts.hostname else None


def _charset(content_type: str) -> str | None:
    header = email.message.Message()
    header["Content-Type"] = content_type
    return header.get_content_charset()


def _page_text(body: bytes, content_type: str) -> str:
    """The page as text: the charset its header names, else as ingest decodes files."""
    charset = _charset(content_type)
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    text = decode_text(body)
    if text is None:
        raise _Skip("binary content")
    return text


def _article(link: _Link, response: _Response, source: str | None) -> dict[str, str]:
    """The record of an article: what the page says of itself, then what its listing said."""
    media_type = response.content_type.split(";")[0].strip().lower()
    if media_type and media_type not in _PAGE_TYPES:
        raise _Skip(f"not a web page ({media_type})")
    text, page = html_article(_page_text(response.body, response.content_type), response.url)
    if not text.strip():
        raise _Skip("no article text found in the page")
    # Without a site name in the page, trafilatura names the host: a listing knows better.
    host = _WEB_HOST.sub("", urlsplit(response.url).netloc)
    guess = {"publication": page.pop("publication")} if page.get("publication") == host else {}
    fields = {**guess, **link.hints, **page}
    record = {"id": document_id(response.url), "url": response.url}
    record.update((name, fields[name]) for name in ("title", "publication", "author", "date",
                                                    "canonical_url", "guid")
                  if name in fields)
    record["fetched"] = response.fetched
    if source:
        record["source"] = source
    if response.redirected_from:
        record["redirected_from"] = response.redirected_from
    record["text"] = text
    return record


def _drop_partial_line(path: Path) -> None:
    """Cut a file back to its last complete line (what a kill in the middle of a write left)."""
    with open(path, "rb+") as stream:
        end = stream.seek(0, os.SEEK_END)
        position = end
        while position > 0:
            start = max(0, position - 65536)
            stream.seek(start)
            newline = stream.read(position - start).rfind(b"\n")
            if newline >= 0:
                position = start + newline + 1
                break
            position = start
        if position != end:
            stream.truncate(position)


class _Journal:
    """The articles and the state file of an output folder, and the URLs done.

    One ``kg fetch`` at a time writes to a folder: the state file is locked.
    """

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.articles, self.state = out / ARTICLES, out / STATE
        self._state: IO[bytes] = open(self.state, "ab")  # noqa: SIM115 -- closed by close()
        try:
            fcntl.flock(self._state.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._state.close()
            raise BorderKGError(f"another kg fetch is writing to {out}: wait for it to end") \
                from None
        self.done: set[str] = set()
        for path, keys in ((self.state, ("url", "final")),
                           (self.articles, ("url", "redirected_from"))):
            if path.exists():
                _drop_partial_line(path)
                self.done.update(self._urls(path, keys))
        self._articles: IO[bytes] = open(self.articles, "ab")  # noqa: SIM115

    @staticmethod
    def _urls(path: Path, keys: tuple[str, ...]) -> Iterator[str]:
        with open(path, "rb") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    yield from (record[k] for k in keys if isinstance(record.get(k), str))

    @staticmethod
    def _append(stream: IO[bytes], record: dict[str, str]) -> None:
        stream.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        stream.flush()
        os.fsync(stream.fileno())

    def save(self, requested: str, record: dict[str, str]) -> None:
        self._append(self._articles, record)
        self._append(self._state, {"url": requested, "final": record["url"], "status": "saved",
                                   "id": record["id"]})
        self.done.update((requested, record["url"]))

    def skip(self, url: str, reason: str) -> None:
        self._append(self._state, {"url": url, "status": "skipped", "reason": reason})
        self.done.add(url)

    def close(self) -> None:
        self._articles.close()
        self._state.close()


@dataclass(frozen=True)
class _Source:
    kind: str  # "url", "warc" or "file"
    name: str


def _source(given: str) -> _Source:
    """What a SOURCE argument is; a missing file is an error before anything is fetched."""
    parts = urlsplit(given)
    if parts.scheme.lower() in ("http", "https"):
        if not parts.hostname:
            raise BorderKGError(f"{given}: a URL without a host name")
        return _Source("url", urldefrag(given).url)
    path = Path(given)
    if path.is_dir():
        raise BorderKGError(f"{given}: a folder; a source is a URL, a file of URLs or a WARC file")
    if not path.is_file():
        raise BorderKGError(f"{given}: no such file, and not an http(s) URL "
                            f"(a feed, a sitemap, a page, a file of URLs or a WARC file)")
    kind = "warc" if path.name.lower().endswith(WARC_SUFFIXES) else "file"
    return _Source(kind, given)


class _Crawl:
    """One run: the sources in order, each page once."""

    def __init__(self, journal: _Journal, client: _Client, settings: Settings) -> None:
        self._journal, self._client, self._settings = journal, client, settings
        self._listings: set[str] = set()

    def source(self, source: _Source) -> Iterator[Outcome]:
        if source.kind == "url":
            yield from self._visit(_Link(source.name), 0)
        elif source.kind == "warc":
            yield from self._warc(Path(source.name))
        else:
            yield from self._file(Path(source.name))

    def _visit(self, link: _Link, depth: int) -> Iterator[Outcome]:
        if link.url in self._listings:
            return
        if link.url in self._journal.done:
            yield Outcome(link.url, "known")
            return
        try:
            response = self._client.get(link.url)
            body = response.body
            if body[:2] == b"\x1f\x8b":
                body = _gunzip(body, self._settings.fetch_max_bytes)
            listing = _listing(body, response.content_type, response.url, response.url)
            if listing is None:
                if response.url in self._journal.done:
                    yield Outcome(link.url, "known")
                    return
                record = _article(link, _Response(response.url, response.content_type, body,
                                                  response.fetched, response.redirected_from),
                                  link.source)
                self._journal.save(link.url, record)
                yield Outcome(link.url, "saved", record["id"])
                return
        except _Skip as skip:
            self._journal.skip(link.url, str(skip))
            yield Outcome(link.url, "skipped", str(skip))
            return
        except _Failure as failure:
            yield Outcome(link.url, "failed", str(failure))
            return
        yield from self._listed(link.url, response.url, listing, depth)

    def _listed(self, url: str, final: str, listing: tuple[str, list[_Link], list[_Link]],
                depth: int) -> Iterator[Outcome]:
        kind, pages, sitemaps = listing
        if final in self._listings:
            return
        self._listings.update((url, final))
        if depth >= _MAX_LISTING_DEPTH:
            yield Outcome(url, "skipped", f"a {kind} nested {depth} listings deep")
            return
        yield Outcome(url, "listing", f"{kind}: {len(pages) + len(sitemaps)} links")
        for link in (*sitemaps, *pages):
            yield from self._visit(link, depth + 1)

    def _file(self, path: Path) -> Iterator[Outcome]:
        """A feed or sitemap saved as a file, else a file of URLs (one a line, # comments)."""
        data = path.read_bytes()
        listing = _listing(data, "", None, str(path))
        if listing is not None:
            yield from self._listed(str(path), str(path), listing, 0)
            return
        text = decode_text(data) or ""
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            url = _absolute(line, None)
            if url is None:
                yield Outcome(line, "skipped", f"{path}:{number}: not an http(s) URL")
            else:
                yield from self._visit(_Link(url, str(path)), 1)

    def _warc(self, path: Path) -> Iterator[Outcome]:
        """The web pages a WARC (or ARC) archive holds: its 200 answers of HTML."""
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        limit = self._settings.fetch_max_bytes
        try:
            with open(path, "rb") as stream:
                for record in ArchiveIterator(stream, arc2warc=True):
                    url = _absolute(record.rec_headers.get_header("WARC-Target-URI"), None)
                    if (record.rec_type != "response" or record.http_headers is None
                            or record.http_headers.get_statuscode() != "200" or url is None):
                        continue
                    content_type = record.http_headers.get_header("Content-Type") or ""
                    if content_type.split(";")[0].strip().lower() not in ("", *_PAGE_TYPES):
                        continue
                    if url in self._journal.done:
                        yield Outcome(url, "known")
                        continue
                    body = record.content_stream().read(limit + 1)
                    fetched = record.rec_headers.get_header("WARC-Date") or ""
                    try:
                        if len(body) > limit:
                            raise _Skip(f"larger than {limit:,} bytes")
                        article = _article(_Link(url, str(path)),
                                           _Response(url, content_type, body, fetched),
                                           str(path))
                    except _Skip as skip:
                        self._journal.skip(url, str(skip))
                        yield Outcome(url, "skipped", str(skip))
                        continue
                    self._journal.save(url, article)
                    yield Outcome(url, "saved", article["id"])
        except ArchiveLoadFailed as error:
            raise BorderKGError(f"{path}: not a WARC file ({error})") from None


def fetch_corpus(sources: Sequence[str], out: str | os.PathLike[str], *,
                 policy: AddressPolicy = AddressPolicy(), limit: int | None = None,
                 settings: Settings = SETTINGS) -> Iterator[Outcome]:
    """Read the articles that feeds, sitemaps, pages, files of URLs and WARC files name.

    Each article becomes a line of ``out/articles.jsonl`` (``id``, ``url``, ``title``,
    ``publication``, ``author``, ``date``, ``canonical_url``, ``guid`` where known,
    ``fetched``, ``source``, ``text``); ``out/fetch-state.ndjson`` records every URL done, so that a run after a
    kill, or a later run over the same sources, fetches only what is new.

    Parameters
    ----------
    sources : sequence of str
        In order: http(s) URLs (a feed, a sitemap or sitemap index, or a page), files of
        URLs (one a line; a saved feed or sitemap works too) and WARC files.
    out : path
        The folder to write to; created if needed.
    policy : AddressPolicy
        The addresses that may be connected to (public ones only, by default).
    limit : int, optional
        Stop after this many new articles.
    settings : Settings
        The ``fetch_*`` pauses, retries and limits.

    Yields
    ------
    Outcome
        What became of each URL, as it happens.

    Raises
    ------
    BorderKGError
        A source that is neither an http(s) URL nor a file, a file that is not a WARC
        file, or another ``kg fetch`` writing to ``out``.
    """
    plan = [_source(given) for given in sources]
    journal = _Journal(Path(out))
    try:
        crawl = _Crawl(journal, _Client(settings, policy), settings)
        saved = 0
        for source in plan:
            for outcome in crawl.source(source):
                yield outcome
                saved += outcome.status == "saved"
                if limit is not None and saved >= limit:
                    return
    finally:
        journal.close()
