"""The ``allegiance_actors`` component: find who is named in a sentence, as countries and sectors.

A phrase matcher finds the knowledge base's surface forms (states, demonyms, capitals and seats of
government, organisations, office holders). Each match is then widened to the noun phrase it sits
in, because the sector lives there: "South Korea's *military*", "North Korean *troops*", "the
*foreign minister* of Japan". Leaders are resolved by the article's date, so "Moon" in 2018 is the
South Korean president and "Trump" is the American one in 2019 and in 2025.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .. import kb
from .gazetteer import Entry, gazetteer

#: Titles that may stand before a leader's name without making it part of a longer name.
_TITLE_WORDS = {"President", "Prime", "Minister", "Premier", "Chancellor", "Chairman", "Secretary",
                "Leader", "King", "Queen", "Emperor", "Vice", "Foreign", "Defense", "Defence",
                "Acting", "Former", "Mr.", "Mrs.", "Ms.", "Gen.", "General", "State", "Supreme"}
_NOT_A_LEADER_BEFORE = {"Dr.", "Dr", "Prof.", "Professor"}
_DATE_CONTEXT = {"in", "on", "since", "until", "by", "last", "next", "early", "late", "mid", "of"}
_OFFICE_SECTOR = {"defence_minister": "MIL"}
_KIND_RANK = {"person": 0, "surname": 1, "organisation": 2, "state": 3, "metonym": 4,
              "context": 5, "demonym": 6}


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in a Doc: the noun phrase, what it resolved to, and how."""

    start: int  # token span of the noun phrase
    end: int
    head: int  # the phrase's head token, where the parser attaches verbs
    code: str
    country: str | None
    sector: str | None
    kind: str
    kb_id: str
    name: str  # the matched surface form

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


for _name, _default in (("actors", None), ("article_date", None), ("context", frozenset())):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@lru_cache(maxsize=1)
def _signal_pattern() -> tuple[re.Pattern, dict[str, str]]:
    table = kb.sector_of_signal()
    alternation = "|".join(re.escape(signal) for signal in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), table


def sector_in(text: str) -> str | None:
    """The sector signalled in a phrase; the signal nearest its end (its head) wins."""
    pattern, table = _signal_pattern()
    found = None
    for match in pattern.finditer(text.lower()):
        found = table[match.group(0)]
    return found


def _phrase_head(token: Token) -> Token:
    """The head of the noun phrase a name sits in ("Korea" in "South Korea's military" → military)."""
    while token.dep_ in ("compound", "amod", "poss", "nmod", "nummod") and token.head is not token \
            and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in ("NOUN", "PROPN"):
        owner = token.head.head
        if sector_in(owner.text) or sector_in(" ".join(t.text for t in owner.lefts) + " " + owner.text):
            return owner
    return token


def _phrase_span(head: Token, match: Span) -> tuple[int, int]:
    start = min([match.start] + [t.left_edge.i for t in head.lefts if t.dep_ != "punct"] + [head.i])
    end = max(match.end, head.i + 1)
    return start, end


