"""The data model: a handful of frozen dataclasses every stage reads and writes.

Annotations are spans over one canonical text: ``Article.text`` is stored once, and
paragraphs (later: sources, cues, contents, time expressions) are ``(start, end)``
character offsets into it, with ``0 <= start < end <= len(text)``. An entity's mention
may also be in an image caption: its ``field`` names the string its span indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "TEXT_FIELD",
    "TITLE_FIELD",
    "Analysis",
    "Article",
    "Attribution",
    "AttributionKind",
    "BatchReport",
    "DateEvidence",
    "DateInference",
    "Entity",
    "EntityType",
    "Failure",
    "Image",
    "Mention",
    "Page",
    "PublishedAt",
    "Removed",
    "RosterEntry",
    "RunReport",
    "SourceKind",
    "Span",
    "TimeRef",
    "caption_field",
    "field_text",
    "to_dict",
]

# The field an annotation points into when it is the body: ``Article.text``.
TEXT_FIELD = "text"
TITLE_FIELD = "title"
_CAPTION_FIELD = re.compile(r"images\[(\d+)\]\.caption")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into a canonical text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"invalid span ({self.start}, {self.end}): need 0 <= start < end")

    def of(self, text: str) -> str:
        """Return the slice of ``text`` this span covers."""
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Page:
    """A page as it arrived, before extraction.

    Attributes:
        content: The raw bytes (HTML as served) or text (already decoded).
        source: Where it came from: a file path, a URL, ``-`` for stdin.
        url: The page's own URL when known (a file's path is not a URL).
        fetched_at: When it was fetched or read, timezone-aware.
        content_type: The declared media type (``text/html``, ``text/plain``), if any,
            with its parameters (``text/html; charset=utf-8``).
    """

    content: bytes | str
    source: str
    url: str | None = None
    fetched_at: datetime | None = None
    content_type: str | None = None

    def __post_init__(self) -> None:
        if self.fetched_at is not None and self.fetched_at.tzinfo is None:
            raise ValueError("Page.fetched_at must be timezone-aware")


class DateEvidence(StrEnum):
    """Where a publication date was read from."""

    METADATA = "metadata"  # structured page metadata (JSON-LD, OpenGraph, <meta>, <time>)
    HTMLDATE = "htmldate"  # htmldate's heuristics over the markup, URL and text
    TEXT = "text"  # inferred from the article text


@dataclass(frozen=True, slots=True)
class PublishedAt:
    """A publication time with the evidence it came from.

    Attributes:
        value: The time, timezone-aware (UTC when the page gives only a day).
        evidence: The kind of evidence.
        detail: What exactly was read: a meta property, the matched text.
        precision: ``"day"`` when only the date is known, ``"second"`` for a timestamp.
    """

    value: datetime
    evidence: DateEvidence
    detail: str = ""
    precision: str = "day"

    def __post_init__(self) -> None:
        if self.value.tzinfo is None:
            raise ValueError("PublishedAt.value must be timezone-aware")


@dataclass(frozen=True, slots=True)
class Image:
    """An image of the article, kept as fields rather than body text.

    Attributes:
        url: The image address, absolute where the page's URL allows.
        caption: The caption without its credit.
        credit: The photo credit (``Profimedia``, ``Reuters/John Doe``).
    """

    url: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of page furniture cut from the body, and the rule that cut it.

    Attributes:
        text: The text that was removed.
        rule: The name of the rule (``furniture.related-list``, ``text.repeated-title``).
    """

    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class Article:
    """One clean article: the canonical body text plus its metadata.

    Attributes:
        text: The body, paragraphs joined by a blank line; stored once.
        paragraphs: One span per paragraph, in order, into ``text``.
        source: Where the page came from (path, URL, ``-``).
        url: The page's URL when known.
        canonical_url: The URL the page declares canonical (``<link rel=canonical>``).
        site_name: The outlet's name as the page gives it.
        section: The section label (``Politics``).
        title: The headline.
        subtitle: The standfirst or description, when the page has one.
        authors: Byline names, in order.
        published_at: The publication time with its evidence, when known.
        language: ISO 639-1 code, when declared or detected.
        images: Images with captions and credits.
        removed: Every piece of furniture cut from the page, with its rule.
        extractor: Name and version of the extractor that made this record.
        fetched_at: When its page was fetched or read (a WARC record's date for an
            archived page), timezone-aware: the day a text's yearless dates are read
            near when the publication day is inferred from the text.
    """

    text: str
    paragraphs: tuple[Span, ...]
    source: str
    url: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    section: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    published_at: PublishedAt | None = None
    language: str | None = None
    images: tuple[Image, ...] = ()
    removed: tuple[Removed, ...] = ()
    extractor: str = ""
    fetched_at: datetime | None = None

    def __post_init__(self) -> None:
        for span in self.paragraphs:
            if span.end > len(self.text):
                raise ValueError(f"paragraph {span} runs past the text ({len(self.text)} chars)")

    def paragraph_texts(self) -> tuple[str, ...]:
        """Return the text of each paragraph."""
        return tuple(span.of(self.text) for span in self.paragraphs)

    @classmethod
    def from_paragraphs(cls, paragraphs: tuple[str, ...] | list[str], **fields: object) -> Article:
        """Build an article whose text is ``paragraphs`` joined by blank lines."""
        spans: list[Span] = []
        parts: list[str] = []
        offset = 0
        for para in paragraphs:
            if not para:
                continue
            if parts:
                offset += 2
            spans.append(Span(offset, offset + len(para)))
            parts.append(para)
            offset += len(para)
        return cls(text="\n\n".join(parts), paragraphs=tuple(spans), **fields)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Failure:
    """A document a stage could not handle: data, not ``None``.

    Attributes:
        source: The input it concerns.
        stage: The stage that failed (``read``, ``extract``).
        code: The stable error code (see ``sourcetrace.errors``).
        message: A readable explanation, with what to do next where known.
    """

    source: str
    stage: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class BatchReport:
    """The outcome of a batch: counts and every failure.

    Attributes:
        ok: Documents processed.
        skipped: Documents deliberately not processed (duplicates, filtered).
        failures: One record per failed document.
    """

    ok: int = 0
    skipped: int = 0
    failures: tuple[Failure, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> int:
        """Return how many documents failed."""
        return len(self.failures)

    @property
    def total(self) -> int:
        """Return how many documents the batch saw."""
        return self.ok + self.skipped + self.failed


def to_dict(record: object) -> dict[str, object]:
    """Return a JSON-ready dict of a model record (datetimes as ISO 8601 strings)."""
    if not is_dataclass(record) or isinstance(record, type):
        raise TypeError(f"not a model record: {record!r}")
    return {f.name: _jsonable(getattr(record, f.name)) for f in fields(record)}


def _jsonable(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    return value


class AttributionKind(StrEnum):
    """How the content of an attribution is rendered."""

    DIRECT = "direct"  # the content is one quotation, marks included
    MIXED = "mixed"  # paraphrase holding a quoted fragment
    INDIRECT = "indirect"  # reported speech, no quotation marks
    ACCORDING_TO = "according-to"  # "according to X, ..."
    NO_SOURCE = "no-source"  # a cue without a source: "it was reported that ..."
    BELIEF = "belief"  # a thought or perception: "are seen by X as", "X believes"


class SourceKind(StrEnum):
    """What sort of source an attribution names."""

    PERSON = "person"  # a named person
    ORGANISATION = "organisation-government"  # a named organisation, party or government
    MEDIA = "media"  # a news outlet or agency
    UNNAMED = "unnamed"  # an anonymous or generic source: "a senior official"
    DOCUMENT = "document"  # a report, poll, statement, filing
    PRONOUN = "pronoun"  # he, she, they, who, left unresolved
    NONE = "none"  # the attribution has no source


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said what, through which channel: spans into the article field ``field`` names.

    Attributes:
        source: The source as written (``a senior Ukrainian official``), or ``None``.
        cues: The words that mark the attribution (``told``, ``according to``, ``:``).
        contents: What is attributed; several spans when the content is interrupted.
        kind: Direct, mixed or indirect speech, according-to, no-source or belief.
        source_kind: What sort of source ``source`` is.
        source_text: The text of ``source`` (empty when there is none).
        channel: The outlet that carried the statement (``Reuters``), when named.
        channel_span: Where the channel is named in the text.
        parent: Index of the attribution whose content holds this one, if any.
        source_id: Index into the roster of the source this one resolves to.
        component: Name and version of the component that found it.
        entity_key: The key of the entity the source is, or is affiliated with
            ("a senior Ukrainian official" -> ``ukraine.government``), when there is one.
        said_at: When the statement was made, when the text says so.
        field: What every span of the attribution (source, cues, contents, channel)
            points into: ``text`` (``Article.text``) or ``title`` (``Article.title``,
            the headline).
    """

    source: Span | None
    cues: tuple[Span, ...]
    contents: tuple[Span, ...]
    kind: AttributionKind
    source_kind: SourceKind
    source_text: str = ""
    channel: str | None = None
    channel_span: Span | None = None
    parent: int | None = None
    source_id: int | None = None
    component: str = ""
    entity_key: str | None = None
    said_at: TimeRef | None = None
    field: str = TEXT_FIELD

    def of(self, article: Article, span: Span) -> str:
        """Return the words ``span`` (one of this attribution's spans) covers in its field."""
        return span.of(field_text(article, self.field))


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One source of an article, all its mentions resolved to it.

    Attributes:
        name: The most informative mention (its first non-pronoun one).
        kind: The source's kind, from that mention.
        statements: How many attributions the source is given.
        mentions: Every source span in the body (``Article.text``) resolved to it, in
            text order.
        title_mentions: Every source span in the headline (``Article.title``) resolved to it.
    """

    name: str
    kind: SourceKind
    statements: int
    mentions: tuple[Span, ...]
    title_mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """An article with what the analysis stage found in it.

    Attributes:
        article: The analysed article; spans point into the field their record names.
        attributions: Attributions in text order of their first cue: the body's, then
            the headline's (``field == "title"``), so adding the headline leaves the
            body's indices (``parent``, ``source_id``) as they were.
        roster: The article's sources; ``Attribution.source_id`` indexes it.
        components: ``name.version`` of each component that ran, in order.
        entities: The article's entities, in order of first mention: the body's first,
            then those only the image captions name.
        timerefs: Time expressions in text order, resolved against ``published_at``.
        published_at: The article's metadata date, else the one inferred from its text.
        published_inference: What the text says about the publication day, when the
            metadata gave none.
    """

    article: Article
    attributions: tuple[Attribution, ...]
    roster: tuple[RosterEntry, ...]
    components: tuple[str, ...]
    entities: tuple[Entity, ...] = ()
    timerefs: tuple[TimeRef, ...] = ()
    published_at: PublishedAt | None = None
    published_inference: DateInference | None = None

    @property
    def anonymous_share(self) -> float:
        """Return the share of the roster's sources that are unnamed (0.0 with no sources)."""
        if not self.roster:
            return 0.0
        return sum(entry.kind is SourceKind.UNNAMED for entry in self.roster) / len(self.roster)


@dataclass(frozen=True, slots=True)
class RunReport:
    """The outcome of one run of the pipeline into a store, as recorded there.

    Attributes:
        run_id: The run's id in the store.
        ok: Documents stored.
        skipped: Documents not stored again: pages already in the store (a resumed run)
            and exact duplicates of a stored article's text.
        failures: One record per failed document; each is also a row in the store.
        duration_s: Wall-clock seconds the run took.
        status: ``done``, ``interrupted`` (Ctrl-C, a store fault, or killed: a run left
            ``running`` by a process that is gone is marked so when the next writing run
            starts) or ``running`` (still going, or killed and not yet noticed).
        near_duplicates: Stored articles linked to an earlier near-duplicate.
    """

    run_id: int
    ok: int = 0
    skipped: int = 0
    failures: tuple[Failure, ...] = ()
    duration_s: float = 0.0
    status: str = "done"
    near_duplicates: int = 0

    @property
    def failed(self) -> int:
        """Return how many documents failed."""
        return len(self.failures)

    @property
    def total(self) -> int:
        """Return how many documents the run saw."""
        return self.ok + self.skipped + self.failed


class EntityType(StrEnum):
    """What sort of thing an entity is."""

    PERSON = "person"
    ORGANISATION = "organisation"  # a company, party, agency, institution
    GOVERNMENT = "government"  # a state acting: "Washington", "the Kremlin", "US officials"
    PLACE = "place"  # a city, region or site named as a location
    MEDIA = "media"  # a news outlet or agency


@dataclass(frozen=True, slots=True)
class Mention:
    """One place the article names an entity: in its body or in an image caption.

    Attributes:
        span: Where, in the string ``field`` names.
        text: The surface form as written (``Zelenskiy``, ``the Kremlin``).
        rule: The rule that tied it to its entity (``entity.alias-table``, ``entity.surname``).
        field: The article field the span points into: ``text`` (``Article.text``),
            ``images[i].caption`` (the caption of ``Article.images[i]``) or ``title``
            (the headline, where a headline attribution's source names the entity).
    """

    span: Span
    text: str
    rule: str
    field: str = TEXT_FIELD

    def of(self, article: Article) -> str:
        """Return the slice of the article field this mention's span covers."""
        return self.span.of(field_text(article, self.field))


def caption_field(index: int) -> str:
    """Return the field name of the caption of ``Article.images[index]``."""
    return f"images[{index}].caption"


def field_text(article: Article, name: str) -> str:
    """Return the string an annotation's ``field`` names: the body, the headline or a caption.

    Raises:
        ValueError: the name is neither ``text``, ``title`` (of an article that has one)
            nor the caption of one of the images.
    """
    if name == TEXT_FIELD:
        return article.text
    if name == TITLE_FIELD and article.title is not None:
        return article.title
    match = _CAPTION_FIELD.fullmatch(name)
    index = int(match.group(1)) if match else len(article.images)
    if index >= len(article.images) or article.images[index].caption is None:
        raise ValueError(f"the article has no field {name!r}")
    return article.images[index].caption or ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, government, place or outlet, all its mentions grouped.

    Attributes:
        key: Stable across articles: the slug of the canonical name and the type
            (``volodymyr-zelensky.person``, ``united-states.government``).
        name: The canonical name.
        type: What sort of entity it is.
        aliases: Every distinct surface form the article uses, canonical name first.
        mentions: Every mention, in text order.
        component: Name and version of the component that grouped it.
    """

    key: str
    name: str
    type: EntityType
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]
    component: str = ""


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression and the calendar interval it stands for.

    Attributes:
        span: Where, in ``Article.text``.
        text: The expression as written (``late last week``).
        rule: The rule that found and resolved it (``time.part-of-week``).
        start: First day of the interval, inclusive; ``None`` when open or unresolved.
        end: Last day of the interval, inclusive; ``None`` when open or unresolved.
        granularity: ``day``, ``weekend``, ``week``, ``part-of-week``, ``month``,
            ``year``, ``period`` or ``open`` (``recently``: no start, ends at publication).
        component: Name and version of the component that made it.
    """

    span: Span
    text: str
    rule: str
    start: date | None = None
    end: date | None = None
    granularity: str = "day"
    component: str = ""

    @property
    def resolved(self) -> bool:
        """Return whether the expression was tied to the calendar at all."""
        return self.start is not None or self.end is not None


@dataclass(frozen=True, slots=True)
class DateInference:
    """A publication day inferred from the article text, with its evidence.

    Attributes:
        day: The inferred day, or ``None`` when the text does not pin one.
        confidence: How far to trust it, 0 to 1 (0 when unknown).
        evidence: What was read, one line each (``'Sunday, February 1' pins the year 2026``).
        rule: The rule that decided (``pubdate.lead-weekday``).
        component: Name and version of the component that inferred it.
    """

    day: date | None
    confidence: float
    evidence: tuple[str, ...]
    rule: str = ""
    component: str = ""
