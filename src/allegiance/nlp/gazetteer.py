"""Surface forms of actors, gathered from the knowledge base for the phrase matcher.

One table maps each written form ("South Korea", "Pyongyang", "North Korean", "NATO", "Moon Jae-in",
"Moon") to the knowledge-base entries it may stand for. Resolution between several entries (two
leaders called "Kim") happens in the actor component, which knows the article's date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .. import kb

@dataclass(frozen=True, slots=True)
class Entry:
    """What a surface form may refer to."""

    kind: str  # state | demonym | metonym | place | organisation | institution | person | surname | context | ignore
    code: str | None  # ISO3, organisation code, or None for persons (resolved by date)
    kb_id: str
    holders: tuple[kb.OfficeHolder, ...] = ()
    condition: frozenset[str] = frozenset()  # context countries required ("the North")
    sector: str | None = None  # known sector of a named institution (the FBI is police)


def _strip_the(form: str) -> str:
    return re.sub(r"^the\s+", "", form.strip(), flags=re.I)


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[Entry, ...]]:
    """Surface form → entries. Forms are case-sensitive, as written in news."""
    table: dict[str, list[Entry]] = defaultdict(list)

    def add(form: str, entry: Entry) -> None:
        form = form.strip()
        if form and entry not in table[form]:
            table[form].append(entry)

    for state in kb.states().values():
        kb_id = f"state:{state.iso3}"
        for form in (state.name, *state.aliases):
            add(_strip_the(form), Entry("state", state.iso3, kb_id))
        for form in state.adjectives:
            add(form, Entry("demonym", state.iso3, kb_id))
        for form in state.metonyms:
            add(_strip_the(form), Entry("metonym", state.iso3, kb_id))
    for org in kb.organisations().values():
        for form in (org.name, *org.aliases):
            add(_strip_the(form), Entry("organisation", org.code, f"org:{org.code}"))

    for place in kb.places():
        for form in (place.name, *place.aliases):
            add(_strip_the(form), Entry("place", place.iso3, f"place:{place.name}"))

    for body in kb.institutions():
        for form in (body.name, *body.aliases):
            add(_strip_the(form), Entry("institution", body.iso3, f"institution:{body.name}", sector=body.sector))

    by_person: dict[str, list[kb.OfficeHolder]] = defaultdict(list)
    for holder in kb.office_holders():
        by_person[holder.person].append(holder)
    for person, terms in by_person.items():
        aliases = {alias for term in terms for alias in term.aliases}
        add(person, Entry("person", None, f"person:{person}", tuple(terms)))
        for alias in aliases:
            kind = "surname" if len(alias.split()) == 1 else "person"
            add(alias, Entry(kind, None, f"person:{person}", tuple(terms)))

    for alias, codes, condition in kb.contextual_aliases():
        for code in codes:
            add(alias, Entry("context", code, f"state:{code}", condition=condition))
    for phrase in kb.non_actor_phrases():
        add(phrase, Entry("ignore", None, f"ignore:{phrase}"))
    return {form: tuple(entries) for form, entries in table.items()}


@lru_cache(maxsize=1)
def context_forms() -> dict[str, tuple[str, ...]]:
    """For each state named in a contextual condition, the forms that show an article is about it."""
    wanted = {code for _, _, condition in kb.contextual_aliases() for code in condition}
    forms: dict[str, tuple[str, ...]] = {}
    for code in wanted:
        state = kb.states().get(code)
        if state:
            forms[code] = tuple({state.name, *state.aliases, *state.adjectives, *state.metonyms})
    return forms


def context_countries(text: str) -> frozenset[str]:
    """The states (among those contextual aliases depend on) that ``text`` mentions by name."""
    return frozenset(code for code, forms in context_forms().items() if any(f in text for f in forms))
