"""Settings: every default sourcetrace uses lives here."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

__all__ = [
    "DB_URL_ENV",
    "DEFAULT_DB_URL",
    "DEFAULT_SERVE_SETTINGS",
    "DEFAULT_SETTINGS",
    "DEFAULT_STORE_SETTINGS",
    "DEFAULT_USER_AGENT",
    "TOKEN_ENV",
    "ServeSettings",
    "Settings",
    "StoreSettings",
]

MIB = 1024 * 1024

try:
    _VERSION = version("sourcetrace")
except PackageNotFoundError:  # running from a source tree without installing
    _VERSION = "0.0.0+unknown"

# Sites identify polite crawlers by name, version and a page saying who runs them.
CONTACT_URL = "https://github.com/sourcetrace/sourcetrace"
DEFAULT_USER_AGENT = f"sourcetrace/{_VERSION} (+{CONTACT_URL})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Options for reading and extracting pages.

    Attributes:
        max_input_bytes: Largest input accepted; bigger ones are refused with
            ``input.too-large`` before being read whole, so memory stays bounded. 10 MiB
            is six times the largest page of AEB and WCXB dev (1.6 MB); extracting and
            analysing a page costs about 12 MB of memory per MB of a typical large page
            and 100 MB per MB of pure markup and text (``bench/bigpage.py``, docs/fields.md).
        min_body_chars: An extracted body shorter than this is ``extract.no-article``.
        max_markup_depth: A page nested deeper than the HTML parser reads (2048 levels) is
            parsed again with the tags below this depth dropped, their text kept.
        shallow_markup_depth: The depth a page is flattened to when walking its tree
            exhausted Python's recursion limit (``extract.too-deep`` if it still does).
        favor_precision: Ask trafilatura for its precision mode. Off by default: measured
            on AEB and WCXB, trafilatura's balanced mode followed by sourcetrace's furniture
            rules beats precision mode (which cuts real paragraphs on many sites).
        fast: Skip trafilatura's fallback extractors (readability, jusText comparison);
            faster, but loses recall on unusual layouts.
        recall_fallback_ratio: When the precise body holds less than this share of the
            page's visible text and fewer than ``recall_fallback_chars`` characters,
            extraction is retried in recall mode (trafilatura sometimes cuts real bodies).
        recall_fallback_chars: See ``recall_fallback_ratio``.
        binary_sniff_bytes: How many leading bytes are inspected to tell text from binary.
        user_agent: The ``User-Agent`` sent with every request: name, version, contact URL.
        timeout_s: Seconds allowed to connect, and between two reads of one response.
        deadline_s: Seconds allowed for one whole response body (stops slow drips).
        retries: Further attempts after a 429, a 5xx, a timeout or a refused connection.
        backoff_s: First retry delay; doubles on each further attempt.
        max_retry_wait_s: Longest wait honoured (``Retry-After`` or backoff); a server asking
            for more is given up on with ``fetch.http-status``.
        per_host_interval_s: Least time between two requests to the same host.
        max_redirects: Redirect hops followed before ``fetch.too-many-redirects``.
        allow_private: Fetch private, loopback, link-local and other non-public addresses
            (off: refused with ``fetch.private-address``, checked on every redirect hop).
        obey_robots: Honour robots.txt (off only for sites you run yourself).
        max_sitemap_urls: Most page URLs taken from one sitemap source (indexes included).
        max_sitemap_depth: Most levels of sitemap indexes followed below the first sitemap.
        max_feed_entries: Most entries taken from one RSS or Atom feed.
        max_warc_header_bytes: Room for one WARC record's WARC and HTTP headers on top of
            ``max_input_bytes`` (what is held of a record is bounded by their sum); a WARC
            header block longer than this makes the record damaged.
        max_xml_prolog_bytes: How far into a document its XML prolog (declaration,
            comments, processing instructions, doctype) is read to find the root element
            that tells a feed or sitemap from a page.
        aliases: A TOML file of entity aliases that extends the shipped table
            (``sourcetrace/analyze/data/aliases.toml``); ``None`` for the shipped one alone.
        analysis_window_chars: An article longer than this is analysed in windows of
            whole paragraphs (each parsed on its own, spans still into the whole text):
            the parser needs about 15 KB per token, and refuses 1,000,000 characters.
        analysis_batch_chars: Most characters parsed in one batch by ``analyze_many``.
    """

    max_input_bytes: int = 10 * MIB
    min_body_chars: int = 80
    max_markup_depth: int = 1000
    shallow_markup_depth: int = 200
    favor_precision: bool = False
    fast: bool = False
    recall_fallback_ratio: float = 0.08
    recall_fallback_chars: int = 600
    binary_sniff_bytes: int = 4096
    user_agent: str = DEFAULT_USER_AGENT
    timeout_s: float = 15.0
    deadline_s: float = 60.0
    retries: int = 2
    backoff_s: float = 1.0
    max_retry_wait_s: float = 60.0
    per_host_interval_s: float = 1.0
    max_redirects: int = 5
    allow_private: bool = False
    obey_robots: bool = True
    max_sitemap_urls: int = 10_000
    max_sitemap_depth: int = 3
    max_feed_entries: int = 1_000
    max_warc_header_bytes: int = 64 * 1024
    max_xml_prolog_bytes: int = 64 * 1024
    aliases: str | None = None
    analysis_window_chars: int = 20_000
    analysis_batch_chars: int = 100_000


