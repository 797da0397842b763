"""Verification: office claims against the dated knowledge base, quotes and figures against the
other stored articles, and a reliability summary per article.

- ``verify_claim(claim)``: supported, contradicted or unverifiable, with evidence (``offices``);
- ``verify_database(db, article=None)``: every stored claim, quote and figure, written to the
  ``verdicts`` and ``reliability`` tables (``report``, with the SQL in ``corroborate``).
"""

from .offices import verify_claim
from .report import ArticleReport, verify_database

__all__ = ["ArticleReport", "verify_claim", "verify_database"]
