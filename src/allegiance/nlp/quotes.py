"""The ``allegiance_quotes`` component: who said what, quoted directly or reported.

Direct quotations are found by their quotation marks and kept only when a speech verb attributes
them, in any of the usual orders:

- "“…,” stated Ambassador Kim" and "“…,” Kim said" (attribution after the quote);
- "Kim said: “…”" (before it);
- "“…,” Kim said, “…”" and "“…,” said Kim. “…”": one quotation split around its attribution,
  kept as one quote.

Quotation marks around a short phrase with no speech verb ("a “Korea Peak”") are scare quotes,
not quotes. Indirect quotations are clauses reported by a speech verb ("Kim said (that) …",
"…, Kim said") and "according to Kim, …".

The speaker is resolved to a name, a title, an organisation and, where known, a country, from
the office claims found in the speaker's phrase ("Dr. Kim Min-ji, a fellow at the Asan Institute")
or from the actors named in it ("South Korea's military said"). A pronoun takes the last named
speaker of the same paragraph.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..records import Quote
from .claims import _HONORIFICS, _NAME, _clean_name, _is_name, sentence_at, sentence_starts

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)

SPEECH_VERBS = {
    "say", "state", "tell", "add", "comment", "note", "explain", "write", "argue", "warn", "insist",
    "remark", "ask", "declare", "continue", "stress", "emphasize", "emphasise", "announce",
    "acknowledge", "admit", "claim", "reply", "respond", "observe", "contend", "assert", "maintain",
    "recall", "predict", "caution", "complain", "confirm", "tweet", "post", "testify", "concede",
    "quip", "conclude", "point", "urge",
}
_PRONOUNS = {"he", "she", "they", "i", "we", "it"}
_QUOTED = re.compile(r"“(?P<a>[^“”]+)(?:”|$)|\"(?P<b>[^\"]+)(?:\"|$)", re.M)
_MIN_WORDS = 4


def _speech_verb(token: Token) -> bool:
    return token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX")


def _span_of(tokens: list[Token]) -> Span | None:
    if not tokens:
        return None
    doc = tokens[0].doc
    return doc[min(t.i for t in tokens):max(t.i for t in tokens) + 1]


def _subject(verb: Token) -> Span | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("which", "that", "who", "what"):
            tokens = [t for t in child.subtree]
            while tokens and tokens[-1].is_punct:
                tokens.pop()
            return _span_of(tokens)
    return None


class QuoteExtractor:
    """Marks quotes on ``doc._.quotes``; runs after ``allegiance_claims`` to name the speakers."""

    def __init__(self, nlp: Language, name: str = "allegiance_quotes"):
        self.name = name
        self.name_pattern = re.compile(_NAME)

    def __call__(self, doc: Doc) -> Doc:
        starts = sentence_starts(doc)
        direct = self._direct(doc)
        quoted = [(q.start, q.end) for q in direct]
        indirect = self._indirect(doc, quoted)
        quotes = sorted(direct + indirect, key=lambda q: q.start)
        quotes = resolve_pronouns(quotes)
        doc._.quotes = [dataclasses.replace(q, sent_index=sentence_at(starts, q.start)) for q in quotes]
        return doc

    # -- direct quotations -----------------------------------------------------------------------

    def _segments(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(open, close, content start, content end) character offsets of quoted passages."""
        found = []
        for match in _QUOTED.finditer(doc.text):
            group = "a" if match.group("a") is not None else "b"
            found.append((match.start(), match.end(), match.start(group), match.end(group)))
        return found

    def _attribution_after(self, doc: Doc, close: int, limit: int) -> tuple[Token, Span] | None:
        """A speech verb and its speaker right after a closing quotation mark ("…,” Kim said)."""
        tokens = [t for t in doc if close <= t.idx < limit]
        for token in tokens[:8]:
            if token.text in ("“", "\"") :
                break
            if _speech_verb(token):
                speaker = _subject(token) or self._name_after(doc, token, limit)
                if speaker is not None:
                    return token, speaker
        return None

    def _attribution_before(self, doc: Doc, open_: int, floor: int) -> tuple[Token, Span] | None:
        """A speaker and speech verb right before an opening quotation mark ("Kim said: “…”")."""
        tokens = [t for t in doc if floor <= t.idx < open_]
        if not tokens or tokens[-1].text not in (",", ":", "that"):
            return None  # "announced its “Made in China 2025” plan": a name in quotation marks
        while tokens and tokens[-1].text in (",", ":", "that"):
            tokens.pop()
        for token in reversed(tokens[-4:]):  # "Kim told reporters: “…”"
            if token.is_punct:
                break
            if _speech_verb(token):
                speaker = _subject(token)
                if speaker is not None:
                    return token, speaker
        return None

    def _name_after(self, doc: Doc, verb: Token, limit: int) -> Span | None:
        """For "stated Ambassador Kim" parsed without a subject: the name right after the verb."""
        after = doc.text[verb.idx + len(verb.text):limit]
        match = self.name_pattern.match(after.lstrip())
        if not match:
            return None
        start = verb.idx + len(verb.text) + (len(after) - len(after.lstrip())) + match.start()
        return doc.char_span(start, start + len(match.group(0)), alignment_mode="expand")

    def _direct(self, doc: Doc) -> list[Quote]:
        segments = self._segments(doc)
        quotes: list[Quote] = []
        used: set[int] = set()
        for number, (open_, close, start, end) in enumerate(segments):
            if number in used:
                continue
            content = doc.text[start:end]
            if len(content.split()) < _MIN_WORDS:
                continue
            next_open = segments[number + 1][0] if number + 1 < len(segments) else len(doc.text)
            prev_close = segments[number - 1][1] if number > 0 else 0
            spoken = content.rstrip().endswith((",", ".", "?", "!", "…", "—")) or doc.text[close:close + 1] == ","
            after = self._attribution_after(doc, close, next_open) if spoken else None
            before = None if after else self._attribution_before(doc, open_, prev_close)
            found = after or before
            if found is None:
                continue
            verb, speaker = found
            parts = [(start, end)]
            if after is not None and number + 1 < len(segments):
                # "“…,” Kim said, “…”": the attribution sits between two parts of one quotation
                gap = doc.text[max(speaker.end_char, verb.idx + len(verb.text)):next_open]
                later = segments[number + 2][0] if number + 2 < len(segments) else len(doc.text)
                own = self._attribution_after(doc, segments[number + 1][1], later)
                if own is None and not _speech_after_gap(gap) and len(gap) < 120:
                    nxt = segments[number + 1]
                    parts.append((nxt[2], nxt[3]))
                    used.add(number + 1)
            text = _join([doc.text[a:b].strip() for a, b in parts]).rstrip(",")
            quotes.append(self._quote(doc, "direct", text, verb, speaker, parts[0][0], parts[-1][1]))
        return quotes

    # -- indirect quotations ---------------------------------------------------------------------

    def _indirect(self, doc: Doc, quoted: list[tuple[int, int]]) -> list[Quote]:
        def inside(a: int, b: int) -> bool:
            return any(a < qe and qs < b for qs, qe in quoted)

        quotes = []
        for token in doc:
            if _speech_verb(token):
                clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
                speaker = _subject(token)
                if clause is None or speaker is None or speaker.root.pos_ == "PRON" and speaker.root.lower_ == "it":
                    continue
                tokens = [t for t in clause.subtree if not (t.i == clause.left_edge.i and t.lower_ == "that")]
                while tokens and tokens[-1].is_punct:
                    tokens.pop()
                while tokens and tokens[0].is_punct:
                    tokens.pop(0)
                span = _span_of(tokens)
                if span is None or len(span) < 3 or inside(span.start_char, span.end_char):
                    continue
                quotes.append(self._quote(doc, "indirect", span.text, token, speaker, span.start_char,
                                          span.end_char))
            elif token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
                to = next(c for c in token.children if c.lower_ == "to")
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                speaker = _span_of(list(pobj.subtree))
                phrase = _span_of(list(token.subtree))
                sent = token.sent
                if phrase.start - sent.start > sent.end - phrase.end:  # "…, according to Kim."
                    start_char, end_char = sent.start_char, phrase.start_char
                else:  # "According to Kim, …"
                    start_char, end_char = phrase.end_char, sent.end_char
                text = doc.text[start_char:end_char]
                stripped = text.strip(" ,.;:“”\"\n")
                if len(stripped.split()) < 3 or inside(start_char, end_char):
                    continue
                start_char += text.find(stripped)
                span_end = start_char + len(stripped)
                text, span = stripped, None
                quotes.append(self._quote(doc, "indirect", text, token, speaker, start_char, span_end))
        return quotes

    # -- speakers --------------------------------------------------------------------------------

    def _quote(self, doc: Doc, kind: str, text: str, verb: Token, speaker: Span, start: int, end: int) -> Quote:
        claims = [c for c in doc._.office_claims or [] if c.start < speaker.end_char and speaker.start_char < c.end]
        name = title = organisation = country = None
        if claims:
            claim = claims[0]
            start_char, end_char = min(claim.start, speaker.start_char), max(claim.end, speaker.end_char)
            speaker = doc.char_span(start_char, end_char, alignment_mode="expand") or speaker
            name = claim.person if claim.kb_person else claim.name_text
            title, organisation, country = claim.office, claim.organisation, claim.country
        else:
            name = self._name_in(speaker)
            if name is None and any(ent.label_ == "ORG" for ent in speaker.ents):
                organisation = speaker.text
            for mention in doc._.actors or []:
                span = mention.span(doc)
                if speaker.start <= span.start and span.end <= speaker.end:
                    country = country or mention.country
                    if mention.kind in ("person", "surname") and mention.kb_id.startswith("person:"):
                        name = mention.kb_id.removeprefix("person:")  # "Kishida" → Fumio Kishida
                    if mention.kind in ("organisation", "institution", "state", "metonym", "agent") and not name:
                        organisation = organisation or span.text
        lemma = "according to" if verb.lower_ == "according" else verb.lemma_.lower()
        return Quote(kind=kind, text=text.strip(), verb=lemma, speaker_text=speaker.text,
                     speaker_name=name, speaker_title=title, speaker_organisation=organisation,
                     speaker_country=country, sent_index=0, start=start, end=end,
                     speaker_start=speaker.start_char, speaker_end=speaker.end_char)

    def _name_in(self, speaker: Span) -> str | None:
        if speaker.root.lower_ in _PRONOUNS:
            return None
        people = [ent for ent in speaker.ents if ent.label_ == "PERSON"]
        other = [ent for ent in speaker.ents if ent.label_ in ("ORG", "GPE", "NORP", "FAC", "LOC")]
        candidates = [ent.text for ent in people]
        for match in self.name_pattern.finditer(speaker.text):
            start = speaker.start_char + match.start()
            if not any(ent.start_char <= start < ent.end_char for ent in other):
                candidates.append(match.group(0))
        for candidate in candidates:
            name = _clean_name(candidate)
            if name and name not in _HONORIFICS and _is_name(name) and any(
                    t.pos_ == "PROPN" for t in speaker if t.text in name.split()):
                return name
        return None


