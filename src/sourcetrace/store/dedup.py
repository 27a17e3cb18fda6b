"""Fingerprints for deduplication: content hashes, canonical URLs, MinHash LSH bands.

Exact duplicates are found by hash (raw bytes for pages, normalised text for articles).
Near-duplicates, such as a wire story syndicated with a changed headline or a trimmed
last paragraph, are found with MinHash over word shingles (datasketch), bucketed into
locality-sensitive hashing bands that live in the database, so every run sees them.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from courlan import normalize_url
from datasketch import MinHash
from datasketch.lsh import _optimal_param

__all__ = [
    "Fingerprint",
    "band_layout",
    "bands",
    "canonical_url",
    "content_hash",
    "fingerprint",
    "similarity",
    "text_hash",
]

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_SEED = 1


def content_hash(content: bytes | str) -> str:
    """Return the SHA-256 of a page's raw content (text is hashed as UTF-8)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    """Return the SHA-256 of an article's text with case and whitespace normalised."""
    normal = _SPACE.sub(" ", text).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """Return the URL normalised by courlan (tracking parameters, case, fragments gone)."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    try:
        return str(normalize_url(url, strict=True))
    except ValueError:  # courlan raises on URLs it cannot parse
        return None


Fingerprint = bytes  # a MinHash signature, packed as little-endian uint64 values


def fingerprint(text: str, *, shingle_words: int, permutations: int) -> Fingerprint | None:
    """Return the MinHash signature of a text's word shingles, or ``None`` when too short."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < shingle_words:
        return None
    shingles = {
        " ".join(words[i : i + shingle_words]).encode("utf-8")
        for i in range(len(words) - shingle_words + 1)
    }
    minhash = MinHash(num_perm=permutations, seed=_SEED)
    minhash.update_batch(list(shingles))
    return np.asarray(minhash.hashvalues, dtype="<u8").tobytes()


def similarity(left: Fingerprint, right: Fingerprint) -> float:
    """Return the Jaccard similarity two signatures estimate."""
    a = np.frombuffer(left, dtype="<u8")
    b = np.frombuffer(right, dtype="<u8")
    if a.shape != b.shape:
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


@lru_cache(maxsize=8)
def band_layout(threshold: float, permutations: int) -> tuple[int, int]:
    """Return (bands, rows per band) balancing misses and false candidates at ``threshold``."""
    bands_, rows = _optimal_param(threshold, permutations, 0.5, 0.5)
    return int(bands_), int(rows)


def bands(signature: Fingerprint, *, threshold: float) -> list[tuple[int, str]]:
    """Return the (band, bucket) pairs of a signature: texts sharing one are candidates."""
    values = np.frombuffer(signature, dtype="<u8")
    count, rows = band_layout(threshold, len(values))
    return [
        (
            band,
            hashlib.blake2b(
                values[band * rows : (band + 1) * rows].tobytes(), digest_size=12
            ).hexdigest(),
        )
        for band in range(count)
    ]
