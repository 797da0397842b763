"""Cross-check our effective-leader tenures against external leader lists.

Archigos (Goemans, Gleditsch & Chiozza) and REIGN (Bell, Besaw & Frank) each list, for every state,
the *effective* leader: the person who actually ran the country, whatever the title. The knowledge
base instead lists offices (head of state, head of government, ministers, and the leader of the
ruling party in a party-state). This module reads an external list (the file path is always
passed in; nothing here assumes where the shared data folder is), turns our rows for the office
that matches the effective leader of each state into tenures, pairs them with the external spells,
and explains every difference.

Definitions used throughout (``docs/kb-crosscheck.md`` says the same in prose):

* **Window.** A state is compared from ``max(1990-01-01, our coverage start)`` to
  ``min(our coverage end, the source's last date)``; both sides are clipped to that window before
  dates are compared, so a spell that began in 1982 agrees on its start if ours also began before
  1990.
* **Tolerance.** Two dates agree when they are at most ``TOLERANCE_DAYS`` (7) days apart. The
  sources differ from official lists by a day or two in well-understood ways (Archigos ends a
  spell on the day before or the day of the successor's start; some dates are the vote and some the
  swearing-in, one day apart in Italy and Japan; Archigos starts George W. Bush on 2001-01-21), while
  every substantive difference we know of (election vs. inauguration, party vs. state office,
  regency) is weeks to years. REIGN gives end dates to the month only; an end agrees when ours
  falls in that month (± the tolerance), and where the next REIGN spell of the state starts in the
  same month, that start is used as the exact end day.
* **Units.** Every external spell in the window is one compared tenure; so is every one of our
  tenures that no external spell matched. A tenure *agrees* when the person is the same and both
  dates agree; it *agrees by definition* when it agrees only once a documented convention about
  acting presidents is applied (see ``REASONS``); otherwise it is a disagreement with a reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import office_holders, states
from . import _rows as _kb_rows

TOLERANCE_DAYS = 7
WINDOW_START = dt.date(1990, 1, 1)
_FAR = dt.date(9999, 12, 31)

AGREE = "agree"
AGREE_BY_DEFINITION = "agree_by_definition"
DISAGREE = "disagree"

#: Reason codes. The first two are definitional differences that count as agreement ("agree by
#: definition"); all others are disagreements.
REASONS: dict[str, str] = {
    "acting_spell": "an acting or caretaker spell: one side counts the acting president or prime "
                    "minister as the leader and the other does not, or one side starts the leader at "
                    "a suspension (impeachment) and the other at the formal change",
    "date_convention": "the same leader, with a date that follows a different convention "
                       "(election, appointment or swearing-in; a party or a state office) by more "
                       "than the tolerance",
    "effective_leader_rule": "the source codes a de facto leader who holds none of the offices in "
                             "our table (a paramount leader without office, or a regent), so no "
                             "office we could map gives the same person",
    "state_succession": "the source and we date the change of state differently (USSR/Russia in "
                        "1991)",
    "missing_in_ours": "the source lists a leader who is absent from our table",
    "missing_in_theirs": "we list a leader whom the source does not",
    "error_in_ours": "our table is wrong (fixed rows are listed in the documentation)",
    "error_in_theirs": "the source is wrong, checked against official lists",
    "unexplained": "no documented explanation yet; investigate",
}
BY_DEFINITION_REASONS = frozenset({"acting_spell"})


# --------------------------------------------------------------------------------------------
# Which of our offices corresponds to the effective leader, per state
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OfficePeriod:
    """Use ``office`` for the effective leader from ``start`` (inclusive) to ``end`` (exclusive)."""

    office: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class LeaderRule:
    periods: tuple[OfficePeriod, ...]
    why: str
    exclude_titles: frozenset[str] = frozenset()


def _hos(why: str) -> LeaderRule:
    return LeaderRule((OfficePeriod("head_of_state"),), why)


def _hog(why: str) -> LeaderRule:
    return LeaderRule((OfficePeriod("head_of_government"),), why)


_PRESIDENTIAL = "presidential system: the president is head of state and of government"
_PARLIAMENTARY = "parliamentary system: the prime minister leads; the head of state is ceremonial"

#: The office that holds the effective leader in each state our table covers.
EFFECTIVE_LEADER_OFFICE: dict[str, LeaderRule] = {
    "ARG": _hos(_PRESIDENTIAL),
    "BRA": _hos(_PRESIDENTIAL),
    "MEX": _hos(_PRESIDENTIAL),
    "USA": _hos(_PRESIDENTIAL),
    "IDN": _hos(_PRESIDENTIAL),
    "KOR": _hos("presidential system; the prime minister is appointed by and answers to the president"),
    "TWN": _hos("the president leads; the premier is appointed by the president"),
    "ZAF": _hos("the president (elected by parliament) is head of state and of government"),
    "FRA": _hos("semi-presidential: the sources code the president, also during cohabitation"),
    "UKR": _hos("semi-presidential: the sources code the president (the Rada chairman until 1991)"),
    "AUS": _hog(_PARLIAMENTARY),
    "CAN": _hog(_PARLIAMENTARY),
    "GBR": _hog(_PARLIAMENTARY),
    "DEU": _hog("parliamentary system: the chancellor leads; the federal president is ceremonial"),
    "ITA": _hog(_PARLIAMENTARY),
    "IND": _hog(_PARLIAMENTARY),
    "JPN": _hog(_PARLIAMENTARY),
    "SAU": _hos("absolute monarchy: the king (also prime minister until 2022)"),
    "CHN": LeaderRule((OfficePeriod("party_leader"),),
                      "party-state: the sources follow the Communist Party, so the CCP general "
                      "secretary (our party_leader rows); Deng Xiaoping, paramount leader without "
                      "office until 1997-02-19, has no row"),
    "PRK": LeaderRule((OfficePeriod("party_leader"),),
                      "party-state: the leader of the Workers' Party of Korea (our party_leader "
                      "rows: Kim Il Sung, Kim Jong Il from 1994-07-08, Kim Jong Un)"),
    "TUR": LeaderRule((OfficePeriod("head_of_government", end=dt.date(2014, 8, 28)),
                       OfficePeriod("head_of_state", start=dt.date(2014, 8, 28))),
                      "parliamentary until Erdogan moved from prime minister to president on "
                      "2014-08-28; the sources follow him, so the presidency from then on"),
    "RUS": LeaderRule((OfficePeriod("head_of_state", end=dt.date(2008, 5, 7)),
                       OfficePeriod("head_of_government", dt.date(2008, 5, 7), dt.date(2012, 5, 7)),
                       OfficePeriod("head_of_state", start=dt.date(2012, 5, 7))),
                      "the president, except 2008-05-07 to 2012-05-07 when the sources code "
                      "Putin as prime minister (Medvedev's presidency)"),
}

#: Known differences that no office mapping can remove, keyed by (state, person as we or the
#: source name them). The sentence is completed with the dates of each case.
KNOWN_DIFFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("CHN", "Deng Xiaoping"): (
        "effective_leader_rule",
        "{source} codes Deng Xiaoping as paramount leader until his death although from 1990 he held "
        "no formal office; our table has no office for him (we code the party general secretary, "
        "Jiang Zemin from 1989-06-24)"),
    ("CHN", "Jiang Zemin"): (
        "effective_leader_rule",
        "{source} starts Jiang Zemin at Deng Xiaoping's death (1997-02-19) and ends him when Hu "
        "Jintao became state president (2003-03-15); we code his term as party general secretary, "
        "1989-06-24 to 2002-11-15"),
    ("CHN", "Hu Jintao"): (
        "date_convention",
        "{source} starts Hu Jintao when he became state president (2003-03-15), we when he became "
        "party general secretary (2002-11-15); the source dates this handover by the state office "
        "but the next one (Xi Jinping, 2012-11-15) by the party office"),
    ("SAU", "Fahd bin Abdulaziz"): (
        "effective_leader_rule",
        "{source} ends King Fahd on 1996-01-01, when Crown Prince Abdullah became de facto regent "
        "after Fahd's stroke; we code the king until his death on 2005-08-01"),
    ("SAU", "Abdullah bin Abdulaziz"): (
        "effective_leader_rule",
        "{source} starts Abdullah on 1996-01-01 as de facto regent; we code him from his accession "
        "as king on 2005-08-01"),
    ("RUS", "Mikhail Gorbachev"): (
        "state_succession",
        "{source} ends Gorbachev as Russia's leader after the August 1991 coup and hands Russia to "
        "Yeltsin (RSFSR president); we keep the USSR president as Russia's head of state until the "
        "Soviet Union dissolved on 1991-12-25"),
    ("RUS", "Boris Yeltsin"): (
        "state_succession",
        "{source} starts Yeltsin on 1991-08-21 (after the coup, as RSFSR president); we start him on "
        "1991-12-25, when the USSR dissolved and Russia became its continuator"),
}


# --------------------------------------------------------------------------------------------
# External leader lists
# --------------------------------------------------------------------------------------------

#: Gleditsch–Ward codes that differ from the COW codes in states.csv (Archigos uses G-W).
GW_TO_COW = {260: 255, 340: 345, 529: 530, 678: 679}
#: COW codes that are not in states.csv but belong to a state that is (REIGN codes West Germany
#: before reunification as 260 and united Germany as 255).
EXTRA_COW = {260: "DEU"}


@dataclass(frozen=True, slots=True)
class ExternalSpell:
    """One leader spell from an external list, with its end as a range of possible days."""

    spell_id: str
    code: int
    iso3: str
    leader: str
    start: dt.date
    end_lo: dt.date | None  # None: still in office when the data end
    end_hi: dt.date | None
    end_precision: str  # "day", "month" or "censored"

    def end_text(self) -> str:
        if self.end_precision == "censored" or self.end_lo is None:
            return "in office at data end"
        if self.end_precision == "month":
            return self.end_lo.strftime("%Y-%m")
        return self.end_lo.isoformat()


@dataclass(frozen=True, slots=True)
class ExternalLeaders:
    source: str
    path: str
    data_end: dt.date
    spells: tuple[ExternalSpell, ...]
    unmapped_codes: tuple[int, ...]


def iso3_for_code(code: int, scheme: str = "cow") -> str | None:
    """Our ISO3 code for a COW (``scheme="cow"``) or Gleditsch–Ward (``"gw"``) state code."""
    by_cow = {s.cow_code: s.iso3 for s in states().values() if s.cow_code is not None}
    if scheme == "gw":
        code = GW_TO_COW.get(code, code)
    return by_cow.get(code) or EXTRA_COW.get(code)


def _date_or_none(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    return first, last


def _merge_same_leader(spells: list[ExternalSpell], tolerance: int) -> list[ExternalSpell]:
    """Join back-to-back spells of one person in one state (REIGN splits Kohl at reunification)."""
    merged: list[ExternalSpell] = []
    for spell in sorted(spells, key=lambda s: (s.iso3, s.start)):
        last = merged[-1] if merged else None
        if (last is not None and last.iso3 == spell.iso3 and _norm(last.leader) == _norm(spell.leader)
                and last.end_hi is not None and (spell.start - last.end_hi).days <= tolerance):
            merged[-1] = ExternalSpell(f"{last.spell_id}+{spell.spell_id}", spell.code, spell.iso3,
                                       spell.leader, last.start, spell.end_lo, spell.end_hi,
                                       spell.end_precision)
        else:
            merged.append(spell)
    return merged


def read_archigos(path: str | Path, tolerance_days: int = TOLERANCE_DAYS) -> ExternalLeaders:
    """Read an Archigos leader file (columns obsid, gwcode, leader, startdate, enddate, exit)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    data_end = max(dt.date.fromisoformat(r["enddate"]) for r in rows if r["enddate"])
    spells, unmapped = [], set()
    for row in rows:
        code = int(row["gwcode"])
        iso3 = iso3_for_code(code, "gw")
        if iso3 is None:
            unmapped.add(code)
            continue
        end = _date_or_none(row["enddate"])
        censored = row.get("exit", "").strip().lower() == "still in office" or end is None
        spells.append(ExternalSpell(
            row["obsid"], code, iso3, row["leader"], dt.date.fromisoformat(row["startdate"]),
            None if censored else end, None if censored else end, "censored" if censored else "day"))
    return ExternalLeaders("Archigos", str(path), data_end,
                           tuple(_merge_same_leader(spells, tolerance_days)), tuple(sorted(unmapped)))


