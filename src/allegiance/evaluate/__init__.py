"""Evaluation: read gold sets in their native formats and score the coder against them.

Event gold sets are scored by ``scoring``; office-claim gold sets (``{"claims": [...]}`` lines)
by ``claims``. ``evaluate_file`` picks the scorer from the file.
"""

from pathlib import Path

from .readers import GoldFormatError, GoldItem, GoldSet, detect_format, read_gold
from .scoring import evaluate, score, to_triples
from .scoring import evaluate_file as evaluate_events_file


def evaluate_file(path, format: str = "auto", dictionaries: str | None = None, coder: str = "both",
                  min_confidence: float = 0.0) -> dict:
    """Score the shipped pipeline against a gold file: events, or office-claim verdicts."""
    path = Path(path)
    if format == "claims" or (format == "auto" and path.exists() and detect_format(path) == "claims"):
        from .claims import evaluate_claims_file

        return evaluate_claims_file(path)
    return evaluate_events_file(path, format, dictionaries, coder, min_confidence)


__all__ = ["GoldFormatError", "GoldItem", "GoldSet", "evaluate", "evaluate_file", "evaluate_events_file",
           "read_gold", "score", "to_triples"]
