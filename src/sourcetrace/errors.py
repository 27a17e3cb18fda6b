"""One exception tree for sourcetrace, with stable codes a user can search for.

::

    SourcetraceError                      error
    ├── InputError                        input
    │   ├── InputNotFoundError            input.not-found
    │   ├── EmptyInputError               input.empty
    │   ├── BinaryInputError              input.binary
    │   ├── InputTooLargeError            input.too-large
    │   └── DecodeError                   input.decode
    ├── ExtractionError                   extract
    │   ├── NoArticleError                extract.no-article
    │   └── ExtractorFailedError          extract.failed
    └── AnalysisError                     analyze
        └── AnalysisModelError            analyze.model-missing

Third-party exceptions are wrapped where they enter (``raise ... from exc``). Each
error says what went wrong and, where it can, what to do next. Codes never change
meaning once released; new ones may be added.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "AnalysisModelError",
    "BinaryInputError",
    "DecodeError",
    "EmptyInputError",
    "ExtractionError",
    "ExtractorFailedError",
    "InputError",
    "InputNotFoundError",
    "InputTooLargeError",
    "NoArticleError",
    "SourcetraceError",
]


class SourcetraceError(Exception):
    """Base of every error sourcetrace raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(SourcetraceError):
    """The input cannot be read as a page."""

    code = "input"


class InputNotFoundError(InputError):
    """The path does not exist or cannot be opened."""

    code = "input.not-found"


class EmptyInputError(InputError):
    """The input holds no bytes, or only whitespace."""

    code = "input.empty"


class BinaryInputError(InputError):
    """The input is not text: an image, an archive, an executable."""

    code = "input.binary"


class InputTooLargeError(InputError):
    """The input exceeds the configured size limit."""

    code = "input.too-large"


class DecodeError(InputError):
    """The bytes cannot be decoded as text in any plausible encoding."""

    code = "input.decode"


class ExtractionError(SourcetraceError):
    """A page was read but no article could be made from it."""

    code = "extract"


class NoArticleError(ExtractionError):
    """The page holds no article body (a login wall, an index page, an empty shell)."""

    code = "extract.no-article"


class ExtractorFailedError(ExtractionError):
    """The extraction engine raised an unexpected error on this page."""

    code = "extract.failed"


class AnalysisError(SourcetraceError):
    """An article could not be analysed."""

    code = "analyze"


class AnalysisModelError(AnalysisError):
    """The spaCy model the analysis needs is not installed."""

    code = "analyze.model-missing"