def read_reign(path: str | Path, tolerance_days: int = TOLERANCE_DAYS) -> ExternalLeaders:
    """Read a REIGN leader list (columns ccode, leadid, leader, sdate, smonth, syear, emonth, eyear).

    REIGN gives the end as month and year. When the state's next spell starts in that month, its
    start is taken as the end day; otherwise the end is the whole month.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    raw, unmapped = [], set()
    for row in rows:
        code = int(row["ccode"])
        iso3 = iso3_for_code(code, "cow")
        if iso3 is None:
            unmapped.add(code)
            continue
        start = dt.date(int(row["syear"]), int(row["smonth"]), int(row["sdate"]))
        end_month = (int(row["eyear"]), int(row["emonth"])) if row["eyear"] and row["emonth"] else None
        raw.append((iso3, start, code, row, end_month))
    data_end = max(item[1] for item in raw)
    by_state: dict[str, list] = defaultdict(list)
    for item in raw:
        by_state[item[0]].append(item)
    spells = []
    for iso3, items in by_state.items():
        items.sort(key=lambda item: item[1])
        for index, (_, start, code, row, end_month) in enumerate(items):
            if end_month is None:
                spells.append(ExternalSpell(row["leadid"], code, iso3, row["leader"], start,
                                            None, None, "censored"))
                continue
            following = items[index + 1][1] if index + 1 < len(items) else None
            if following is not None and (following.year, following.month) == end_month:
                lo = hi = following
                precision = "day"
            else:
                lo, hi = _month_range(*end_month)
                precision = "month"
            spells.append(ExternalSpell(row["leadid"], code, iso3, row["leader"], start, lo, hi,
                                        precision))
    return ExternalLeaders("REIGN", str(path), data_end,
                           tuple(_merge_same_leader(spells, tolerance_days)), tuple(sorted(unmapped)))


# --------------------------------------------------------------------------------------------
# Our tenures
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OurTenure:
    """Consecutive rows of one person in the effective-leader office of one state."""

    iso3: str
    person: str
    names: tuple[str, ...]
    start: dt.date
    end: dt.date | None
    substantive_start: dt.date | None  # first day not marked acting (None: acting throughout)
    suspended_from: dt.date | None  # another person's acting spell began inside this tenure
    offices: tuple[str, ...]

    @property
    def acting_only(self) -> bool:
        return self.substantive_start is None


@dataclass(frozen=True, slots=True)
class Coverage:
    start: dt.date
    end: dt.date


def our_coverage() -> dict[str, dict[str, Coverage]]:
    """office_coverage.csv as {iso3: {office: Coverage}}."""
    table: dict[str, dict[str, Coverage]] = defaultdict(dict)
    for row in _kb_rows("office_coverage.csv"):
        table[row["iso3"]][row["office"]] = Coverage(dt.date.fromisoformat(row["covered_from"]),
                                                     dt.date.fromisoformat(row["covered_to"]))
    return dict(table)


def our_tenures(iso3: str, tolerance_days: int = TOLERANCE_DAYS) -> list[OurTenure]:
    """Our effective-leader tenures for ``iso3``, following ``EFFECTIVE_LEADER_OFFICE``."""
    rule = EFFECTIVE_LEADER_OFFICE[iso3]
    pieces = []  # (start, end, holder)
    for period in rule.periods:
        p_start, p_end = period.start or dt.date.min, period.end or _FAR
        for holder in office_holders():
            if holder.iso3 != iso3 or holder.office != period.office or holder.title in rule.exclude_titles:
                continue
            h_end = holder.end or _FAR
            start, end = max(holder.start, p_start), min(h_end, p_end)
            if start >= end:
                continue
            cut = start != holder.start or end != h_end
            if cut and (end - start).days < tolerance_days:
                continue  # a sliver left where the mapping switches office (Zubkov on 2008-05-07)
            pieces.append((start, end, holder))
    pieces.sort(key=lambda piece: (piece[0], piece[1]))
    groups: list[list] = []
    open_group: dict[str, list] = {}
    for piece in pieces:
        person = piece[2].person
        group = open_group.get(person)
        if group is not None and (piece[0] - max(p[1] for p in group)).days <= tolerance_days:
            group.append(piece)
        else:
            group = [piece]
            groups.append(group)
            open_group[person] = group
    result = []
    for group in groups:
        person = group[0][2].person
        start = min(p[0] for p in group)
        end = None if any(p[1] == _FAR for p in group) else max(p[1] for p in group)
        # another person's acting spell that begins inside this tenure: a suspension
        suspended = min((p[0] for p in pieces if p[2].acting and p[2].person != person
                         and start < p[0] < (end or _FAR)), default=None)
        result.append(OurTenure(
            iso3, person, tuple(dict.fromkeys(n for p in group for n in (p[2].person, *p[2].aliases))),
            start, end, min((p[0] for p in group if not p[2].acting), default=None), suspended,
            tuple(dict.fromkeys(p[2].office for p in group))))
    return sorted(result, key=lambda t: t.start)


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

_PARTICLES = {"de", "da", "do", "dos", "la", "del", "van", "von", "der", "bin", "ibn", "al", "el",
              "abdulaziz", "abdilaziz", "jr", "sr"}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z]+", " ", text).strip()


def name_score(external: str, names: tuple[str, ...]) -> float:
    """Share of the external name's words found (allowing spelling slips) in one of our names."""
    tokens = [t for t in _norm(external).split() if len(t) > 1 and t not in _PARTICLES]
    compact = _norm(external).replace(" ", "")
    best = 0.0
    for name in names:
        if _norm(name).replace(" ", "") == compact:
            return 1.0
        ours = _norm(name).split()
        if not tokens:
            continue
        hits = sum(any(t == u or (len(t) >= 4 and len(u) >= 4 and
                                  difflib.SequenceMatcher(None, t, u).ratio() >= 0.8) for u in ours)
                   for t in tokens)
        best = max(best, hits / len(tokens))
    return best


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Comparison:
    iso3: str
    status: str
    reason: str | None
    explanation: str
    their_leader: str | None
    their_id: str | None
    their_start: str | None
    their_end: str | None
    our_person: str | None
    our_start: str | None
    our_end: str | None


