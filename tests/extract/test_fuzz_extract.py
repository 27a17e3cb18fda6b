"""Property: any page gives an article or a coded error, and every span lies in its text.

Pages are generated markup, mutated real pages and texts, extremes (empty, huge, deep)
and arbitrary bytes (``tests/extract/pagegen.py``). The default run tries a few dozen;
``bench/reliability.py`` runs the same strategies at thousands.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from sourcetrace.errors import SourcetraceError
from sourcetrace.extract import extract
from sourcetrace.models import Article, Page
from tests.extract.pagegen import pages

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _extract_or_coded(page: Page) -> Article | None:
    """Extract ``page``; a sourcetrace error (coded) is an answer, anything else fails."""
    try:
        return extract(page)
    except SourcetraceError as exc:
        assert exc.code and exc.code != "error", exc
        return None


@FUZZ
@given(pages())
def test_any_page_gives_an_article_or_a_coded_error(page):
    article = _extract_or_coded(page)

    if article is not None:
        assert article.text.strip()
        previous_end = 0
        for span in article.paragraphs:
            assert previous_end <= span.start < span.end <= len(article.text)
            previous_end = span.end
        assert all(image.caption is None or image.caption.strip() for image in article.images)