DEFAULT_SETTINGS = Settings()

# The embedded default store: one SQLite file in the working directory.
DEFAULT_DB_URL = "sqlite:///sourcetrace.db"
DB_URL_ENV = "SOURCETRACE_DB"


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreSettings:
    """Options for the store: where it lives and how near-duplicates are found.

    Attributes:
        db_url: The database: a SQLAlchemy URL (``sqlite:///path``,
            ``postgresql://user@host/db``) or a bare path to a SQLite file. The CLI's
            ``--db`` and then ``$SOURCETRACE_DB`` override it.
        near_duplicate_threshold: Estimated Jaccard similarity of word shingles above
            which an article is linked to an earlier one as its near-duplicate
            (a syndicated wire copy); it is stored either way, never dropped.
        shingle_words: Words per shingle for near-duplicate detection.
        minhash_permutations: MinHash permutations per article (more: finer estimates,
            slower); the LSH band layout is derived from it and the threshold.
        busy_timeout_s: How long a SQLite writer waits for another one before failing.
        search_rank_window: Search ranks at most this many matches of a query, the
            newest (PostgreSQL takes title matches first); a query with fewer matches
            has them all ranked. Ranking costs time per match (bm25 on SQLite, reading
            each lead's tsvector on PostgreSQL), so a word found in most articles would
            otherwise be slow, for scores that barely differ.
        stale_run_after_s: A run still ``running`` that was started on another host (so its
            process cannot be checked) is marked ``interrupted`` once it is this old, when
            a writing run starts; one on this host is marked as soon as its process is gone.
    """

    db_url: str = DEFAULT_DB_URL
    near_duplicate_threshold: float = 0.8
    shingle_words: int = 3
    minhash_permutations: int = 128
    busy_timeout_s: float = 30.0
    search_rank_window: int = 1000
    stale_run_after_s: float = 24 * 3600.0


DEFAULT_STORE_SETTINGS = StoreSettings()


# The ingest token may come from this environment variable instead of a file.
TOKEN_ENV = "SOURCETRACE_TOKEN"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeSettings:
    """Options for ``sourcetrace serve``.

    Attributes:
        db_url: The store to read (see ``sourcetrace.store.resolve_db_url``); ``None``
            for ``$SOURCETRACE_DB``, else ``./sourcetrace.db``.
        token: The bearer token ``POST /api/ingest`` requires; ``None`` disables the
            endpoint, so a server is read-only unless a token is configured.
        max_body_bytes: Largest request body accepted (``413`` beyond it).
        page_size: Rows a listing shows by default.
        max_page_size: Most rows a ``?limit=`` may ask for.
        allow_private: Let ``/api/ingest`` fetch private and loopback URLs (off: the
            fetcher's SSRF guard refuses them).
        allowed_hosts: Host names (``name`` for any port, ``name:port`` for one) the server
            answers to besides ``localhost``, ``127.0.0.1``, ``[::1]`` and the address it
            is bound to; any other ``Host`` header is refused (``serve.bad-host``), so a
            site that points its own name at this server (DNS rebinding) cannot read it.
            ``("*",)`` answers to every host.
    """

    db_url: str | None = None
    token: str | None = None
    max_body_bytes: int = 2 * MIB
    page_size: int = 50
    max_page_size: int = 500
    allow_private: bool = False
    allowed_hosts: tuple[str, ...] = ()


DEFAULT_SERVE_SETTINGS = ServeSettings()