class ActorRecognizer:
    """Marks actor mentions on ``doc._.actors``; needs a parsed Doc and ``doc._.article_date``."""

    def __init__(self, nlp: Language, name: str = "allegiance_actors"):
        self.name = name
        self.table = gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        forms = list(self.table)
        for index in range(0, len(forms), 1000):
            chunk = forms[index:index + 1000]
            for form, pattern in zip(chunk, nlp.tokenizer.pipe(chunk)):
                self.matcher.add(form, [pattern])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            form = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=form))
        mentions = []
        for span in self._best_spans(spans):
            mention = self._resolve(doc, span, self.table[span.label_])
            if mention is not None:
                mentions.append(mention)
        doc._.actors = _merge_by_head(mentions)
        return doc

    def _best_spans(self, spans: list[Span]) -> list[Span]:
        """Non-overlapping matches: longer first; at equal length a name beats a contextual alias,
        so "the North Korean" reads as "North Korean", not "the North" + "Korean"."""
        def rank(span: Span):
            contextual = all(e.kind == "context" for e in self.table[span.label_])
            return (-len(span), contextual, span.start)

        taken: set[int] = set()
        chosen = []
        for span in sorted(spans, key=rank):
            if not taken.intersection(range(span.start, span.end)):
                chosen.append(span)
                taken.update(range(span.start, span.end))
        return sorted(chosen, key=lambda span: span.start)

    def _resolve(self, doc: Doc, span: Span, entries: tuple[Entry, ...]) -> ActorMention | None:
        if any(entry.kind == "ignore" for entry in entries):
            return None
        entries = [e for e in entries if e.kind != "context" or (not e.condition or e.condition & doc._.context)]
        if not entries:
            return None
        entry = min(entries, key=lambda e: _KIND_RANK.get(e.kind, 9))
        code = entry.code
        sector = None
        if entry.kind in ("person", "surname"):
            if entry.kind == "surname" and not _standalone_surname(doc, span):
                return None
            holder = _pick_holder(entries, doc._.article_date, require_office=entry.kind == "surname")
            if holder is None:
                return None
            code, entry = holder.iso3, Entry(entry.kind, holder.iso3, holder.kb_id)
            in_office = doc._.article_date is None or holder.holds_on(doc._.article_date)
            sector = _OFFICE_SECTOR.get(holder.office, "GOV") if in_office else "ELI"
        head = _phrase_head(span.root)
        start, end = _phrase_span(head, span)
        phrase = doc[start:end].text
        if head.i > span.root.i or entry.kind in ("metonym", "state"):
            sector = sector_in(phrase) or sector
        if sector is None and entry.kind in ("metonym", "organisation"):
            sector = sector_in(span.text) or ("IGO" if entry.kind == "organisation" else "GOV")
        is_state = entry.kind not in ("organisation",)
        return ActorMention(start, end, head.i, code, code if is_state else None, sector,
                            entry.kind, entry.kb_id, span.text)


def _standalone_surname(doc: Doc, span: Span) -> bool:
    """A bare surname counts only as a whole name, not inside "Lee Min-soo" or "in May"."""
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if not span.text[:1].isupper() or span.root.pos_ not in ("PROPN", "NOUN"):
        return False
    if before is not None and (before.text in _NOT_A_LEADER_BEFORE or before.lower_ in _DATE_CONTEXT
                               or (before.pos_ == "PROPN" and before.text not in _TITLE_WORDS)):
        return False
    if after is not None and (after.like_num or (after.pos_ == "PROPN" and after.text != "'s")
                              or after.text == "-"):
        return False
    return True


def _pick_holder(entries, day: dt.date | None, require_office: bool) -> kb.OfficeHolder | None:
    """The office holder a name means on ``day``: one in office, heads of state first."""
    terms = [term for entry in entries for term in entry.holders]
    if not terms:
        return None
    rank = {office: index for index, office in enumerate(kb.OFFICES)}
    if day is not None:
        current = [t for t in terms if t.holds_on(day)]
        if current:
            return min(current, key=lambda t: (rank.get(t.office, 9), t.acting))
        if require_office:
            return None
        past = [t for t in terms if t.start <= day]
        return max(past or terms, key=lambda t: t.start)
    if len({t.person for t in terms}) == 1:
        return terms[0]
    return None


def _merge_by_head(mentions: list[ActorMention]) -> list[ActorMention]:
    """One mention per phrase head; a named person beats the adjective before the name."""
    best: dict[int, ActorMention] = {}
    for mention in mentions:
        kept = best.get(mention.head)
        if kept is None or _KIND_RANK.get(mention.kind, 9) < _KIND_RANK.get(kept.kind, 9):
            if kept is not None:
                mention = ActorMention(min(kept.start, mention.start), max(kept.end, mention.end),
                                       mention.head, mention.code, mention.country,
                                       mention.sector or kept.sector, mention.kind, mention.kb_id,
                                       mention.name)
            best[mention.head] = mention
    return sorted(best.values(), key=lambda m: m.start)


@Language.factory("allegiance_actors")
def make_actor_recognizer(nlp: Language, name: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, name)