@dataclass
class SourceReport:
    source: str
    path: str
    data_end: str
    tolerance_days: int
    states: list[str]
    windows: dict[str, tuple[str, str]]
    unmapped_states: list[str] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def compared(self) -> int:
        return len(self.comparisons)

    @property
    def agreeing(self) -> int:
        return sum(c.status != DISAGREE for c in self.comparisons)

    @property
    def strict_agreeing(self) -> int:
        return sum(c.status == AGREE for c in self.comparisons)

    @property
    def rate(self) -> float:
        return self.agreeing / self.compared if self.compared else 0.0

    @property
    def strict_rate(self) -> float:
        return self.strict_agreeing / self.compared if self.compared else 0.0

    @property
    def disagreements(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.status == DISAGREE]

    @property
    def by_definition(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.status == AGREE_BY_DEFINITION]

    def reason_counts(self, status: str = DISAGREE) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for c in self.comparisons:
            if c.status == status:
                counts[c.reason or ""] += 1
        return dict(sorted(counts.items()))

    def per_state(self) -> dict[str, dict[str, int]]:
        """{iso3: {"compared": n, "agreeing": n}} for every compared state."""
        table: dict[str, dict[str, int]] = {}
        for c in self.comparisons:
            entry = table.setdefault(c.iso3, {"compared": 0, "agreeing": 0})
            entry["compared"] += 1
            entry["agreeing"] += c.status != DISAGREE
        return dict(sorted(table.items()))

    def to_dict(self) -> dict:
        return {
            "source": self.source, "path": self.path, "data_end": self.data_end,
            "tolerance_days": self.tolerance_days, "states": self.states,
            "unmapped_states": self.unmapped_states,
            "windows": {k: list(v) for k, v in self.windows.items()},
            "compared": self.compared, "agreeing": self.agreeing,
            "agreeing_strictly": self.strict_agreeing,
            "agreeing_by_definition": len(self.by_definition),
            "disagreeing": len(self.disagreements), "rate": round(self.rate, 4),
            "strict_rate": round(self.strict_rate, 4),
            "per_state": self.per_state(),
            "disagreement_reasons": self.reason_counts(DISAGREE),
            "by_definition_reasons": self.reason_counts(AGREE_BY_DEFINITION),
            "disagreements": [asdict(c) for c in self.disagreements],
            "agreements_by_definition": [asdict(c) for c in self.by_definition],
        }


