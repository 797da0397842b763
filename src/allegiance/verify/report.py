"""Verify the stored articles of a database and keep the verdicts and reliability summaries.

``verify_database`` reads the office claims, quotes and figures the pipeline stored, checks the
claims against the knowledge base and the quotes and figures against the other articles, writes
one ``verdicts`` row per item and one ``reliability`` row per article (replacing earlier ones, in
one transaction), and returns the same as ``ArticleReport`` records.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from ..kb import offices
from ..records import OfficeClaim, Reliability, Verdict
from . import corroborate
from .offices import verify_claim

@dataclass
class ArticleReport:
    article_id: str
    title: str | None
    date: dt.date | None
    origin: str
    claims: list[tuple[dict, Verdict]] = field(default_factory=list)
    quotes: list[tuple[dict, Verdict]] = field(default_factory=list)
    figures: list[tuple[dict, Verdict]] = field(default_factory=list)
    reliability: Reliability | None = None

    def to_dict(self) -> dict:
        def items(pairs):
            return [{**{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()},
                     **{"verdict": verdict.verdict, "evidence": verdict.evidence,
                        "holders": list(verdict.holders), "corroborating": list(verdict.corroborating)}}
                    for row, verdict in pairs]

        reliability = asdict(self.reliability) if self.reliability else None
        if reliability:
            reliability["unverifiable_experts"] = list(reliability["unverifiable_experts"])
        return {"article_id": self.article_id, "title": self.title,
                "date": self.date.isoformat() if self.date else None, "origin": self.origin,
                "claims": items(self.claims), "quotes": items(self.quotes), "figures": items(self.figures),
                "reliability": reliability}


def claim_from_row(row: dict) -> OfficeClaim:
    return OfficeClaim(
        person=row["person"], name_text=row["name_text"], title=row["title"], office=row["office"],
        office_key=row["office_key"], country=row["country"], country_basis=row["country_basis"],
        qualifier=row["qualifier"], check_from=row["check_from"], check_to=row["check_to"],
        date_basis=row["date_basis"], form=row["form"], organisation=row["organisation"], text=row["text"],
        sent_index=row["sent_index"], start=row["start_char"], end=row["end_char"], kb_person=row["kb_person"],
    )


def _rows(con, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def resolve_article(con, prefix: str) -> str:
    """The full id of the stored article whose id starts with ``prefix``."""
    found = [r[0] for r in con.execute("SELECT article_id FROM articles WHERE article_id LIKE ? || '%'",
                                       [prefix]).fetchall()]
    if len(found) != 1:
        raise ValueError(f"no stored article has the id {prefix!r}" if not found else
                         f"{prefix!r} matches {len(found)} articles; give more of the id")
    return found[0]


def unverifiable_experts(claims: list[tuple[dict, Verdict]], quotes: list[dict]) -> list[str]:
    """Named people the article presents with a post the knowledge base cannot check (a fellow, an
    analyst, an ambassador with no posting, "Dr." before a quoted name), in order of appearance.

    People the knowledge base knows, and people with any supported or contradicted claim, are left
    out; so are people named without any title.
    """
    checked, named = set(), {}
    for row, verdict in claims:
        key = row["person"]
        if verdict.verdict in ("supported", "contradicted") or row["kb_person"] or offices.people_named(key):
            checked.add(key)
        else:
            named[key] = min(named.get(key, row["start_char"]), row["start_char"])
    for quote in quotes:
        name = quote["speaker_name"]
        if name and re.match(r"(?:Dr|Prof|Professor)\.?\s", quote["speaker_text"]) and not offices.people_named(name):
            named[name] = min(named.get(name, quote["speaker_start"]), quote["speaker_start"])
    return [name for name, _ in sorted(named.items(), key=lambda item: item[1]) if name not in checked]


def verify_database(db, article: str | None = None, store: bool = True,
                    ids: list[str] | None = None) -> list[ArticleReport]:
    """Verify every coded article (or the one whose id starts with ``article``, or those listed
    in ``ids``) and store the results."""
    con = db.con
    where, params = "WHERE coded_at IS NOT NULL AND duplicate_of IS NULL", []
    if article:
        where += " AND article_id = ?"
        params.append(resolve_article(con, article))
    if ids is not None:
        where += " AND article_id IN (SELECT unnest(?))"
        params.append(list(ids))
    articles = _rows(con, f"SELECT article_id, title, date, origin FROM articles {where} "
                          "ORDER BY date NULLS LAST, article_id", params)
    ids = [a["article_id"] for a in articles]
    if not ids:
        return []
    claims = _rows(con, "SELECT * FROM office_claims WHERE article_id IN (SELECT unnest(?)) "
                        "ORDER BY article_id, claim_index", [ids])
    quotes = _rows(con, "SELECT * FROM quotes WHERE article_id IN (SELECT unnest(?)) "
                        "ORDER BY article_id, quote_index", [ids])
    figures = _rows(con, "SELECT * FROM figures WHERE article_id IN (SELECT unnest(?)) "
                         "ORDER BY article_id, figure_index", [ids])
    figure_others = corroborate.figure_matches(con, ids)
    quote_others = corroborate.quote_matches(con, ids)
    reports = {a["article_id"]: ArticleReport(a["article_id"], a["title"], a["date"], a["origin"]) for a in articles}
    for row in claims:
        reports[row["article_id"]].claims.append((row, verify_claim(claim_from_row(row))))
    for row in quotes:
        others = quote_others.get((row["article_id"], row["quote_index"]), [])
        reports[row["article_id"]].quotes.append((row, corroborate.quote_verdict(row, others)))
    for row in figures:
        others = figure_others.get((row["article_id"], row["figure_index"]), [])
        reports[row["article_id"]].figures.append((row, corroborate.figure_verdict(row, others)))
    for report in reports.values():
        verdicts = [v.verdict for _, v in report.claims]
        report.reliability = Reliability(
            article_id=report.article_id,
            claims_supported=verdicts.count("supported"), claims_contradicted=verdicts.count("contradicted"),
            claims_unverifiable=verdicts.count("unverifiable"),
            unverifiable_experts=tuple(unverifiable_experts(report.claims, [q for q, _ in report.quotes])),
            quotes=len(report.quotes),
            quotes_corroborated=sum(v.verdict == "corroborated" for _, v in report.quotes),
            figures=len(report.figures),
            figures_unsourced=sum(not row["attribution"] for row, _ in report.figures),
            figures_corroborated=sum(v.verdict == "corroborated" for _, v in report.figures),
        )
    if store:
        _store(db, list(reports.values()))
    return list(reports.values())


def _store(db, reports: list[ArticleReport]) -> None:
    import pyarrow as pa

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    verdict_rows, reliability_rows = [], []
    for report in reports:
        for item, pairs, key in (("claim", report.claims, "claim_index"), ("quote", report.quotes, "quote_index"),
                                 ("figure", report.figures, "figure_index")):
            for row, verdict in pairs:
                verdict_rows.append((report.article_id, item, row[key], row["sent_index"], row["start_char"],
                                     row["end_char"], verdict.verdict, verdict.evidence, list(verdict.holders),
                                     list(verdict.corroborating), now))
        r = report.reliability
        reliability_rows.append((r.article_id, r.claims_supported, r.claims_contradicted, r.claims_unverifiable,
                                 list(r.unverifiable_experts), r.quotes, r.quotes_corroborated, r.figures,
                                 r.figures_unsourced, r.figures_corroborated, now))
    s, i, ts, ls = pa.string(), pa.int32(), pa.timestamp("us"), pa.list_(pa.string())
    verdicts = _arrow(verdict_rows, [("article_id", s), ("item", s), ("item_index", i), ("sent_index", i),
                                     ("start_char", i), ("end_char", i), ("verdict", s), ("evidence", s),
                                     ("holders", ls), ("corroborating", ls), ("verified_at", ts)])
    reliability = _arrow(reliability_rows, [("article_id", s), ("claims_supported", i), ("claims_contradicted", i),
                                            ("claims_unverifiable", i), ("unverifiable_experts", ls), ("quotes", i),
                                            ("quotes_corroborated", i), ("figures", i), ("figures_unsourced", i),
                                            ("figures_corroborated", i), ("verified_at", ts)])
    ids = [report.article_id for report in reports]
    with db.transaction() as con:
        con.execute("DELETE FROM verdicts WHERE article_id IN (SELECT unnest(?))", [ids])
        con.execute("DELETE FROM reliability WHERE article_id IN (SELECT unnest(?))", [ids])
        for table, data in (("verdicts", verdicts), ("reliability", reliability)):
            if data.num_rows:
                con.register("_verify_batch", data)
                try:
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _verify_batch")
                finally:
                    con.unregister("_verify_batch")


def _arrow(rows: list[tuple], fields: list):
    """Rows as an Arrow table typed like the DuckDB table (one bulk insert instead of one per row)."""
    import pyarrow as pa

    schema = pa.schema(fields)
    if not rows:
        return schema.empty_table()
    return pa.Table.from_arrays([pa.array(column, type=f.type) for column, f in zip(zip(*rows), schema)],
                                schema=schema)
