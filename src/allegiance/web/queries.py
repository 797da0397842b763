"""Read-side queries of the dashboard: the overview, dyads, actors, articles and search.

Every function takes a DuckDB cursor and returns plain Python rows (dicts), so the JSON API and the
pages show the same numbers. Values reach SQL only as parameters; the few pieces of SQL text that
vary are picked from fixed fragments here, never taken from a request.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..relations import PERIODS
from ..relations.series import LABEL_FORMAT
from ..store.queries import EVENT_COLUMNS

MODALITIES = ("asserted", "negated", "hypothetical", "future")
NET_COOP = "count(*) FILTER (WHERE quad_class IN (1, 2)) - count(*) FILTER (WHERE quad_class IN (3, 4))"


def rows(con, sql: str, params=None) -> list[dict]:
    """Result rows as dicts; non-finite floats become None so they serialise as JSON null."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [{name: _plain(value) for name, value in zip(names, row)} for row in cursor.fetchall()]


def _plain(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _one(con, sql: str, params=None):
    return con.execute(sql, params or []).fetchone()[0]


# -- overview -------------------------------------------------------------------------------------

def overview(con, top: int = 15) -> dict:
    """Corpus totals, the date range, skipped inputs, events by quad class per month, top dyads."""
    corpus = rows(con, """
        SELECT count(*) FILTER (WHERE duplicate_of IS NULL) AS articles,
               count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS near_duplicates,
               min(date) AS first_date, max(date) AS last_date
        FROM articles""")[0]
    corpus["sentences"] = _one(con, "SELECT count(*) FROM sentences")
    corpus.update(rows(con, """SELECT count(*) AS events, count(*) FILTER (WHERE modality = 'asserted') AS asserted,
                                      count(*) FILTER (WHERE modality = 'asserted' AND event_date IS NULL) AS undated,
                                      min(event_date) AS first_event, max(event_date) AS last_event
                               FROM events""")[0])
    quads = rows(con, """
        SELECT strftime(date_trunc('month', event_date), '%Y-%m') AS period, quad_class, count(*) AS events
        FROM events WHERE modality = 'asserted' AND event_date IS NOT NULL
        GROUP BY ALL ORDER BY period, quad_class""")
    return {
        "corpus": corpus,
        "skipped": rows(con, "SELECT origin, locator, reason, detail, action FROM skipped_inputs ORDER BY origin, locator"),
        "quads_by_month": quads,
        "top_dyads": top_dyads(con, top),
        "articles": rows(con, """SELECT article_id, title, date, source FROM articles WHERE duplicate_of IS NULL
                                 ORDER BY date DESC NULLS LAST, title LIMIT 50"""),
    }


def top_dyads(con, top: int) -> list[dict]:
    """Pairs of distinct actors by asserted events, either direction counted together."""
    return rows(con, f"""
        SELECT least(source_code, target_code) AS a, greatest(source_code, target_code) AS b,
               count(*) AS events, {NET_COOP} AS net_coop, avg(goldstein) AS goldstein_mean
        FROM events WHERE modality = 'asserted' AND target_code IS NOT NULL AND source_code <> target_code
        GROUP BY ALL ORDER BY events DESC, a, b LIMIT ?""", [top])


# -- dyads ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventFilter:
    """The filters a dyad's events table takes from the query string, already checked."""

    since: dt.date | None = None
    until: dt.date | None = None
    plover: str | None = None
    modality: str | None = None
    origin: str | None = None

    def clauses(self) -> tuple[list[str], list]:
        where, params = [], []
        for value, clause in ((self.since, "e.event_date >= ?"), (self.until, "e.event_date <= ?"),
                              (self.plover, "e.plover = ?"), (self.modality, "e.modality = ?"),
                              (self.origin, "e.origin = ?")):
            if value is not None:
                where.append(clause)
                params.append(value)
        return where, params

    def as_query(self) -> dict:
        return {k: str(v) for k, v in vars(self).items() if v is not None}


def dyad_events(con, a: str, b: str, f: EventFilter, limit: int = 500) -> list[dict]:
    """Events between ``a`` and ``b`` (either direction) with their sentence and the sentence's
    own offset, so the event's span can be marked inside the sentence."""
    where, params = f.clauses()
    where.insert(0, "((e.source_code = ? AND e.target_code = ?) OR (e.source_code = ? AND e.target_code = ?))")
    params = [a, b, b, a, *params, limit]
    return rows(con, f"""
        SELECT {EVENT_COLUMNS}, s.start_char AS sentence_start, art.title AS article_title
        FROM events e
        LEFT JOIN sentences s ON s.article_id = e.article_id AND s.sent_index = e.sent_index
        LEFT JOIN articles art ON art.article_id = e.article_id
        WHERE {' AND '.join(where)}
        ORDER BY e.event_date DESC NULLS LAST, e.article_id, e.sent_index, e.event_id
        LIMIT ?""", params)


def dyad_choices(con, a: str, b: str) -> dict:
    """The PLOVER types and origins present for a dyad, to offer in its filter form."""
    pair = "((source_code = ? AND target_code = ?) OR (source_code = ? AND target_code = ?))"
    params = [a, b, b, a]
    return {
        "plover": [r[0] for r in con.execute(f"SELECT DISTINCT plover FROM events WHERE {pair} AND plover IS NOT NULL "
                                             "ORDER BY 1", params).fetchall()],
        "origin": [r[0] for r in con.execute(f"SELECT DISTINCT origin FROM events WHERE {pair} ORDER BY 1",
                                             params).fetchall()],
    }


# -- actors ---------------------------------------------------------------------------------------

def actor_partners(con, code: str) -> list[dict]:
    """Everyone ``code`` acted on or was acted on by (asserted events), with counts and net cooperation."""
    return rows(con, f"""
        SELECT CASE WHEN source_code = $c THEN target_code ELSE source_code END AS partner,
               count(*) AS events,
               count(*) FILTER (WHERE source_code = $c) AS as_source,
               count(*) FILTER (WHERE target_code = $c) AS as_target,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
               {NET_COOP} AS net_coop, avg(goldstein) AS goldstein_mean
        FROM events
        WHERE modality = 'asserted' AND (source_code = $c OR target_code = $c)
          AND target_code IS NOT NULL AND source_code <> target_code
        GROUP BY partner ORDER BY events DESC, partner""", {"c": code})


def actor_stance(con, code: str, by: str = "year") -> list[dict]:
    """Per period, the net cooperation and mean Goldstein of the asserted events ``code`` took part in."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    return rows(con, f"""
        SELECT {LABEL_FORMAT[by]} AS period, period_start, events, net_coop, goldstein_mean FROM (
            SELECT date_trunc('{by}', event_date)::DATE AS period_start, count(*) AS events,
                   {NET_COOP} AS net_coop, avg(goldstein) AS goldstein_mean
            FROM events
            WHERE modality = 'asserted' AND event_date IS NOT NULL AND (source_code = $c OR target_code = $c)
            GROUP BY period_start) ORDER BY period_start""", {"c": code})


def actor_summary(con, code: str) -> dict | None:
    """How often ``code`` appears as a source, a target and a mention; None when it never does."""
    row = rows(con, """
        SELECT count(*) FILTER (WHERE source_code = $c) AS as_source,
               count(*) FILTER (WHERE target_code = $c) AS as_target,
               (SELECT count(*) FROM mentions WHERE code = $c) AS mentions,
               (SELECT list(DISTINCT text ORDER BY text)[1:12] FROM mentions WHERE code = $c) AS names
        FROM events""", {"c": code})[0]
    if not (row["as_source"] or row["as_target"] or row["mentions"]):
        return None
    return row


# -- articles -------------------------------------------------------------------------------------

ARTICLE_COLUMNS = """article_id, title, date, date_source, source, url, origin, format, language, text,
                     n_chars, duplicate_of, similarity, ingested_at, coded_at"""


def article(con, article_id: str) -> dict | None:
    """One article with everything coded and verified in it; None when no such article."""
    found = rows(con, f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE article_id = ?", [article_id])
    if not found:
        return None
    result = found[0]
    key = [article_id]
    result["sentences"] = rows(con, """SELECT sent_index, start_char, end_char, block, text FROM sentences
                                       WHERE article_id = ? ORDER BY sent_index""", key)
    result["events"] = rows(con, """SELECT event_id, sent_index, start_char, end_char, event_date, source_code,
                                           target_code, cameo, cameo_name, plover, quad_class, goldstein, modality,
                                           origin, trigger, source_text, target_text
                                    FROM events WHERE article_id = ? ORDER BY sent_index, event_id""", key)
    verdict = """LEFT JOIN verdicts v ON v.article_id = x.article_id AND v.item = '{item}' AND v.item_index = x.{index}"""
    result["claims"] = rows(con, f"""
        SELECT x.claim_index, x.sent_index, x.start_char, x.end_char, x.text, x.person, x.title, x.office,
               x.country, x.qualifier, v.verdict, v.evidence, v.holders
        FROM office_claims x {verdict.format(item='claim', index='claim_index')}
        WHERE x.article_id = ? ORDER BY x.claim_index""", key)
    result["quotes"] = rows(con, f"""
        SELECT x.quote_index, x.sent_index, x.start_char, x.end_char, x.kind, x.text, x.verb, x.speaker_text,
               x.speaker_name, v.verdict, v.evidence, v.corroborating
        FROM quotes x {verdict.format(item='quote', index='quote_index')}
        WHERE x.article_id = ? ORDER BY x.quote_index""", key)
    result["figures"] = rows(con, f"""
        SELECT x.figure_index, x.sent_index, x.start_char, x.end_char, x.text, x.value, x.unit, x.measure,
               x.direction, x.attribution, v.verdict, v.evidence, v.corroborating
        FROM figures x {verdict.format(item='figure', index='figure_index')}
        WHERE x.article_id = ? ORDER BY x.figure_index""", key)
    reliability = rows(con, "SELECT * EXCLUDE (article_id) FROM reliability WHERE article_id = ?", key)
    result["reliability"] = reliability[0] if reliability else None
    return result


# -- search ---------------------------------------------------------------------------------------

def search(con, q: str, limit: int = 50) -> dict:
    """Articles whose title or text contains ``q``, sentences that contain it, and actor codes that
    start with it; case-insensitive, plain substring (no wildcards)."""
    needle = q.lower()
    articles = rows(con, """
        SELECT article_id, title, date, source FROM articles
        WHERE strpos(lower(coalesce(title, '')), $q) > 0 OR strpos(lower(text), $q) > 0
        ORDER BY date DESC NULLS LAST, title LIMIT $n""", {"q": needle, "n": limit})
    sentences = rows(con, """
        SELECT s.article_id, s.sent_index, s.text, a.title, a.date FROM sentences s
        JOIN articles a USING (article_id)
        WHERE strpos(lower(s.text), $q) > 0
        ORDER BY a.date DESC NULLS LAST, s.article_id, s.sent_index LIMIT $n""", {"q": needle, "n": limit})
    actors = rows(con, """
        SELECT code, count(*) AS events FROM (
            SELECT source_code AS code FROM events UNION ALL
            SELECT target_code FROM events WHERE target_code IS NOT NULL)
        WHERE starts_with(code, $c) GROUP BY code ORDER BY events DESC, code LIMIT $n""",
                  {"c": q.strip().upper(), "n": limit})
    return {"q": q, "articles": articles, "sentences": sentences, "actors": actors}
