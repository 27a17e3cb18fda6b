"""Settings: every default sourcetrace uses lives here."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_SETTINGS", "Settings"]

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Options for reading and extracting pages.

    Attributes:
        max_input_bytes: Largest input accepted; bigger ones are refused with
            ``input.too-large`` before being read whole, so memory stays bounded.
        min_body_chars: An extracted body shorter than this is ``extract.no-article``.
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
    """

    max_input_bytes: int = 50 * MIB
    min_body_chars: int = 80
    favor_precision: bool = False
    fast: bool = False
    recall_fallback_ratio: float = 0.08
    recall_fallback_chars: int = 600
    binary_sniff_bytes: int = 4096


DEFAULT_SETTINGS = Settings()
