"""How a user's query becomes each backend's syntax: FTS5 terms, PostgreSQL word pairs."""

from __future__ import annotations

import pytest

from sourcetrace.store.backends import fts5_query, required_pairs


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("breakwater repairs", '"breakwater" "repairs"'),
        ('"four million euros" ferry', '"four million euros" "ferry"'),
        ("ferry OR budget", '"ferry" OR "budget"'),
        # OR first is a word; OR last is dropped.
        ("OR ferry OR", '"OR" "ferry"'),
        # Operators are words; words joined by punctuation stay a phrase.
        ('NEAR(a b) "unbalanced AND (', '"NEAR a" "b" "unbalanced" "AND"'),
        ("***", ""),
    ],
)
def test_fts5_query_quotes_every_term(query, expected):
    assert fts5_query(query) == expected


@pytest.mark.parametrize(
    ("tsquery", "expected"),
    [
        ("'secur' <-> 'guarante' & 'ukrain'", ["secur guarante"]),
        ("'a' <-> 'b' <-> 'c' & 'd' <-> 'b'", ["a b", "b c", "d b"]),
        ("'o''brien' <-> 'said'", ["o'brien said"]),
        ("'well-known' <-> 'well' <-> 'known'", ["well-known well", "well known"]),
        # A stop word in the phrase leaves a gap any word may fill: no pair.
        ("'state' <3> 'union'", []),
        # OR and NOT make no pair required; an escape is not read, so neither.
        ("'secur' <-> 'guarante' | 'ukrain'", []),
        ("'secur' <-> 'guarante' & !'ukrain'", []),
        ("'a\\\\b' <-> 'c'", []),
        ("( 'a' & 'b' ) <-> 'c'", []),
        ("'ferri' & 'budget'", []),
        ("", []),
    ],
)
def test_required_pairs_reads_adjacent_lexemes_of_an_and_query(tsquery, expected):
    assert required_pairs(tsquery) == expected
