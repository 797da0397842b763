"""Evaluation: read gold sets in their native formats and score the coder against them."""

from .readers import GoldFormatError, GoldItem, GoldSet, read_gold
from .scoring import evaluate, evaluate_file, score, to_triples

__all__ = ["GoldFormatError", "GoldItem", "GoldSet", "evaluate", "evaluate_file", "read_gold", "score", "to_triples"]
