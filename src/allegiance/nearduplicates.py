"""A compact near-duplicate index for ingesting large corpora with flat memory.

It answers the same question as ``ingest.dedup.NearDuplicateIndex`` (the same MinHash signatures,
the same LSH bands, the same similarity estimate and threshold) but keeps the signatures in one
``uint32`` matrix and the bands in sorted ``uint64`` arrays instead of a MinHash object and 30
Python dictionary entries per article. That is about 0.9 KB per stored article instead of about
13 KB, which is what lets memory stay flat from 5,000 to 50,000 articles (``docs/scaling.md``).

Bands are found by a 64-bit mix of their four values (salted by band, all bands in one sorted
array), then compared value by value, so a mix collision never makes a candidate that
datasketch's LSH would not have proposed. Among candidates at or above the threshold, the most
similar wins; ties go to the article stored first (datasketch leaves ties to set order).
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH

from .ingest.dedup import NUM_PERM, THRESHOLD

_MERGE_EVERY = 4096
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
                dtype=np.uint64)


def _lsh_shape(threshold: float) -> tuple[int, int]:
    """Bands and rows datasketch picks for the index ``ingest.dedup`` builds."""
    lsh = MinHashLSH(threshold=threshold - 0.2, num_perm=NUM_PERM, weights=(0.2, 0.8))
    return lsh.b, lsh.r


class CompactNearDuplicateIndex:
    """``add`` and ``match`` as in ``ingest.dedup.NearDuplicateIndex``, in a fraction of the memory.

    ``fetch`` (article ids → signature bytes, as ``ingest.dedup.to_bytes`` wrote them) lets the
    index keep only the latest ``recent`` signatures in memory and read older candidates back
    from the database; without it every signature stays in memory (0.5 KB each).
    """

    def __init__(self, threshold: float = THRESHOLD, fetch=None, recent: int = 8192):
        self.threshold = threshold
        self.bands, self.rows = _lsh_shape(threshold)
        self.keys: list[str] = []
        self.fetch = fetch
        self.recent = recent
        self._signatures: dict[int, np.ndarray] = {}  # row → signature (the latest rows with ``fetch``)
        self._buffer = np.empty((_MERGE_EVERY, self.bands), dtype=np.uint64)  # bands of unmerged rows
        # every merged row's bands, salted by band number, in one sorted array with their row numbers
        self._keys = np.empty(0, np.uint64)
        self._rows = np.empty(0, np.int32)
        self._salt = (np.arange(self.bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        self._merged = 0  # rows in ``_keys``; later rows are in ``_buffer``

    def __len__(self) -> int:
        return len(self.keys)

    def _mix(self, values: np.ndarray) -> np.ndarray:
        """One uint64 per band of ``values`` (…, NUM_PERM)."""
        banded = values[..., : self.bands * self.rows].astype(np.uint64).reshape(
            *values.shape[:-1], self.bands, self.rows)
        with np.errstate(over="ignore"):
            return (banded * _MIX[: self.rows]).sum(axis=-1, dtype=np.uint64) ^ (banded[..., 0] << np.uint64(7))

    def add(self, key: str, minhash: MinHash) -> None:
        values = np.array(minhash.hashvalues, dtype=np.uint32)
        n = len(self.keys)
        self._buffer[n - self._merged] = self._mix(values)
        self._signatures[n] = values
        if self.fetch is not None:
            self._signatures.pop(n - self.recent, None)
        self.keys.append(key)
        if n + 1 - self._merged == _MERGE_EVERY:
            self._merge()

    def _merge(self) -> None:
        n = len(self.keys)
        with np.errstate(over="ignore"):
            fresh = (self._buffer[: n - self._merged] + self._salt).ravel()
        rows = np.repeat(np.arange(self._merged, n, dtype=np.int32), self.bands)
        keys = np.concatenate([self._keys, fresh])
        numbers = np.concatenate([self._rows, rows])
        order = np.argsort(keys, kind="stable")
        self._keys, self._rows = keys[order], numbers[order]
        self._merged = n

    def _signature(self, rows: list[int]) -> dict[int, np.ndarray]:
        found = {row: self._signatures[row] for row in rows if row in self._signatures}
        missing = [row for row in rows if row not in found]
        if missing:
            blobs = self.fetch([self.keys[row] for row in missing])
            for row in missing:
                found[row] = np.frombuffer(blobs[self.keys[row]], dtype=np.uint32)
        return found

    def match(self, minhash: MinHash) -> tuple[str, float] | None:
        """The most similar stored article above the threshold, with its estimated similarity."""
        n = len(self.keys)
        if not n:
            return None
        values = np.asarray(minhash.hashvalues, dtype=np.uint32)
        mixed = self._mix(values)
        candidates: set[int] = set()
        if self._merged:
            with np.errstate(over="ignore"):
                salted = mixed + self._salt
            lo = np.searchsorted(self._keys, salted, "left")
            hi = np.searchsorted(self._keys, salted, "right")
            for a, b in zip(lo[hi > lo].tolist(), hi[hi > lo].tolist()):
                candidates.update(self._rows[a:b].tolist())
        if self._merged < n:
            recent = np.nonzero((self._buffer[: n - self._merged] == mixed).any(axis=1))[0] + self._merged
            candidates.update(recent.tolist())
        if not candidates:
            return None
        best = None
        width = self.rows
        stored = self._signature(sorted(candidates))
        for row in sorted(candidates):
            same = stored[row] == values
            if not same[: self.bands * width].reshape(self.bands, width).all(axis=1).any():
                continue  # only the 64-bit mix agreed
            similarity = float(np.count_nonzero(same)) / float(NUM_PERM)
            if similarity < self.threshold:
                continue
            if best is None or similarity > best[1]:
                best = (self.keys[row], similarity)
        return best
