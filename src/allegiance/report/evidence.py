"""Read-side queries for a brief: events, quotes, claims and reliability around a focus state.

Every query is parameterised and returns plain rows with the provenance a citation needs (article
id, sentence index, the sentence text, the article's title, date, source and URL).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..relations._db import has_table
from .citations import DatasetRef, SentenceRef
from .scope import Scope

#: the columns that make a SentenceRef, joined in every query that cites sentences
_PROVENANCE = """s.text AS sentence, a.title, a.date AS article_date, a.source AS article_source, a.url"""
_JOIN = """LEFT JOIN sentences s ON s.article_id = {t}.article_id AND s.sent_index = {t}.sent_index
           LEFT JOIN articles a ON a.article_id = {t}.article_id"""


def sentence_ref(row) -> SentenceRef | None:
    """The stored sentence a row came from, or None for imported rows that have none."""
    article = row.get("article_id") if isinstance(row, dict) else getattr(row, "article_id", None)
    get = row.get if isinstance(row, dict) else (lambda k: getattr(row, k, None))
    if article is None or pd.isna(article) or get("sentence") is None or pd.isna(get("sentence")):
        return None
    day = get("article_date")
    return SentenceRef(str(article), int(get("sent_index")), str(get("sentence")), _text(get("title")),
                       _day(day), _text(get("article_source")), _text(get("url")))


def _text(value) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _day(value) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, (dt.datetime, pd.Timestamp)) else value


def day_text(value) -> str:
    """A stored date as YYYY-MM-DD, or 'undated'."""
    day = _day(value)
    return day.isoformat() if day else "undated"


def newest_date(con) -> dt.date | None:
    """The newest article or event date stored: where ``--since`` counts back from."""
    row = con.execute("""SELECT greatest((SELECT max(date) FROM articles), (SELECT max(event_date) FROM events))""").fetchone()
    return _day(row[0]) if row else None


def focus_events(con, scope: Scope, *, window: bool = True) -> pd.DataFrame:
    """Asserted events with the focus on either side (imported ones too), newest first."""
    where = ["e.modality = 'asserted'", "(e.source_code = $f OR e.target_code = $f)"]
    params: dict = {"f": scope.focus}
    if window and scope.start:
        where.append("e.event_date >= $start")
        params["start"] = scope.start
    return con.execute(f"""
        SELECT e.event_id, e.event_date, e.date_basis, e.source_code, e.source_sector, e.source_text,
               e.target_code, e.target_sector, e.target_text, e.cameo, e.cameo_name, e.plover,
               e.quad_class, e.goldstein, e.mirrored, e.origin, e.article_id, e.sent_index, {_PROVENANCE}
        FROM events e {_JOIN.format(t='e')}
        WHERE {' AND '.join(where)}
        ORDER BY e.event_date DESC NULLS LAST, e.article_id, e.sent_index, e.event_id""", params).df()


def kept_apart(con, scope: Scope) -> dict[str, int]:
    """How many focus events were negated, hypothetical or future, in the window."""
    params: dict = {"f": scope.focus, "start": scope.start}
    rows = con.execute("""SELECT modality, count(*) FROM events
        WHERE modality <> 'asserted' AND (source_code = $f OR target_code = $f)
          AND ($start IS NULL OR event_date >= $start) GROUP BY modality ORDER BY modality""", params).fetchall()
    return dict(rows)


def scope_articles(con, scope: Scope) -> pd.DataFrame:
    """Coded articles that mention the focus (an actor of that state or organisation)."""
    return con.execute("""
        SELECT a.article_id, a.title, a.date, a.source, a.url, a.origin, a.date_source,
               (SELECT count(*) FROM sentences s WHERE s.article_id = a.article_id) AS sentences
        FROM articles a
        WHERE a.coded_at IS NOT NULL AND a.duplicate_of IS NULL
          AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.article_id AND (m.code = $f OR m.country = $f))
          AND ($start IS NULL OR a.date IS NULL OR a.date >= $start)
        ORDER BY a.date DESC NULLS LAST, a.article_id""", {"f": scope.focus, "start": scope.start}).df()


def quotes(con, article_ids: list[str]) -> pd.DataFrame:
    if not article_ids:
        return pd.DataFrame()
    return con.execute(f"""
        SELECT q.article_id, q.quote_index, q.sent_index, q.kind, q.text AS quote, q.speaker_name, q.speaker_text,
               q.speaker_title, q.speaker_organisation, q.speaker_country, v.verdict, {_PROVENANCE}
        FROM quotes q {_JOIN.format(t='q')}
        LEFT JOIN verdicts v ON v.article_id = q.article_id AND v.item = 'quote' AND v.item_index = q.quote_index
        WHERE q.article_id IN (SELECT unnest($ids))
        ORDER BY a.date DESC NULLS LAST, q.article_id, q.quote_index""", {"ids": article_ids}).df()


def claims(con, article_ids: list[str]) -> pd.DataFrame:
    """Office claims with their verdicts and evidence (verification runs at the end of every run)."""
    if not article_ids:
        return pd.DataFrame()
    return con.execute(f"""
        SELECT c.article_id, c.claim_index, c.sent_index, c.text AS claim, c.person, c.office, c.country,
               c.check_from, c.check_to, v.verdict, v.evidence, {_PROVENANCE}
        FROM office_claims c {_JOIN.format(t='c')}
        LEFT JOIN verdicts v ON v.article_id = c.article_id AND v.item = 'claim' AND v.item_index = c.claim_index
        WHERE c.article_id IN (SELECT unnest($ids))
        ORDER BY CASE v.verdict WHEN 'contradicted' THEN 0 WHEN 'unverifiable' THEN 1 ELSE 2 END,
                 a.date DESC NULLS LAST, c.article_id, c.claim_index""", {"ids": article_ids}).df()


def reliability(con, article_ids: list[str]) -> pd.DataFrame:
    if not article_ids or not has_table(con, "reliability"):
        return pd.DataFrame()
    return con.execute("""
        SELECT r.*, a.title, a.date, a.source FROM reliability r JOIN articles a USING (article_id)
        WHERE r.article_id IN (SELECT unnest($ids)) ORDER BY a.date DESC NULLS LAST, r.article_id""",
                       {"ids": article_ids}).df()


def icews_years(con, a: str, b: str) -> pd.DataFrame:
    """ICEWS quad-class counts of the dyad by year, both directions summed (empty if not imported)."""
    if not has_table(con, "icews_dyad_year"):
        return pd.DataFrame()
    return con.execute("""
        SELECT year, sum(verb_coop)::BIGINT AS verbal_coop, sum(matl_coop)::BIGINT AS matl_coop,
               sum(verb_conf)::BIGINT AS verbal_conf, sum(matl_conf)::BIGINT AS matl_conf
        FROM icews_dyad_year
        WHERE (source_iso3 = $a AND target_iso3 = $b) OR (source_iso3 = $b AND target_iso3 = $a)
        GROUP BY year ORDER BY year""", {"a": a, "b": b}).df()


def imported_tables(con) -> dict[str, int]:
    """Row counts of the structured data sets present, for the method section."""
    out = {}
    for table in ("atop_dyad_years", "un_votes", "un_roll_calls", "ideal_points", "nmc", "icews_dyad_year"):
        if has_table(con, table):
            out[table] = int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    origins = con.execute("SELECT origin, count(*) FROM events GROUP BY origin ORDER BY origin").fetchall()
    for origin, n in origins:
        out[f"events ({origin})"] = int(n)
    return out


DATASETS = {
    "atop_dyad_years": "ATOP 5.1 dyad-years (imported): direct alliance obligations",
    "un_votes": "UN General Assembly roll-call votes (imported)",
    "icews_dyad_year": "ICEWS dyad-year quad-class counts (imported)",
    "ideal_points": "Voeten UN ideal points (imported)",
    "nmc": "COW National Material Capabilities (imported)",
}


def dataset(key: str, detail: str = "") -> DatasetRef:
    base = DATASETS.get(key, key)
    return DatasetRef(key + (":" + detail if detail else ""), base + (f"; {detail}" if detail else ""))
