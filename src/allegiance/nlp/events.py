"""The ``allegiance_events`` component: turn clauses into CAMEO/PLOVER events.

For every verb the lexicon knows, the coder reads the dependency parse for the source (the
subject, or the ``by`` agent of a passive), the target (the object, or the object of the pattern's
preposition) and the clause's modality. Coordinated actors give one event each, and joint acts
("Seoul and Tokyo agreed") give every direction. A clause without a known source gives nothing:
there is no fallback code, so unknown actors never turn into invented events.
"""

from __future__ import annotations

from itertools import permutations

from spacy.language import Language
from spacy.tokens import Doc, Token

from .. import ontology
from ..records import Actor, Event
from .actors import ActorMention
from .lexicon import Lexicon, VerbPattern, default_lexicon
from .modality import modality
from .timex import event_date

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

#: Prepositions that may introduce a target when the pattern names none.
_TARGET_PREPS = ("with", "against", "on", "to", "toward", "towards", "at", "into", "over", "for", "from")
#: PLOVER types that are joint acts: a target reached through "with" gets both directions.
_JOINT = {"CONSULT", "AGREE", "COOPERATE"}


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


class EventCoder:
    """Codes events on ``doc._.events`` from ``doc._.actors`` and the parse."""

    def __init__(self, nlp: Language, name: str = "allegiance_events", lexicon: Lexicon | None = None):
        self.name = name
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.actors or []
        by_head = {m.head: m for m in mentions}
        events: list[Event] = []
        if mentions:
            for sent_index, sent in enumerate(doc.sents):
                for token in sent:
                    if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
                        events.extend(self._code_verb(doc, token, sent, sent_index, mentions, by_head))
        doc._.events = events
        return doc

    # -- arguments -------------------------------------------------------------------------------

    def _actors_at(self, token: Token | None, mentions, by_head) -> list[ActorMention]:
        """The actors a noun phrase names.

        Follows coordination ("Seoul and Tokyo"), apposition and compounds (a parser may hang "US
        President Donald Trump and North Korean leader Kim Jong Un" off the last name), and "of"
        phrases ("the foreign ministers of Japan and Korea").
        """
        if token is None:
            return []
        found: list[ActorMention] = []
        stack, seen = [token], set()
        while stack:
            current = stack.pop()
            if current.i in seen or len(seen) > 40:
                continue
            seen.add(current.i)
            if current.i in by_head:
                found.append(by_head[current.i])
            elif current.i == token.i or current.dep_ == "conj":
                inside = [m for m in mentions if m.start <= current.i < m.end]
                if inside:
                    found.append(inside[0])
                else:
                    stack += [_child(of, "pobj") for of in current.children
                              if of.dep_ == "prep" and of.lower_ == "of" and _child(of, "pobj") is not None]
            stack += [c for c in current.children if c.dep_ in ("conj", "appos", "compound")]
        unique = []
        for mention in sorted(found, key=lambda m: m.start):
            if mention not in unique:
                unique.append(mention)
        return unique

    def _subject(self, verb: Token) -> tuple[Token | None, bool]:
        """The subject token and whether the clause is passive, climbing to a governing clause."""
        current = verb
        for _ in range(6):
            subject = _child(current, "nsubj", "nsubjpass", "csubj")
            if subject is not None:
                return subject, subject.dep_ == "nsubjpass"
            if current.dep_ == "relcl":
                return current.head, False
            if current.dep_ in ("conj", "xcomp", "advcl") and current.head is not current:
                current = current.head
                continue
            break
        return None, False

    def _prep_objects(self, heads: list[Token], preps: tuple[str, ...]) -> list[tuple[str, Token]]:
        found = []
        for head in heads:
            for child in head.children:
                if child.dep_ in ("prep", "dative") and child.lower_ in preps and (pobj := _child(child, "pobj")):
                    found.append((child.lower_, pobj))
        return found

    def _code_verb(self, doc, verb, sent, sent_index, mentions, by_head) -> list[Event]:
        subject, passive = self._subject(verb)
        direct = _child(verb, "dobj", "obj")
        semantic_object = subject if passive else direct
        pattern = self.lexicon.match(verb, semantic_object)
        if pattern is None or not (pattern.plover or ontology.cameo(pattern.cameo).plover):
            return []  # unknown verbs, and plain statements (CAMEO 01x), are not events
        if passive:
            agent = _child(verb, "agent")
            sources = self._actors_at(_child(agent, "pobj") if agent else None, mentions, by_head)
        else:
            sources = self._actors_at(subject, mentions, by_head)
        if not sources:
            return []
        targets, via = self._targets(verb, pattern, passive, subject, direct, mentions, by_head)
        return self._events(doc, verb, sent, sent_index, pattern, sources, targets, via)

    def _targets(self, verb, pattern: VerbPattern, passive, subject, direct, mentions, by_head):
        heads = [verb] + ([direct] if direct is not None else [])
        if pattern.prep:
            for prep, pobj in self._prep_objects(heads, (pattern.prep,)):
                if found := self._actors_at(pobj, mentions, by_head):
                    return found, prep
        if passive:
            if found := self._actors_at(subject, mentions, by_head):
                return found, "object"
        elif direct is not None and (found := self._actors_at(direct, mentions, by_head)):
            return found, "object"
        if (dative := _child(verb, "dative")) is not None and (found := self._actors_at(
                _child(dative, "pobj") or dative, mentions, by_head)):
            return found, "dative"
        for prep, pobj in self._prep_objects(heads, _TARGET_PREPS):
            if found := self._actors_at(pobj, mentions, by_head):
                return found, prep
        return [], None

    # -- records ---------------------------------------------------------------------------------

    def _events(self, doc, verb, sent, sent_index, pattern, sources, targets, via) -> list[Event]:
        code = ontology.cameo(pattern.cameo)
        plover = pattern.plover or code.plover
        pairs: list[tuple[ActorMention, ActorMention | None]] = []
        if targets:
            pairs = [(s, t) for s in sources for t in targets if s is not t]
            if plover == "CONSULT" or (via == "with" and plover in _JOINT):
                pairs += [(t, s) for s, t in pairs]
        elif len(sources) > 1 and plover in _JOINT | {"SUPPORT", "RETREAT", "ASSAULT"}:
            pairs = list(permutations(sources, 2))
        else:
            pairs = [(s, None) for s in sources]
        seen = set()
        mood = modality(verb)
        when, basis = event_date(verb, sent, doc._.article_date)
        intensity = ontology.plover(plover).intensity if plover else None
        trigger = " ".join(t.text for t in [verb, *(c for c in verb.children if c.dep_ == "prt")])
        events = []
        for source, target in pairs:
            if target is not None and source.code == target.code and via != "object":
                continue  # a state acting on itself only when the text names it as the object
            key = (source.code, target.code if target else None)
            if key in seen:
                continue
            seen.add(key)
            tokens = [verb, doc[source.start], doc[source.end - 1]]
            if target is not None:
                tokens += [doc[target.start], doc[target.end - 1]]
            start = min(t.idx for t in tokens)
            end = max(t.idx + len(t.text) for t in tokens)
            events.append(Event(
                source=_actor(doc, source), target=_actor(doc, target) if target else None,
                cameo=code.code, cameo_name=code.name, goldstein=code.goldstein,
                quad_class=code.quad_class, plover=plover, intensity=intensity, modality=mood,
                trigger=trigger, sentence=sent.text, sent_index=sent_index, start=start, end=end,
                date=when, date_basis=basis,
            ))
        return events


def _actor(doc: Doc, mention: ActorMention) -> Actor:
    span = mention.span(doc)
    return Actor(code=mention.code, country=mention.country, sector=mention.sector, text=span.text,
                 kb_id=mention.kb_id, start=span.start_char, end=span.end_char)


@Language.factory("allegiance_events")
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder(nlp, name)
