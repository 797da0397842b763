"""Finding an event's participants in the dependency parse.

Subjects climb to the clause that governs them ("Meeting in Pyongyang, the defence chiefs
signed", "... and warned"); noun phrases follow coordination, apposition and "of" phrases;
pronouns go back to the actor they stand for; targets come from the object, the pattern's
preposition, the actor an event noun points to ("called off Pompeo's trip *to Pyongyang*"), or
the subject of a reported clause ("warned that *Seoul* would regret it").
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Token

from .actors import ActorMention

#: Prepositions that may introduce a target when the pattern names none.
TARGET_PREPS = ("with", "against", "on", "to", "toward", "towards", "at", "into", "over", "for", "from",
                "between")
#: A show of force has a recipient only when it is aimed at, around or into a state; flying over
#: one is not enough.
AIMED_PREPS = ("at", "against", "into", "toward", "towards", "around", "on")
#: Verbal event types, whose object's own prepositions may name the target.
VERBAL_TYPES = {"AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "CONCEDE"}
OBJECT_PREPS = ("by", "from", "for", "to", "with", "against", "on", "toward", "towards")
#: Nouns that name an act, so that "the launches" or "the trip to Pyongyang" points at the actor
#: behind the act or at its destination instead of being a participant itself.
EVENT_NOUNS = {
    "launch", "test", "testing", "drill", "exercise", "attack", "strike", "move", "decision", "step",
    "action", "plan", "trip", "visit", "talk", "talks", "meeting", "summit", "sanction", "tariff",
    "deployment", "provocation", "incident", "explosion", "bombing", "shelling", "invasion",
    "incursion", "remark", "statement", "comment", "policy", "measure", "program", "programme",
    "agreement", "deal", "treaty", "proposal", "offer", "request", "demand", "order", "ban", "curb",
    "control", "restriction", "declaration", "act", "activity", "operation", "flight", "overflight",
    "leaflet", "protest", "rally", "aid", "assistance", "support", "shipment", "sale", "delivery",
    "detonation", "buildup", "build-up", "blockade", "crackdown", "arrest", "detention", "execution",
    "raid", "hack", "cyberattack", "theft", "heist", "violation", "intrusion", "mission", "tour",
    # relationships, whose "with" phrase names the partner: "restored ties with Gondor"
    "tie", "ties", "relation", "relations", "relationship", "contact", "cooperation", "partnership",
    "negotiation", "dialogue", "agreement", "accord", "pact", "truce", "ceasefire",
    # changes to a relationship: "welcomed the resumption of ties with Osgiliath"
    "resumption", "restoration", "normalization", "normalisation", "renewal", "establishment",
    "improvement", "breakdown", "suspension", "severance", "rupture", "reconciliation",
    # acts of force, for "killed in Israeli shelling", "the invasion of South Lebanon"
    "airstrike", "air strike", "shelling", "firefight", "gunfire", "fire", "clash", "fighting", "ambush",
    "offensive", "assault", "bombardment", "shootout", "crossfire", "invasion", "occupation",
}
_MONEY = {"million", "billion", "trillion", "$", "dollar", "won", "yen", "yuan", "euro", "percent"}
#: Measure nouns whose "of" phrase names the real object: "10 days of war games", "a series of tests".
_MEASURES = {"day", "week", "month", "round", "series", "number", "dozen", "hundred", "thousand",
             "ton", "tonne", "kg", "batch", "wave", "set", "package", "shipment", "lot", "pair"}
_PERSONAL = {"he", "him", "his", "she", "her", "hers"}
_NEUTER = {"it", "its"}
_PLURAL = {"they", "them", "their", "theirs"}


#: Prepositions and mention kinds that name where an act takes place.
PLACE_PREPS = ("in", "into", "on", "across", "throughout", "near")
PLACE_KINDS = {"state", "metonym", "context", "dictionary", "place"}
#: Sectors that are organs of the state; the others are groups of its society.
STATE_SECTORS = {None, "GOV", "MIL", "COP", "LEG", "JUD", "SPY"}


def domestic_pair(a: ActorMention, b: ActorMention) -> bool:
    """Two sides of one country that can act on each other: its state and a group of its
    society ("opposition groups in Zimbabwe" and "President Mugabe")."""
    return a.code == b.code and (a.sector in STATE_SECTORS) != (b.sector in STATE_SECTORS)


def child(token: Token | None, *deps: str) -> Token | None:
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ in deps), None)


def _of_object(token: Token) -> bool:
    """The object of an "of" phrase: "tens of *thousands* of people"."""
    return token.dep_ == "pobj" and token.head.lower_ == "of"


def _misjoined(verb: Token) -> bool:
    """A bare infinitive parsed as conjoined to a finite or participle verb ("jailed a student
    for helping militants join a group"): a misparse, so it does not share that verb's subject."""
    return verb.tag_ == "VB" and verb.head.tag_ in ("VBD", "VBN", "VBZ") \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _of_country(mention: ActorMention, country: str) -> ActorMention:
    """A sector-only actor placed in ``country`` ("villagers" → Sudanese villagers)."""
    return dataclasses.replace(mention, code=country, country=country)


def is_event_noun(token: Token) -> bool:
    return token.lemma_.lower() in EVENT_NOUNS or token.lower_ in EVENT_NOUNS


class Arguments:
    """Participant lookups over one parsed Doc and its actor mentions."""

    def __init__(self, doc: Doc, mentions: list[ActorMention]):
        self.doc = doc
        self.mentions = mentions
        self.by_head: dict[int, list[ActorMention]] = {}
        self._resolving: set[int] = set()
        for mention in mentions:
            self.by_head.setdefault(mention.head, []).append(mention)

    # -- subjects and objects ------------------------------------------------------------------

    def subject(self, verb: Token) -> tuple[Token | None, bool]:
        """The subject token and whether the clause is passive, climbing to a governing clause."""
        current, active_complement = verb, False
        for _ in range(6):
            subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")] \
                or self._misparsed_name(current)
            if subjects:  # a parser may give two; prefer the one that names an actor
                subject = next((s for s in subjects if self.actors_at(s)), subjects[0])
                # "Obama is scheduled to attend": the passive is "scheduled", not "attend"; a
                # conjoined verb with its own passive auxiliary is passive whatever its partner
                # is ("were detained ... and were released by Putin")
                if current is not verb and verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children):
                    return subject, True
                return subject, subject.dep_ == "nsubjpass" and not active_complement
            if current.dep_ == "relcl":
                return current.head, False
            if current.dep_ == "conj" and _misjoined(current):
                break
            if current.dep_ in ("conj", "xcomp", "advcl", "acomp") and current.head is not current:
                if current.dep_ == "xcomp" and not any(c.dep_ == "auxpass" for c in current.children):
                    active_complement = True
                current = current.head
                continue
            break
        return None, False

    def _misparsed_name(self, verb: Token) -> list[Token]:
        """A person's name before the verb that the parser took for a preposition ("Barack" in
        "Barack Obama and Vladimir Putin met"): the subject the parse lost."""
        return [c for c in verb.children if c.dep_ == "prep" and c.i < verb.i
                and any(m.start == c.i and m.kind == "person" for m in self.by_head.get(c.i, []))]

    def object_head(self, token: Token | None) -> Token | None:
        """The noun that says what an object is: "$80 million in military aid" → aid."""
        if token is None:
            return None
        if token.like_num or token.lemma_.lower() in _MONEY | _MEASURES or token.pos_ == "NUM":
            inner = next((child(c, "pobj") for c in token.children
                          if c.dep_ == "prep" and c.lower_ in ("in", "of", "worth")), None)
            return inner or token
        return token

    # -- noun phrases to actors ----------------------------------------------------------------

    def actors_at(self, token: Token | None, exclude: frozenset[int] = frozenset(),
                  places: bool = False) -> list[ActorMention]:
        """The actors a noun phrase names (with ``places``, also the cities it names).

        Follows coordination ("Seoul and Tokyo"), apposition and compounds (a parser may hang
        "US President Donald Trump and North Korean leader Kim Jong Un" off the last name),
        "of" phrases ("hundreds of villagers") and pronouns. A city is never a participant by
        itself: "flew to Aleppo" names where, not whom.
        """
        if token is None:
            return []
        found: list[ActorMention] = []
        stack, seen = [token], set()
        while stack:
            current = stack.pop()
            if current is None or current.i in seen or len(seen) > 40:
                continue
            seen.add(current.i)
            if current.i in self.by_head:
                found.extend(self.by_head[current.i])
                # a parser may hang the next item of a list on another word of a name ("Barack
                # Obama and Vladimir Putin" with "Putin" joined to "Obama", the head being "Barack")
                stack += [c for m in self.by_head[current.i] for t in self.doc[m.start:m.end]
                          if t.i != current.i for c in t.children if c.dep_ == "conj"]
            elif current.pos_ == "PRON" and (current.i == token.i or current.dep_ == "conj"):
                found.extend(self.pronoun(current, exclude))
            elif current.i == token.i or current.dep_ == "conj" or _of_object(current):
                inside = [m for m in self.mentions if m.start <= current.i < m.end]
                if inside:
                    found.extend(inside[:1])
                elif is_event_noun(current) and (owner := child(current, "poss")) is not None:
                    stack.append(owner)  # "against the government's decision" → the government
                elif (doer := child(child(child(current, "acl"), "agent"), "pobj")) is not None:
                    stack.append(doer)  # "crimes committed by Croat forces" → the forces
                else:
                    stack += [pobj for of in current.children if of.dep_ == "prep" and of.lower_ == "of"
                              for pobj in of.children if pobj.dep_ in ("pobj", "conj")]
            # an apposition that is a common noun describes an actor already named ("Pakistan, a
            # key U.S. ally"); a name in apposition is one more item of a list ("Mordor, the Shire")
            # a name that only signals a sector ("the US commander, General David Petraeus")
            # describes the actor too
            own = current.i in self.by_head
            stack += [c for c in current.children if c.dep_ in ("conj", "compound")
                      or (c.dep_ == "appos" and (not own or ((c.pos_ == "PROPN" or self._is_name(c))
                                                             and not self._sector_only(c))))]
        unique: list[ActorMention] = []
        for mention in sorted(found, key=lambda m: (m.start, m.code)):
            if mention.kind == "place" and not places:
                continue
            if mention not in unique and mention.head not in exclude:
                unique.append(mention)
        return unique

    def _sector_only(self, token: Token) -> bool:
        """Whether the only actor at a token is a sector noun without a country."""
        found = self.by_head.get(token.i, [])
        return bool(found) and all(m.kind == "agent" for m in found)

    def _is_name(self, token: Token) -> bool:
        """Whether a token is itself the name of its actor ("Fornost"), not a noun it qualifies."""
        return any(token.text in m.name for m in self.by_head.get(token.i, []))

    def pronoun(self, token: Token, exclude: frozenset[int] = frozenset()) -> list[ActorMention]:
        """What a pronoun stands for, from the actors named before it in the paragraph."""
        if token.i in self._resolving:  # "they said they ...": no circular answers
            return []
        self._resolving.add(token.i)
        try:
            return self._pronoun(token, exclude)
        finally:
            self._resolving.discard(token.i)

    def _pronoun(self, token: Token, exclude: frozenset[int]) -> list[ActorMention]:
        word = token.lower_
        before = [m for m in self.mentions if m.end <= token.i and m.head not in exclude and m.kind != "place"]
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ccomp":
            # "North Korea told the WFP it will not accept ...": the teller, not the told
            teller, _ = self.subject(token.head.head)
            kinds = ("person", "surname") if word in _PERSONAL else ("state", "metonym", "organisation", "context")
            if found := [m for m in self.actors_at(teller) if m.kind in kinds]:
                return found
        if word in _PERSONAL:
            people = [m for m in before if m.kind in ("person", "surname")]
            return people[-1:] or [m for m in before if m.sector == "GOV" and m.kind != "agent"][-1:]
        if word in _NEUTER:
            return [m for m in before if m.kind in ("state", "metonym", "organisation", "context")][-1:]
        if word in _PLURAL:
            for verb in reversed([t for t in self.doc[:token.i] if t.pos_ == "VERB"]):
                subject, _ = self.subject(verb)
                parties = self.actors_at(subject) + self.actors_at(child(verb, "dobj"))
                for prep in verb.children:
                    if prep.dep_ == "prep" and prep.lower_ == "with":
                        parties += self.actors_at(child(prep, "pobj"))
                if len({m.code for m in parties}) >= 2:
                    return parties
            return [m for m in before if m.kind != "agent"][-1:]
        return []

    # -- targets -------------------------------------------------------------------------------

    def prep_objects(self, heads: list[Token], preps, depth: int = 2) -> list[tuple[str, Token]]:
        found, frontier = [], [h for h in heads if h is not None]
        for _ in range(depth):
            following = []
            for head in frontier:
                for c in head.children:
                    if c.dep_ in ("prep", "dative") and (pobj := child(c, "pobj")) is not None:
                        if c.lower_ in preps:
                            found.append((c.lower_, pobj))
                        following.append(pobj)
            frontier = following
        return found

    def targets(self, verb: Token, pattern, plover: str | None, passive: bool, subject: Token | None,
                direct: Token | None, depth: int = 0) -> tuple[list[ActorMention], str | None]:
        """The event's targets and how they were found (``depth`` bounds the walk between
        coordinated verbs and their complements)."""
        subject_actors = self.actors_at(subject) if not passive else []
        own = frozenset(m.head for m in subject_actors)
        own_codes = {m.code for m in subject_actors}

        def foreign(found):  # indirect routes never lead back to the source's own state,
            # unless the two sides are its government and a group inside it ("rebels demanded
            # that the government resign")
            return [m for m in found if m.code not in own_codes
                    or any(domestic_pair(m, s) for s in subject_actors)]

        if passive:
            if found := self.actors_at(subject):
                return found, "object"
            direct = subject  # "evidence against Russia was presented": the object's prepositions
        measure = direct  # "70 million dollars of aid for Romania": "for" hangs on the measure
        direct = self.object_head(direct) if direct is not None else None
        heads = [verb] + ([direct] if direct is not None else []) + ([measure] if measure is not direct else [])
        if pattern is not None and pattern.prep:
            for prep, pobj in self.prep_objects(heads, (pattern.prep,)):
                if found := self.actors_at(pobj, own):
                    return found, prep
        preps = AIMED_PREPS if plover == "MOBILIZE" else TARGET_PREPS
        if direct is not None:
            if is_event_noun(direct):
                # "mounted its invasion of South Lebanon": the act's "of" names whom it is done to
                for prep, pobj in self.prep_objects([direct], preps + ("of",), depth=1) \
                        + self.prep_objects([direct], preps):
                    if found := self.actors_at(pobj, own):
                        return found, prep
            if plover != "MOBILIZE" and (found := self.actors_at(direct, own)):
                return found, "object"
            # "denounced Serbia's suppression of ...", "backed Turkey's bid": the owner of the act
            if (found := self.actors_at(child(direct, "poss"), own)):
                return found, "possessor"
            if plover in VERBAL_TYPES:  # "demanded an admission by Moscow", "aid for Taiwan"
                for prep, pobj in self.prep_objects([direct, measure], OBJECT_PREPS, depth=1):
                    if found := self.actors_at(pobj, own):
                        return found, prep
        if (dative := child(verb, "dative")) is not None:
            if found := self.actors_at(child(dative, "pobj") or dative, own):
                return found, "dative"
        for prep, pobj in self.prep_objects([verb] + ([measure] if measure is not direct else []), preps, depth=1):
            if found := self.actors_at(pobj, own):
                return found, prep
        for clause in verb.children:
            if clause.dep_ in ("ccomp", "xcomp") and plover in ("ACCUSE", "THREATEN", "REQUEST", "REJECT"):
                inner, _ = self.subject(clause) if clause.dep_ == "ccomp" else (None, False)
                if found := foreign(self.actors_at(inner, own)):
                    return found, "clause"
        if depth >= 3:
            return [], None
        if (complement := child(verb, "xcomp")) is not None:
            # "refused to meet Jordan's king", "threatened to cut ties with Congo"
            found, via = self.targets(complement, None, plover, False, None, child(complement, "dobj", "obj"),
                                      depth + 1)
            if found := foreign([m for m in found if m.head not in own]):
                return found, via
        for clause in verb.subtree:
            # "threatened to halt talks if the United States goes ahead": the one the condition binds
            if clause.dep_ == "advcl" and plover == "THREATEN" and any(
                    c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children):
                inner, _ = self.subject(clause)
                if found := foreign(self.actors_at(inner, own)):
                    return found, "condition"
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            head = verb.head
            found, via = self.targets(head, None, plover, False, subject, child(head, "dobj", "obj"), depth + 1)
            if found:
                return found, via
        return [], None

    def place(self, verb: Token, direct: Token | None) -> list[ActorMention]:
        """The state of the place an act happens in or to: "in Cizre", "shelled Juba".

        Only a named place (a state, a capital, a region the knowledge base places), never an
        organisation or a group of people.
        """
        def places(token):
            return [m for m in self.actors_at(token, places=True) if m.kind in PLACE_KINDS
                    and m.sector in (None, "GOV") and m.country]
        if direct is not None and (found := places(direct)):
            return found
        for _, pobj in self.prep_objects([verb, direct], PLACE_PREPS):
            if found := places(pobj):
                return found
        return []

    # -- agents without a country ----------------------------------------------------------------

    def resolve_agent(self, mention: ActorMention, others, domestic: bool,
                      unknown: bool = False, venue: frozenset[str] = frozenset()) -> ActorMention | None:
        """Give a sector-only actor ("villagers", "investigators") a country, or drop it.

        In a domestic kind of event it takes the country of the other side ("investigators
        detained Yoon" → South Korean investigators); otherwise the one country its sentence
        names, if there is exactly one. With ``unknown`` (the PETRARCH convention) only the
        phrase's own country counts ("police in Lagos", "its troops"); without one the actor is
        kept with the unknown-country code ``---``, as PETRARCH codes it. Otherwise the one
        country the act takes place in (``venue``) comes first: "protesters torched the German
        embassy in Khartoum" are Sudanese.
        """
        if mention.kind != "agent":
            return mention
        owner = child(self.doc[mention.head], "poss")
        if owner is not None and owner.pos_ == "PRON":  # "its warships"
            countries = {m.country for m in self.pronoun(owner) if m.country}
            if len(countries) == 1:
                return _of_country(mention, countries.pop())
        head = self.doc[mention.head]
        belonging = {m.country for of in head.children if of.dep_ == "prep" and of.lower_ in ("of", "in", "from")
                     for pobj in of.children if pobj.dep_ == "pobj"
                     for m in self.mentions if m.country and m.kind != "agent"
                     and pobj.left_edge.i <= m.head <= pobj.right_edge.i}
        if len(belonging) == 1:  # "exiled leaders of Egypt's Muslim Brotherhood", "Kurds in Syria"
            return _of_country(mention, belonging.pop())
        if not unknown and len(venue) == 1:
            return _of_country(mention, next(iter(venue)))
        if unknown:
            # "ministers from the Georgian government": the modifier was claimed by a longer phrase
            named = {m.country for c in head.children if c.dep_ in ("amod", "compound")
                     for m in self.mentions if m.country and m.kind != "agent" and m.start <= c.i < m.end}
            if len(named) == 1:
                return _of_country(mention, named.pop())
            return mention
        countries = {m.country for m in others if m.country and m.kind != "agent"}
        if not (domestic and len(countries) == 1):
            # otherwise the one other country the sentence names, never the other side's own
            sentence = self.doc[mention.head].sent
            others_countries = countries
            countries = {m.country for m in self.mentions
                         if m.country and m.kind != "agent" and sentence.start <= m.head < sentence.end}
            countries -= others_countries
            if not countries:
                # no other country named: a state organ facing a group of one country's society
                # (or the reverse) is at home ("rebels in the Ivory Coast" and "President Gbagbo")
                countries = {m.country for m in others if m.country and m.kind != "agent"
                             and (m.sector in STATE_SECTORS) != (mention.sector in STATE_SECTORS)}
        return _of_country(mention, countries.pop()) if len(countries) == 1 else None
