"""The ``allegiance_figures`` component: numbers with what they measure, and who says so.

Every percentage, sum of money, quantity and count the parser tags is read into a value with its
unit ("percent", "USD", "people"), what it measures ("information exchange between the two
countries", "people traveled abroad"), the direction of a change ("a 17% *reduction*", "exports
*rose* 5%"), a hedge ("more than", "nearly") and, for "four of the 10 sectors", the total. The
attribution is the speaker of the quote the number sits in, the "according to" source, or the
source of the data a verb of evidence reports ("Data from the Bank of Korea show ...").

Years, numbers that are part of names ("G7"), and definite references ("the two countries") are
not figures.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..records import Figure
from .claims import sentence_at, sentence_starts

if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)

_LABELS = {"PERCENT", "MONEY", "QUANTITY", "CARDINAL"}
_HEDGES = ("more than", "less than", "fewer than", "at least", "at most", "up to", "as many as",
           "as much as", "close to", "just over", "just under", "nearly", "almost", "about", "around",
           "roughly", "some", "approximately", "over", "under", "below", "above", "an estimated",
           "estimated")
_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
          "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
          "ninety": 90, "a dozen": 12, "dozen": 12, "half": 0.5, "a half": 0.5, "a third": 1 / 3,
          "a quarter": 0.25, "a hundred": 100, "a thousand": 1000, "two-thirds": 2 / 3, "two thirds": 2 / 3,
          "one-third": 1 / 3, "one third": 1 / 3, "three-quarters": 0.75, "three quarters": 0.75,
          "one-quarter": 0.25, "a fifth": 0.2, "one-fifth": 0.2}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "mn": 1e6, "bn": 1e9, "m": 1e6, "b": 1e9, "k": 1e3}
_CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR",
               "euro": "EUR", "euros": "EUR", "£": "GBP", "pound": "GBP", "pounds": "GBP", "¥": "JPY",
               "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "won": "KRW", "₩": "KRW", "rubles": "RUB",
               "roubles": "RUB", "ruble": "RUB"}
INCREASE = {"increase", "rise", "growth", "gain", "jump", "surge", "climb", "expand", "expansion", "boost",
            "grow", "soar", "rebound", "hike", "raise", "up", "higher", "more", "double", "triple", "spike",
            "accelerate", "add", "widen", "swell", "upturn", "uptick"}
DECREASE = {"reduction", "reduce", "decrease", "decline", "drop", "fall", "cut", "down", "lower", "fewer",
            "less", "shrink", "plunge", "slump", "loss", "contraction", "contract", "slide", "dip", "erosion",
            "plummet", "tumble", "sink", "slow", "narrow", "downturn", "lose", "halve", "shed", "decreased"}
_EVIDENCE_VERBS = {"indicate", "show", "suggest", "reveal", "find", "estimate", "put", "project", "forecast",
                   "report", "calculate", "record", "count", "say", "state", "find", "confirm", "tally"}
_DATA_NOUNS = {"data", "figure", "figures", "statistic", "statistics", "survey", "report", "study", "analysis",
               "estimate", "estimates", "number", "numbers", "poll", "research", "record", "records", "census",
               "datum"}
_DEFINITE = {"the", "these", "those", "its", "their", "his", "her", "our", "both", "all"}
_NUMBER = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def parse_value(text: str) -> tuple[float | None, str | None, str]:
    """(value, hedge, rest of the text) of a number as written: "over 28 million" → (28e6, "over", "")."""
    lowered = " ".join(text.lower().replace("–", "-").split())
    hedge = next((h for h in _HEDGES if lowered.startswith(h + " ")), None)
    if hedge:
        lowered = lowered[len(hedge):].strip()
    value = None
    match = _NUMBER.search(lowered)
    rest = lowered
    if match:
        value = float(match.group("num").replace(",", ""))
        rest = lowered[match.end():].strip()
    else:
        for word in sorted(_WORDS, key=len, reverse=True):
            if re.match(rf"{re.escape(word)}\b", lowered):
                value = float(_WORDS[word])
                rest = lowered[len(word):].strip()
                break
    if value is None:
        return None, hedge, lowered
    while rest:
        word = rest.split()[0].strip("-")
        if word in _SCALES and not (word in ("m", "b", "k") and len(rest.split()) > 1):
            value *= _SCALES[word]
            rest = rest[len(rest.split()[0]):].strip()
        else:
            break
    return value, hedge, rest


def _direction(words) -> str | None:
    for word in words:
        if word in INCREASE:
            return "increase"
        if word in DECREASE:
            return "decrease"
    return None


def _source(tokens) -> str | None:
    """An attribution as written, with its article ("the Bank of Korea")."""
    kept = [t for t in tokens if not t.is_space]
    while kept and kept[0].is_punct:
        kept.pop(0)
    while kept and kept[-1].is_punct:
        kept.pop()
    return kept[0].doc.text[kept[0].idx:kept[-1].idx + len(kept[-1].text)] if kept else None


def _phrase(tokens, drop: set[int]) -> str | None:
    kept = [t for t in tokens if t.i not in drop]
    while kept and (kept[0].is_punct or kept[0].lower_ in _DEFINITE or kept[0].lower_ in ("a", "an", "of")):
        kept.pop(0)
    while kept and kept[-1].is_punct:
        kept.pop()
    if not kept:
        return None
    doc = kept[0].doc
    return doc.text[kept[0].idx:kept[-1].idx + len(kept[-1].text)]


class FigureExtractor:
    """Marks figures on ``doc._.figures``; runs after ``allegiance_quotes`` to credit quoted numbers."""

    def __init__(self, nlp: Language, name: str = "allegiance_figures"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        starts = sentence_starts(doc)
        figures: list[Figure] = []
        ents = [ent for ent in doc.ents if ent.label_ in _LABELS]
        consumed: set[int] = set()
        for number, ent in enumerate(ents):
            if ent.start in consumed:
                continue
            figure = self._figure(doc, ent, ents[number + 1:], consumed)
            if figure is not None:
                figures.append(Figure(**{**figure, "sent_index": sentence_at(starts, figure["start"])}))
        doc._.figures = figures
        return doc

    def _figure(self, doc: Doc, ent: Span, later: list[Span], consumed: set[int]) -> dict | None:
        value, hedge, rest = parse_value(ent.text)
        if value is None:
            return None
        root = ent.root
        before = doc[ent.start - 1] if ent.start > 0 else None
        total = None
        total_ent = self._total(doc, ent, later)
        if ent.label_ == "CARDINAL":
            if _YEAR.match(ent.text.strip()) or (value == 1 and not hedge):
                return None
            if any(t.pos_ == "PROPN" and not t.like_num for t in ent) or root.head.pos_ == "PROPN" and root.dep_ == "compound":
                return None
            if total_ent is None and before is not None and before.lower_ in _DEFINITE:
                return None
            if root.head.lower_ in ("%", "percent") or root.dep_ == "nummod" and root.head.ent_type_ in ("DATE", "TIME"):
                return None
            if ent.end < len(doc) and doc[ent.end].text in ("-", "–"):
                return None  # "a three-way hotline", "a 300-seat chamber": part of a word
        if total_ent is not None:
            consumed.add(total_ent.start)
            total = parse_value(total_ent.text)[0]
        unit, counted = self._unit(doc, ent, rest, total_ent)
        measure, direction = self._measure(doc, ent, counted)
        return {"text": ent.text, "value": value, "unit": unit, "measure": measure, "direction": direction,
                "qualifier": hedge, "total": total, "attribution": self._attribution(doc, ent),
                "start": ent.start_char, "end": ent.end_char}

    @staticmethod
    def _total(doc: Doc, ent: Span, later: list[Span]) -> Span | None:
        """ "four of the 10 sectors": the 10."""
        if ent.end + 2 >= len(doc) or doc[ent.end].lower_ != "of":
            return None
        for candidate in later[:1]:
            gap = doc[ent.end + 1:candidate.start]
            if candidate.label_ == "CARDINAL" and all(t.lower_ in ("the", "a") for t in gap):
                return candidate
        return None

    @staticmethod
    def _unit(doc: Doc, ent: Span, rest: str, total_ent: Span | None) -> tuple[str | None, Token | None]:
        text = ent.text.lower()
        if ent.label_ == "PERCENT":
            return ("percentage points" if "point" in text else "percent"), None
        if ent.label_ == "MONEY":
            for symbol, code in _CURRENCIES.items():
                if symbol in text.split() or (not symbol.isalpha() and symbol in text):
                    return code, None
            return (rest.split()[-1] if rest else None), None
        if ent.label_ == "QUANTITY":
            words = [w for w in re.sub(r"[\d.,]+", " ", text).split() if w not in _HEDGES and w not in _SCALES]
            return (" ".join(words) or None), None
        if ent.label_ == "CARDINAL" and re.search(r"\b(?:half|thirds?|quarters?|fifth)\b", text):
            noun = ent.root.head if ent.root.head.pos_ in ("NOUN", "PROPN") else None
            return "share", noun
        anchor = (total_ent or ent).root
        noun = anchor.head if anchor.dep_ in ("nummod", "quantmod", "compound") and anchor.head.pos_ in ("NOUN", "PROPN") else None
        if noun is None and total_ent is None:
            of = next((c for c in anchor.children if c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            noun = pobj
        if noun is None or noun.pos_ == "PRON":
            return None, None
        words = [t.text for t in noun.lefts if t.dep_ in ("amod", "compound") and t.i > (total_ent or ent).end - 1]
        return " ".join(words + [noun.text]), noun

    @staticmethod
    def _measure(doc: Doc, ent: Span, counted: Token | None) -> tuple[str | None, str | None]:
        root = ent.root
        inside = set(range(ent.start, ent.end))
        head = root.head
        if counted is not None:  # a count: what is counted, and what they did
            appositions = {t.i for child in counted.children if child.dep_ == "appos" for t in child.subtree}
            tokens = [t for t in counted.subtree if t.i not in appositions]
            words = _phrase([t for t in tokens if t.i >= counted.i or t.dep_ in ("amod", "compound")], inside)
            governor = counted
            while governor.dep_ in ("appos", "conj", "pobj", "prep") and governor.head.i != governor.i:
                governor = governor.head
            verb = governor.head if governor.dep_ in ("nsubj", "nsubjpass") else None
            if verb is not None and verb.pos_ in ("VERB", "AUX"):
                tail = [t for t in verb.rights if not t.is_punct and t.dep_ not in ("ccomp", "conj", "cc")][:1]
                extra = " ".join(_phrase(list(t.subtree), inside) or "" for t in tail).strip()
                words = f"{words} {verb.text}{(' ' + extra) if extra else ''}"
            return words, _direction([verb.lemma_.lower()] if verb is not None else [])
        if head.pos_ in ("NOUN", "PROPN") and root.dep_ in ("compound", "nummod", "amod", "npadvmod", "quantmod"):
            prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "on", "for")), None)
            direction = _direction([head.lemma_.lower()])
            if prep is not None and direction:
                tokens = list(prep.subtree)[1:]
                for sibling in head.rights:  # "a drop in exports | to China" as the parser attaches it
                    if sibling.i > prep.i and sibling.dep_ == "prep" and sibling.lower_ in ("to", "for", "between", "with"):
                        pobj = next((c for c in sibling.children if c.dep_ == "pobj"), None)
                        if pobj is not None and not pobj.like_num and not pobj.ent_type_ in ("MONEY", "DATE", "PERCENT", "CARDINAL"):
                            tokens += list(sibling.subtree)
                return _phrase(tokens, inside), direction
            return _phrase(list(head.subtree), inside), direction
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
            owner = head.head  # "a tremor of magnitude 5": the tremor
            return _phrase([t for t in owner.subtree if t.i < head.i], inside), _direction([owner.lemma_.lower()])
        if ent.label_ == "MONEY" and root.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr"):
            prep = next((c for c in root.children if c.dep_ == "prep" and c.lower_ in ("in", "for", "of", "on")), None)
            if prep is None and root.dep_ == "dobj":  # the parser often hangs "in aid" on the verb
                prep = next((c for c in head.children if c.dep_ == "prep" and c.i == ent.end
                             and c.lower_ in ("in", "for", "on")), None)
            if prep is not None:  # "10 million dollars in humanitarian aid"
                return _phrase(list(prep.subtree)[1:], inside), _direction([root.head.lemma_.lower()])
        verb = head.head if head.dep_ == "prep" and head.lower_ in ("by", "to", "at") else head
        if verb.pos_ in ("VERB", "AUX"):
            subject = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.i not in inside), None)
            subject = subject or next((c for c in verb.children if c.dep_ == "nsubj"), None)
            measure = _phrase(list(subject.subtree), inside) if subject is not None else None
            return measure, _direction([verb.lemma_.lower()])
        return None, None

    @staticmethod
    def _attribution(doc: Doc, ent: Span) -> str | None:
        for quote in doc._.quotes or []:
            if quote.start <= ent.start_char < quote.end:
                return quote.speaker_name or quote.speaker_organisation or quote.speaker_text
        sent = ent.sent
        for token in sent:
            if token.lower_ in ("citing", "according"):
                target = next((c for c in token.children if c.dep_ in ("dobj", "pobj")), None)
                if token.lower_ == "according":
                    to = next((c for c in token.children if c.lower_ == "to"), None)
                    target = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
                if target is not None:
                    return _source(target.subtree)
        verb = ent.root
        while verb.head.i != verb.i and not (verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _EVIDENCE_VERBS):
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _EVIDENCE_VERBS:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                source = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")), None)
                pobj = next((c for c in source.children if c.dep_ == "pobj"), None) if source is not None else None
                if pobj is not None and subject.lemma_.lower() in _DATA_NOUNS:
                    return _source(pobj.subtree)
                if subject.lemma_.lower() not in _DATA_NOUNS and subject.pos_ != "PRON":
                    return _source(subject.subtree)
        for token in sent:
            if token.lemma_.lower() in _DATA_NOUNS:
                source = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"), None)
                pobj = next((c for c in source.children if c.dep_ == "pobj"), None) if source is not None else None
                if pobj is not None:
                    return _source(pobj.subtree)
        return None


@Language.factory("allegiance_figures")
def make_figure_extractor(nlp: Language, name: str) -> FigureExtractor:
    return FigureExtractor(nlp, name)
