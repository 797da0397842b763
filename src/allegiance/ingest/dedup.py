"""Exact and near-duplicate detection.

Exact duplicates share an article id: the hash of the article's normalised text. Near-duplicates
(the same wire story with a word changed or a sentence added) are found with MinHash signatures over
word shingles and an LSH index from datasketch; they are stored, linked to the article they repeat,
and not coded, so one story is never counted twice.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
#: datasketch's permutation scheme; stored signatures can only be compared within one scheme.
SCHEME = "affine32"
SHINGLE = 5
#: Estimated Jaccard similarity above which two articles count as the same story.
THRESHOLD = 0.7

_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def article_id(text: str) -> str:
    """A stable id from the content: 16 hex digits of SHA-256 over the normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def shingles(text: str) -> list[bytes]:
    """The distinct word shingles a signature is made of: five words, or two in a short text."""
    words = _WORD.findall(text.casefold())
    size = SHINGLE if len(words) >= SHINGLE * 4 else 2
    return list({" ".join(words[i:i + size]).encode() for i in range(max(1, len(words) - size + 1))})


@lru_cache(maxsize=1)
def _permutations():
    """datasketch draws its permutations from a fixed seed for every new MinHash unless it is
    handed them; drawing them once instead took a third off ingest's time."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch(shingles(text))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint32).tobytes()


def from_bytes(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(blob, dtype=np.uint32))


class NearDuplicateIndex:
    """An LSH index over the signatures of the articles already stored."""

    def __init__(self, threshold: float = THRESHOLD):
        # LSH only proposes candidates; a lower band threshold that favours recall keeps pairs
        # just above ``threshold`` from slipping through, and the estimate below decides.
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold - 0.2, num_perm=NUM_PERM, weights=(0.2, 0.8))
        self._signatures: dict[str, MinHash] = {}

    def add(self, key: str, minhash: MinHash) -> None:
        if key not in self._signatures:
            self._lsh.insert(key, minhash)
            self._signatures[key] = minhash

    def match(self, minhash: MinHash) -> tuple[str, float] | None:
        """The most similar stored article above the threshold, with its estimated similarity."""
        best = None
        for key in self._lsh.query(minhash):
            similarity = minhash.jaccard(self._signatures[key])
            if similarity < self.threshold:
                continue
            if best is None or similarity > best[1]:
                best = (key, similarity)
        return best
