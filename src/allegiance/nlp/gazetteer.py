"""Surface forms of actors, gathered from the knowledge base for the phrase matcher.

One table maps each written form ("South Korea", "Pyongyang", "North Korean", "NATO", "Moon Jae-in",
"Moon") to the knowledge-base entries it may stand for. Resolution between several entries (two
leaders called "Kim") happens in the actor component, which knows the article's date. Cities from
the GeoNames gazetteer (``kb.geonames``) come last and only under names the knowledge base does not
already give, so its hand-written places, states and people always win.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .. import kb
from ..kb import offices
from ..kb.geonames import gazetteer_places

@dataclass(frozen=True, slots=True)
class Entry:
    """What a surface form may refer to."""

    kind: str  # state | demonym | metonym | place | organisation | institution | person | surname | context | ignore
    code: str | None  # ISO3, organisation code, or None for persons (resolved by date)
    kb_id: str
    holders: tuple[kb.OfficeHolder, ...] = ()
    condition: frozenset[str] = frozenset()  # context countries required ("the North")
    sector: str | None = None  # known sector of a named institution (the FBI is police)
    current_only: bool = False  # a person named only while in office (other_office_holders.csv)


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

    for form, entry in _people():
        add(form, entry)

    for alias, codes, condition in kb.contextual_aliases():
        for code in codes:
            add(alias, Entry("context", code, f"state:{code}", condition=condition))
    for phrase in kb.non_actor_phrases():
        add(phrase, Entry("ignore", None, f"ignore:{phrase}"))
    for place in gazetteer_places():  # last: every name the knowledge base gives wins over a city
        if place.name not in table:
            add(place.name, Entry("place", place.iso3, f"place:{place.name}"))
    return {form: tuple(entries) for form, entries in table.items()}


def _people() -> list[tuple[str, Entry]]:
    """Forms of office holders' names and what they stand for.

    Holders of the main offices (``office_holders.csv``) are named by their full names and
    aliases, a one-word alias being a surname that counts only while they hold office. Holders of
    the other offices (``other_office_holders.csv``: ministers of finance and trade, ambassadors,
    military chiefs, spokespeople, national security advisers) are named by full names only, and
    only on dates they held one of those offices (``Entry.current_only``): a spokesperson's surname
    is too weak a clue, and out of office they are private people. A person in both tables is
    one entry with all their terms, so Xi Jinping as vice president in 2010 is Chinese government.
    """
    main: dict[str, list[kb.OfficeHolder]] = defaultdict(list)
    other: dict[str, list[kb.OfficeHolder]] = defaultdict(list)
    for holder in kb.office_holders():
        main[holder.person].append(holder)
    for holder in offices.other_office_holders():
        other[holder.person].append(holder)
    found = []
    for person in dict.fromkeys([*main, *other]):
        terms = (*main.get(person, ()), *other.get(person, ()))
        current_only = person not in main
        names = [person, *dict.fromkeys(a for t in terms for a in t.aliases if len(a.split()) > 1)]
        found += [(name, Entry("person", None, f"person:{person}", terms, current_only=current_only))
                  for name in names]
        surnames = dict.fromkeys(a for t in main.get(person, ()) for a in t.aliases if len(a.split()) == 1)
        found += [(alias, Entry("surname", None, f"person:{person}", tuple(main[person]))) for alias in surnames]
    return found


@lru_cache(maxsize=1)
def city_forms() -> frozenset[str]:
    """The forms that name only a GeoNames city. The actor component looks these up word by word
    instead of adding thousands of patterns to its phrase matcher, which would add most of a second
    to every pipeline start."""
    table = gazetteer()
    return frozenset(place.name for place in gazetteer_places()
                     if all(entry.kind == "place" for entry in table.get(place.name, ()))
                     and place.name not in kb_place_forms())


@lru_cache(maxsize=1)
def kb_place_forms() -> frozenset[str]:
    """The forms of the hand-written places (``places.csv``)."""
    return frozenset(_strip_the(form) for place in kb.places() for form in (place.name, *place.aliases))


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