@dataclass
class CrossCheckReport:
    tolerance_days: int
    window_start: str
    sources: list[SourceReport]

    def to_dict(self) -> dict:
        return {"tolerance_days": self.tolerance_days, "window_start": self.window_start,
                "reasons": REASONS, "by_definition_reasons": sorted(BY_DEFINITION_REASONS),
                "office_mapping": {iso3: {"offices": [asdict(p) | {"start": p.start and p.start.isoformat(),
                                                                   "end": p.end and p.end.isoformat()}
                                                      for p in rule.periods],
                                          "why": rule.why}
                                   for iso3, rule in sorted(EFFECTIVE_LEADER_OFFICE.items())},
                "sources": [s.to_dict() for s in self.sources]}


def _fmt(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _windows(external: ExternalLeaders) -> dict[str, tuple[dt.date, dt.date]]:
    """The comparison window of every state that we and the source both cover."""
    coverage = our_coverage()
    first_seen: dict[str, dt.date] = {}
    for spell in external.spells:
        first_seen[spell.iso3] = min(spell.start, first_seen.get(spell.iso3, spell.start))
    windows = {}
    for iso3, rule in EFFECTIVE_LEADER_OFFICE.items():
        offices = {p.office for p in rule.periods}
        if iso3 not in first_seen or not offices <= set(coverage.get(iso3, {})):
            continue
        start = max([WINDOW_START, first_seen[iso3], *(coverage[iso3][o].start for o in offices)])
        end = min([external.data_end, *(coverage[iso3][o].end for o in offices)])
        if start < end:
            windows[iso3] = (start, end)
    return windows


def compare(external: ExternalLeaders, tolerance_days: int = TOLERANCE_DAYS) -> SourceReport:
    """Compare one external list with our table; every tenure in the window becomes a Comparison."""
    windows = _windows(external)
    report = SourceReport(external.source, external.path, external.data_end.isoformat(),
                          tolerance_days, sorted(windows),
                          {k: (a.isoformat(), b.isoformat()) for k, (a, b) in sorted(windows.items())},
                          sorted(set(our_coverage()) - set(EFFECTIVE_LEADER_OFFICE)))
    tol = dt.timedelta(days=tolerance_days)
    source = external.source
    for iso3, (w_start, w_end) in sorted(windows.items()):
        def clip(day: dt.date | None) -> dt.date:
            return min(max(day or _FAR, w_start), w_end)

        ours = [t for t in our_tenures(iso3, tolerance_days) if clip(t.start) < clip(t.end)]
        theirs = [s for s in external.spells if s.iso3 == iso3
                  and clip(s.start) < clip(s.end_hi if s.end_precision != "censored" else None)]
        matched: set[int] = set()
        for spell in sorted(theirs, key=lambda s: s.start):
            s_start = clip(spell.start)
            censored = spell.end_precision == "censored"
            e_lo, e_hi = (clip(None), clip(None)) if censored else (clip(spell.end_lo), clip(spell.end_hi))
            candidates = []
            for index, tenure in enumerate(ours):
                score = name_score(spell.leader, tenure.names)
                overlap = (min(e_hi, clip(tenure.end)) - max(s_start, clip(tenure.start))).days
                if score >= 0.5 and overlap > 0:
                    candidates.append((score, overlap, index))
            their_fields = dict(their_leader=spell.leader, their_id=spell.spell_id,
                                their_start=spell.start.isoformat(), their_end=spell.end_text())
            if not candidates:
                reason, text = _known(iso3, spell.leader, source)
                if reason is None:
                    same_person = [h for h in office_holders() if h.iso3 == iso3
                                   and name_score(spell.leader, (h.person, *h.aliases)) >= 0.5
                                   and h.start < (spell.end_hi or _FAR) and (h.end or _FAR) > spell.start]
                    if same_person:
                        reason = "effective_leader_rule"
                        text = (f"{source} codes {spell.leader} as leader; we hold "
                                f"{same_person[0].person} as {same_person[0].office} then, not in the "
                                f"office we map for {iso3}")
                    else:
                        reason, text = "missing_in_ours", f"{source} lists {spell.leader}; we have no such leader"
                report.comparisons.append(Comparison(iso3, DISAGREE, reason, text, **their_fields,
                                                     our_person=None, our_start=None, our_end=None))
                continue
            _, _, index = max(candidates)
            matched.add(index)
            tenure = ours[index]
            our_fields = dict(our_person=tenure.person, our_start=tenure.start.isoformat(),
                              our_end=_fmt(tenure.end))
            status, reason, text = _judge(spell, tenure, s_start, e_lo, e_hi, clip, tol, source)
            report.comparisons.append(Comparison(iso3, status, reason, text, **their_fields, **our_fields))
        for index, tenure in enumerate(ours):
            if index in matched:
                continue
            our_fields = dict(our_person=tenure.person, our_start=tenure.start.isoformat(),
                              our_end=_fmt(tenure.end))
            none = dict(their_leader=None, their_id=None, their_start=None, their_end=None)
            if tenure.acting_only:
                report.comparisons.append(Comparison(
                    iso3, AGREE_BY_DEFINITION, "acting_spell",
                    f"we list {tenure.person} as acting leader {tenure.start} to {_fmt(tenure.end)}; "
                    f"{source} has no spell for this acting leader and keeps the leader before or after",
                    **none, **our_fields))
                continue
            reason, text = _known(iso3, tenure.person, source)
            if reason is None:
                reason, text = "missing_in_theirs", f"{source} has no spell for {tenure.person}"
            report.comparisons.append(Comparison(iso3, DISAGREE, reason, text, **none, **our_fields))
    return report


def _known(iso3: str, name: str, source: str) -> tuple[str | None, str]:
    for (state, person), (reason, text) in KNOWN_DIFFERENCES.items():
        if state == iso3 and name_score(name, (person,)) >= 0.99:
            return reason, text.format(source=source)
    return None, ""


def _judge(spell: ExternalSpell, tenure: OurTenure, s_start: dt.date, e_lo: dt.date, e_hi: dt.date,
           clip, tol: dt.timedelta, source: str) -> tuple[str, str | None, str]:
    start_ok = abs(clip(tenure.start) - s_start) <= tol
    start_alt = (not start_ok and tenure.substantive_start is not None
                 and abs(clip(tenure.substantive_start) - s_start) <= tol)
    our_end = clip(tenure.end)
    end_ok = e_lo - tol <= our_end <= e_hi + tol
    end_alt = (not end_ok and tenure.suspended_from is not None
               and e_lo - tol <= clip(tenure.suspended_from) <= e_hi + tol)
    if start_ok and end_ok:
        return AGREE, None, ""
    if (start_ok or start_alt) and (end_ok or end_alt):
        parts = []
        if start_alt:
            parts.append(f"{source} starts {spell.leader} at the substantive appointment "
                         f"({spell.start}); we count the acting spell from {tenure.start}")
        if end_alt:
            parts.append(f"{source} ends {spell.leader} at the suspension ({spell.end_text()}) when "
                         f"an acting president took over; we keep {tenure.person} in office until "
                         f"{_fmt(tenure.end)} and list the acting president from {tenure.suspended_from}")
        return AGREE_BY_DEFINITION, "acting_spell", "; ".join(parts)
    reason, text = _known(tenure.iso3, tenure.person, source)
    if reason is None:
        reason, text = _known(tenure.iso3, spell.leader, source)
    wrong = []
    if not (start_ok or start_alt):
        wrong.append(f"start {spell.start} vs ours {tenure.start}")
    if not (end_ok or end_alt):
        wrong.append(f"end {spell.end_text()} vs ours {_fmt(tenure.end) or 'in office'}")
    detail = f"{source} {'; '.join(wrong)}"
    if reason is None:
        return DISAGREE, "unexplained", detail
    return DISAGREE, reason, f"{text}; {detail}"


def crosscheck(archigos: str | Path | None = None, reign: str | Path | None = None,
               tolerance_days: int = TOLERANCE_DAYS) -> CrossCheckReport:
    """Compare our table with whichever of the two files are given."""
    sources = []
    if archigos is not None:
        sources.append(compare(read_archigos(archigos, tolerance_days), tolerance_days))
    if reign is not None:
        sources.append(compare(read_reign(reign, tolerance_days), tolerance_days))
    return CrossCheckReport(tolerance_days, WINDOW_START.isoformat(), sources)
