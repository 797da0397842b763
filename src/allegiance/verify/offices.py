"""Check an office claim against the dated office-holder knowledge base.

The verdict rules:

- ``supported``: the person held the office on the checked date (as acting holder, when the claim
  says acting); for ``former``, held it before the date and no longer on it.
- ``contradicted``: someone else held the office then (the evidence names them), or the person
  held it only at other times; ``acting`` when the person held it in full; ``former`` when the
  person still held it, or took it up only later.
- ``unverifiable``: the post is not one the knowledge base covers (fellows, spokespeople, an
  ambassador with no posting), the office's country is unknown, the date is outside the
  knowledge base's coverage of that office, or an unknown person is claimed where nobody is
  recorded (a vacancy).

One exception to the coverage rule: after coverage ends, a person the knowledge base records as
having left the office, and been succeeded, is not presumed to have come back, so "Defense
Minister X" a few days after coverage ends is contradicted when X was replaced before it ended.
"""

from __future__ import annotations

import datetime as dt

from ..kb import offices
from ..kb import OfficeHolder
from ..records import OfficeClaim, Verdict


def _label(claim: OfficeClaim) -> str:
    where = offices.state_name(claim.country) if claim.country else "an unknown country"
    return f"{claim.office} of {where}"


def _when(start: dt.date, end: dt.date) -> str:
    return f"on {start}" if start == end else f"between {start} and {end}"


def _term(term: OfficeHolder, named: bool = True) -> str:
    span = f"from {term.start} to {term.end}" if term.end else f"since {term.start}"
    acting = " (acting)" if term.acting else ""
    return f"{term.person}{acting} {span}" if named else f"{span}{acting}"


def _terms(terms: list[OfficeHolder], named: bool = True) -> str:
    return "; ".join(_term(t, named) for t in terms)


def _own_terms(claim: OfficeClaim, who: str, terms: list[OfficeHolder]) -> str:
    """ "Mike Pence held it from ... to ..." or, for a bare surname, the recorded holders so named."""
    if claim.kb_person or len(claim.name_text.split()) > 1:
        return f"{who} held it {_terms(terms, named=False)}"
    return f"the recorded holder(s) named {claim.name_text}: {_terms(terms)}"


def person_terms(claim: OfficeClaim) -> list[OfficeHolder]:
    """The recorded terms of the claimed office held by the person the claim names."""
    if claim.country is None or claim.office_key is None:
        return []
    terms = offices.terms(claim.country, claim.office_key)
    if claim.kb_person:
        person = claim.kb_person.removeprefix("person:")
        return [t for t in terms if t.person == person]
    return [t for t in terms if offices.same_person(claim.name_text, t)]


def verify_claim(claim: OfficeClaim) -> Verdict:
    """The verdict on one office claim, with its evidence."""
    label = _label(claim)
    if claim.office_key is None:
        if claim.office == "ambassador":
            return Verdict("unverifiable", "an ambassador with no posting names no single office")
        return Verdict("unverifiable", f"'{claim.office}' is not an office the knowledge base lists"
                       + (f" for {offices.state_name(claim.country)}" if claim.country else ""))
    if claim.country is None:
        return Verdict("unverifiable", f"the country of this {claim.office} is neither stated nor inferable")
    coverage = offices.coverage(claim.country, claim.office_key)
    if coverage is None:
        return Verdict("unverifiable", f"the knowledge base does not list holders of the {label}")
    if claim.check_to is None:
        return Verdict("unverifiable", "the article has no date to check the claim on")
    mine = person_terms(claim)
    who = claim.person if claim.kb_person else claim.name_text
    if not mine and claim.country_basis == "context":
        return Verdict("unverifiable", f"{who} is not in the knowledge base and the sentence does not say "
                                       f"which country's {claim.office} is meant ({offices.state_name(claim.country)} "
                                       "is only named nearby)")
    if claim.qualifier == "former":
        return _former(claim, coverage, mine, label, who)
    start, end = claim.check_from or claim.check_to, claim.check_to
    when = _when(start, end)
    if start > coverage.end:
        last = offices.holders_between(claim.country, claim.office_key, coverage.end, coverage.end)
        left = mine and all(t.end is not None and t.end <= coverage.end for t in mine)
        if left and last and not any(t in mine for t in last):
            return Verdict(
                "contradicted",
                f"{who} left the office on {max(t.end for t in mine)}; {_terms(last)} held it when the "
                f"knowledge base's coverage ends ({coverage.end}), before the checked date {start}",
                tuple(t.person for t in last))
        return Verdict("unverifiable", f"{when} is after the knowledge base's coverage of the {label} "
                                       f"(to {coverage.end})")
    if end < coverage.start:
        return Verdict("unverifiable", f"{when} is before the knowledge base's coverage of the {label} "
                                       f"(from {coverage.start})")
    start, end = max(start, coverage.start), min(end, coverage.end)
    held = offices.holders_between(claim.country, claim.office_key, start, end)
    own = [t for t in held if t in mine]
    if own:
        if claim.qualifier == "acting" and not any(t.acting for t in own):
            return Verdict("contradicted", f"{who} held the {label} {when} in full, not as acting holder "
                                           f"({_terms(own)})", tuple(t.person for t in own))
        return Verdict("supported", f"{who} was {label} {when} ({_terms(own)})")
    if held:
        other = f"{_own_terms(claim, who, mine)}" if mine else f"{who} is not a recorded holder"
        return Verdict("contradicted", f"the {label} {when} was {_terms(held)}; {other}",
                       tuple(dict.fromkeys(t.person for t in held)))
    if mine:
        return Verdict("contradicted", f"nobody is recorded as {label} {when}; {_own_terms(claim, who, mine)}")
    return Verdict("unverifiable", f"nobody is recorded as {label} {when} (a vacancy); "
                                   f"{who} is not a recorded holder")


def _former(claim: OfficeClaim, coverage, mine: list[OfficeHolder], label: str, who: str) -> Verdict:
    day = claim.check_to
    before = [t for t in mine if t.start < day]
    if before:
        still = [t for t in mine if t.holds_on(min(day, coverage.end))]
        if still and day > coverage.end:
            return Verdict("unverifiable", f"{who} still held the {label} when the knowledge base's coverage "
                                           f"ends ({coverage.end}), before {day}")
        if still:
            return Verdict("contradicted", f"{who} still held the {label} on {day}: {_terms(still)}",
                           (still[0].person,))
        return Verdict("supported", f"{who} had been {label} before {day} ({_terms(before)})")
    if mine:
        return Verdict("contradicted", f"{who} took up the {label} only after {day}: {_terms(mine)}")
    return Verdict("unverifiable", f"{who} is not among the recorded holders of the {label} "
                                   f"since {coverage.start}")