def resolve_pronouns(quotes: list[Quote]) -> list[Quote]:
    """A quote whose speaker is "he", "she" or "they" takes the last named speaker before it
    (within a paragraph here, across the article in ``annotate``)."""
    out, last = [], None
    for quote in quotes:
        if quote.speaker_name is None and quote.speaker_text.lower() in ("he", "she", "they") and last:
            quote = dataclasses.replace(quote, speaker_name=last.speaker_name, speaker_title=last.speaker_title,
                                        speaker_organisation=last.speaker_organisation,
                                        speaker_country=last.speaker_country)
        if quote.speaker_name:
            last = quote
        out.append(quote)
    return out


def _join(parts: list[str]) -> str:
    """The parts of a quotation split around its attribution, as one passage: the comma that
    led into the attribution goes, or becomes a full stop before a new sentence."""
    text = parts[0]
    for part in parts[1:]:
        if text.endswith(","):
            text = text[:-1] + ("." if part[:1].isupper() else "")
        text = f"{text} {part}"
    return text


def _speech_after_gap(gap: str) -> bool:
    """Whether the text between two quoted parts says more than an attribution (then they are
    two quotations, not one split around its speaker)."""
    return bool(re.search(r"\b(?:but|while|whereas|however)\b", gap)) or gap.count(".") > 1


@Language.factory("allegiance_quotes")
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor(nlp, name)
