"""Apply a loaded verb dictionary's patterns (``kb.patterns``) to a parsed verb.

The event coder asks this module first for every verb when the user loaded a verb dictionary:
a verb the dictionary lists is coded as the dictionary says (the best matching pattern, else
the verb's or its block's code), and the parse still finds the actors, unless the pattern
marks them itself with ``$`` (source) or ``+`` (target).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..kb.dictionaries import SPEECH_VERBS
from ..kb.patterns import NEGATIONS, Hit, PatternBook, Sentence
from .actors import ActorMention

#: Dependents of a verb that state its modality: a pattern that names one of them ("WILL NOT
#: *", "INDICATED SHOULD *") codes that modality explicitly, so its event counts as stated.
MODAL_DEPS = {"neg", "aux", "auxpass", "advmod", "preconj"}


@dataclass(frozen=True, slots=True)
class DictionaryCoding:
    """A dictionary's coding of one verb, on the sentence's tokens."""

    hit: Hit
    sources: tuple[ActorMention, ...]  # named by ``$``; empty: let the parse find them
    targets: tuple[ActorMention, ...]  # named by ``+``
    stated: bool  # the pattern spells out the verb's negation or modality

    @property
    def codes_nothing(self) -> bool:
        return self.hit.code is None and self.hit.reverse is None


def _sentence(sent: Span, verb: Token, mentions: list[ActorMention]) -> Sentence:
    offset = sent.start
    actors = {}
    for mention in mentions:
        if sent.start <= mention.start and mention.end <= sent.end:
            for i in range(mention.start, mention.end):
                actors[i - offset] = (mention.start - offset, mention.end - offset)
    upper = max(verb.right_edge.i + 1, verb.i + 1)
    return Sentence([t.text.upper() for t in sent], actors, _compounds(sent, mentions), 0,
                    min(upper, sent.end) - offset)


def _compounds(sent: Span, mentions: list[ActorMention]) -> dict[int, tuple[int, int]]:
    """Coordinated actors of the sentence as one span each, for PETRARCH's ``%``: actors whose
    heads are joined by ``conj`` ("Gondor and Osgiliath", "Arnor, Calenardhon and Gondor")."""
    by_head = {m.head: m for m in mentions if sent.start <= m.start and m.end <= sent.end}
    groups: dict[int, list[ActorMention]] = {}
    for head, mention in by_head.items():
        root = sent.doc[head]
        while root.dep_ == "conj" and root.head.i in by_head:
            root = root.head
        groups.setdefault(root.i, []).append(mention)
    spans = {}
    for group in groups.values():
        if len({m.head for m in group}) > 1:
            start, end = min(m.start for m in group) - sent.start, max(m.end for m in group) - sent.start
            spans.update({i: (start, end) for i in range(start, end)})
    return spans


def code_verb(book: PatternBook, verb: Token, mentions: list[ActorMention]) -> DictionaryCoding | None:
    """The dictionary's coding of ``verb``, or None when the dictionary does not list it."""
    sent = verb.sent
    sentence = _sentence(sent, verb, mentions)
    keys = list(dict.fromkeys((verb.text.upper(), verb.lemma_.upper())))
    hit = book.code(sentence, verb.i - sent.start, keys)
    if hit is None or (hit.pattern is None and verb.lemma_.lower() in SPEECH_VERBS):
        return None  # attribution is not an event (docs/lexicon.md): only a speech verb's
        #              patterns ("SAID * WAS LIE") code, not its bare code

    def at(span):
        if span is None:
            return ()
        start, end = span[0] + sent.start, span[1] + sent.start
        return tuple(m for m in mentions if start <= m.start and m.end <= end)

    matched = {i + sent.start for i in hit.words}
    modal = {c.i for c in verb.children if c.dep_ in MODAL_DEPS}
    negation = any(verb.doc[i].text.upper() in NEGATIONS for i in matched)
    # a negation the pattern skipped over ("SAID WOULD *" in "said he would not provide")
    # still negates the act
    unmatched = any(c.dep_ == "neg" and c.i not in matched for c in verb.children)
    stated = negation or (not unmatched and (bool(matched & modal)
                                             or any(verb.doc[i].dep_ == "aux" for i in matched if i < verb.i)))
    return DictionaryCoding(hit, at(hit.source), at(hit.target), stated)


def first_actor_after(verb: Token, mentions: list[ActorMention], exclude) -> list[ActorMention]:
    """The first actor named in the verb's phrase after the verb, PETRARCH's target when the
    parse gives none ("wire tapped all links leading into Mordor")."""
    end = verb.right_edge.i + 1
    taken = {m.head for m in exclude}
    # an adverbial clause with its own subject ("after a halfling was reported at Cirith
    # Ungol") is another event; an infinitive ("signed an accord to supply Gondor") is not
    aside = {t.i for c in verb.children if c.dep_ == "advcl"
             and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for t in c.subtree}
    # nor is what the verb's clause adds after a comma ("established relations, a blow to
    # North Korea")
    comma = min((c.i for c in verb.children if c.text == "," and c.i > verb.i), default=end)
    aside |= {t.i for c in verb.children if c.i > comma for t in c.subtree}
    after = [m for m in mentions if verb.i < m.start and m.end <= end and m.head not in taken
             and m.head not in aside]
    if not after:
        return []
    first = min(after, key=lambda m: m.start)
    return [m for m in after if m.start == first.start]


def clause_subjects(verb: Token, args) -> list[ActorMention]:
    """Actors standing as the subject of the verb's clause when the parse's subject lookup
    finds none: a subject hung on the verb's auxiliary ("The Philippines was heavily
    criticized") or on its left, or the subject of the clause before it that governs it, whose
    words a pattern may name ("Ethiopia indicated it would act": ``INDICATED WOULD *``)."""
    for token in (verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))):
        for c in token.children:
            if c.dep_ in ("nsubj", "nsubjpass") and (found := args.actors_at(c) or _first_within(c, args)):
                return found
    # a noun the parse hung on the verb's left instead of making it the subject ("Ethiopia act")
    left = {t.i for c in verb.lefts if c.dep_ in ("compound", "npadvmod", "dep", "nmod") for t in c.subtree}
    if found := [m for m in args.mentions if m.head in left]:
        last = max(found, key=lambda m: m.end)
        return [m for m in found if m.end == last.end]
    if verb.dep_ in ("ccomp", "xcomp", "conj") and verb.head.i < verb.i:
        subject, _ = args.subject(verb.head)
        if subject is not None:
            return args.actors_at(subject) or _first_within(subject, args)
    subject, _ = args.subject(verb)
    return _first_within(subject, args) if subject is not None else []


def _first_within(phrase: Token, args) -> list[ActorMention]:
    """The first actor named inside a subject phrase ("Eriador's death toll" → Eriador)."""
    inside = {t.i for t in phrase.subtree}
    found = [m for m in args.mentions if m.head in inside]
    if not found:
        return []
    first = min(found, key=lambda m: m.start)
    return [m for m in found if m.start == first.start]
