"""Corroboration across stored articles: the same figure, the same speaker.

A figure is corroborated when another stored article gives the same value in the same unit for
something described with at least one of the same words ("17 percent" of "information
exchange"); a quote when another article quotes the same speaker (names compared without regard
to spelling, "Lee Min-soo" = "Lee Minsoo"). Both are SQL over the ``figures`` and ``quotes``
tables. An item nobody else reports is *uncorroborated*, which says nothing about whether it is
true.
"""

from __future__ import annotations

import re

from ..records import Verdict

#: Units that say nothing about what is measured ("17 percent" of what?).
_GENERIC_UNITS = {"percent", "percentage", "points", "usd", "eur", "gbp", "jpy", "cny", "krw", "rub"}
_STOP = {"the", "and", "for", "with", "from", "between", "over", "into", "that", "this", "these", "those",
         "its", "their", "his", "her", "our", "was", "were", "are", "has", "have", "had", "been", "two",
         "three", "last", "year", "years", "than", "more", "less", "about", "some", "per", "all"}


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def measure_terms(unit: str | None, measure: str | None) -> list[str]:
    """Content words of what a figure measures, for matching figures across articles."""
    words = re.findall(r"[a-z][a-z-]+", f"{'' if (unit or '').lower() in _GENERIC_UNITS else unit or ''} "
                                        f"{measure or ''}".lower())
    return sorted({_stem(w) for w in words if len(w) > 2 and w not in _STOP and w not in _GENERIC_UNITS})


def _ids(con, sql: str, params: list) -> dict[tuple[str, int], list[str]]:
    return {(row[0], row[1]): list(row[2]) for row in con.execute(sql, params).fetchall()}


def figure_matches(con, article_ids: list[str]) -> dict[tuple[str, int], list[str]]:
    """(article, figure index) → other articles reporting the same value, unit and measure."""
    return _ids(con, """
        SELECT f.article_id, f.figure_index, list(DISTINCT o.article_id ORDER BY o.article_id)
        FROM figures f
        JOIN figures o ON o.article_id <> f.article_id AND o.value = f.value
             AND coalesce(o.unit, '') = coalesce(f.unit, '')
             AND ((len(f.measure_terms) = 0 AND len(o.measure_terms) = 0)
                  OR list_has_any(f.measure_terms, o.measure_terms))
        WHERE f.article_id IN (SELECT unnest(?))
        GROUP BY 1, 2""", [article_ids])


def quote_matches(con, article_ids: list[str]) -> dict[tuple[str, int], list[str]]:
    """(article, quote index) → other articles quoting the same named speaker."""
    return _ids(con, """
        SELECT q.article_id, q.quote_index, list(DISTINCT o.article_id ORDER BY o.article_id)
        FROM quotes q
        JOIN quotes o ON o.article_id <> q.article_id AND o.speaker_key = q.speaker_key
        WHERE q.article_id IN (SELECT unnest(?)) AND q.speaker_key IS NOT NULL AND q.speaker_key <> ''
        GROUP BY 1, 2""", [article_ids])


def affected_articles(con, article_ids: list[str]) -> list[str]:
    """Other stored articles whose corroboration the items of ``article_ids`` take part in: they
    report a figure or quote a speaker that one of ``article_ids`` also does."""
    figures = figure_matches(con, article_ids)
    quotes = quote_matches(con, article_ids)
    listed = set(article_ids)
    return sorted({other for others in (*figures.values(), *quotes.values()) for other in others} - listed)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def figure_verdict(row: dict, others: list[str]) -> Verdict:
    what = f"{_number(row['value'])} {row['unit'] or ''}".strip()
    about = f" ({row['measure']})" if row.get("measure") else ""
    source = "" if row.get("attribution") else "; the article gives no source for it"
    if others:
        return Verdict("corroborated", f"{len(others)} other article(s) report {what}{about}{source}",
                       corroborating=tuple(others))
    return Verdict("uncorroborated", f"no other stored article reports {what}{about}{source}")


def quote_verdict(row: dict, others: list[str]) -> Verdict:
    if not row.get("speaker_name"):
        return Verdict("uncorroborated", f"the speaker ({row['speaker_text']}) is not named, so no other "
                                         "article can be matched")
    if others:
        return Verdict("corroborated", f"{len(others)} other article(s) quote {row['speaker_name']}",
                       corroborating=tuple(others))
    return Verdict("uncorroborated", f"no other stored article quotes {row['speaker_name']}")
