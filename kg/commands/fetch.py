"""``kg fetch``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from kg.settings import SETTINGS

HELP = "build a corpus from RSS/Atom feeds, sitemaps, files of URLs and WARC files"
EXAMPLES = (
    "kg fetch https://example.org/feed.xml --out fetched/   # then: kg build fetched/",
    "kg fetch https://example.org/sitemap.xml urls.txt crawl.warc.gz --out fetched/",
    "kg fetch urls.txt --out fetched/ --limit 100   # run it again to resume or to add new ones",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="an http(s) URL (feed, sitemap or sitemap index, or a page), a file "
                        "of URLs (one a line) or a WARC file")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="folder for articles.jsonl and fetch-state.ndjson")
    parser.add_argument("--limit", type=int, metavar="N", help="stop after N new articles")
    parser.add_argument("--delay", type=float, default=SETTINGS.fetch_delay, metavar="SECONDS",
                        help="pause between two requests to one host (default: "
                        f"{SETTINGS.fetch_delay:g}; a longer robots.txt Crawl-delay wins)")
    parser.add_argument("--max-bytes", type=int, default=SETTINGS.fetch_max_bytes, metavar="N",
                        help=f"largest response read (default: {SETTINGS.fetch_max_bytes:,})")
    parser.add_argument("--allow-private", action="store_true",
                        help="also connect to private, loopback, link-local and reserved "
                        "addresses (refused by default)")
    parser.add_argument("--allow-network", action="append", default=[], metavar="CIDR",
                        help="also connect to this private network (10.1.0.0/16); repeatable")
    parser.add_argument("--quiet", action="store_true",
                        help="print only failures and the summary, not each URL")


def run(args: argparse.Namespace) -> int:
    import ipaddress
    from dataclasses import replace

    from kg.errors import BorderKGError
    from kg.fetch import ARTICLES, AddressPolicy, fetch_corpus

    try:
        networks = tuple(ipaddress.ip_network(n, strict=False) for n in args.allow_network)
    except ValueError as error:
        raise BorderKGError(f"--allow-network: {error}") from None
    if args.delay < 0 or args.max_bytes < 1 or (args.limit is not None and args.limit < 1):
        raise BorderKGError("--delay must be 0 or more, --max-bytes and --limit 1 or more")
    settings = replace(SETTINGS, fetch_delay=args.delay, fetch_max_bytes=args.max_bytes)
    policy = AddressPolicy(allow_private=args.allow_private, networks=networks)
    counts: Counter[str] = Counter()
    for outcome in fetch_corpus(args.sources, args.out, policy=policy, limit=args.limit,
                                settings=settings):
        counts[outcome.status] += 1
        if outcome.status == "failed" or (not args.quiet and outcome.status != "known"):
            detail = f": {outcome.detail}" if outcome.detail else ""
            print(f"{outcome.status} {outcome.url}{detail}", file=sys.stderr)
    retry = "; run the same command again to retry them" if counts["failed"] else ""
    print(f"fetched {counts['saved']} new articles -> {args.out}/{ARTICLES} "
          f"({counts['known']} already there, {counts['skipped']} skipped, "
          f"{counts['failed']} failed{retry})")
    print(f"build the graph: kg build {args.out} --out build/")
    return 1 if counts["failed"] else 0
