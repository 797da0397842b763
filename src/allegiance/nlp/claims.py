"""The ``allegiance_claims`` component: people presented as holding an office.

Three written forms are recognised, each with an optional qualifier (``acting``, ``former``) and
an optional nationality:

- a title before the name: "President Lee Jae Myung", "U.S. Secretary of State Marco Rubio",
  "Japan's prime minister, Shigeru Ishiba", "former President Moon Jae-in";
- an apposition after the name: "Park Jin, the foreign minister", "Kim Min-ji, a senior fellow at
  the Asan Institute";
- the title with its country after it: "the president of South Korea, Lee Jae Myung".

Titles come from the lexicon in ``kb/data/titles.csv``, which normalises them to an office and a
knowledge-base office per country. The office's country is, in order: the one the sentence states
("Japanese", "Japan's", "of Japan"), the one where the named person held that office, the only
country that uses the title ("secretary of state"), or the nearest country named before the title in
the sentence. The date the claim is checked on is the article's date unless the sentence gives its
own ("on Feb. 15", "in 2016", "nearly a decade ago"). Verification against the knowledge base is in
``allegiance.verify``; this component only reads what the text says.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import kb
from ..kb import offices
from ..records import OfficeClaim
from . import timex

if not Doc.has_extension("office_claims"):
    Doc.set_extension("office_claims", default=None)

_QUALIFIERS = {"former": "former", "ex": "former", "late": "former", "acting": "acting",
               "interim": "acting", "caretaker": "acting", "then": None, "outgoing": None,
               "incumbent": None, "current": None, "sitting": None, "new": None, "elected": None,
               "appointed": None}
_NOT_YET = {"incoming", "designate", "nominee", "elect", "future", "would-be", "aspiring", "possible"}
_RANKS = {"vice", "deputy", "assistant", "under", "junior", "first", "second", "parliamentary", "principal"}
_HONORIFICS = {"Dr", "Dr.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Prof.", "Gen.", "Lt.", "Col.", "Adm.",
               "Sir", "Dame", "Professor"}
#: Capitalised words that end a name: what follows a name in news, never part of it.
_NOT_NAME = {
    "The", "A", "An", "And", "But", "Or", "Of", "In", "On", "At", "To", "For", "With", "By", "From", "As",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.",
    "Dec.", "Administration", "Government", "Cabinet", "Office", "Ministry", "Institute", "University",
    "Agency", "Party", "Committee", "Council", "Department", "Embassy", "Company", "Group", "Bank",
    "Foundation", "Center", "Centre", "Forces", "Army", "Navy", "Command", "House", "Summit", "Says",
    "Said", "Told", "He", "She", "They", "It", "We", "I", "This", "That", "These", "Those", "Today",
    "Yesterday", "Tomorrow", "Meanwhile", "However", "Also", "Later", "Earlier", "Instead",
    "According", "Separately", "Despite", "After", "Before", "During", "While", "When", "If",
}
_ORG_END = {"Institute", "Ministry", "Agency", "University", "Office", "Party", "Committee", "Council",
            "Department", "Company", "Group", "Bank", "News", "Times", "Post", "Daily", "Association",
            "Foundation", "Center", "Centre", "Forces", "Army", "Navy", "Command", "Embassy",
            "Administration", "Government", "Assembly", "Court", "Service", "Agency", "Corporation"}
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ](?:[\w’'\-]*\w)?\.?)"
_PARTICLE = r"(?:de|da|van|von|bin|al|la|le|del|der|dos|du)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,4}}"
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
            "a few": 3, "several": 5, "a couple of": 2, "half a": 0.5}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25, "decade": 3652.5}
_AGO = re.compile(
    r"\b(?P<q>nearly|almost|about|around|some|roughly|more than|over|less than|under|just over|just under)?\s*"
    r"(?P<n>a few|several|a couple of|half a|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|twenty|\d+)\s+(?P<u>day|week|month|year|decade)s?\s+(?:ago|earlier|before)\b", re.I)
_DATE_PREFIX = {"on", "in", "during", "at", "by", "last", "this", "of"}
_MONTH_ONLY = re.compile(r"^(?:in\s+|early\s+|late\s+|mid-?)?(?P<month>" + "|".join(calendar.month_name[1:])
                         + r")(?:\s+(?P<year>\d{4}))?$", re.I)
_YEAR_ONLY = re.compile(r"^(?:in\s+|early\s+|late\s+)?(?P<year>(?:19|20)\d\d)$")


@dataclasses.dataclass(frozen=True)
class _Forms:
    title: re.Pattern
    country: re.Pattern
    country_of: dict[str, str]


def _alternation(forms) -> str:
    parts = sorted({f for f in forms if f}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


@lru_cache(maxsize=1)
def _forms() -> _Forms:
    country_of: dict[str, str] = {}
    ambiguous: set[str] = set()
    for state in kb.states().values():
        for form in (state.name, *state.aliases, *state.adjectives, *state.metonyms):
            form = re.sub(r"^the\s+", "", form.strip(), flags=re.I)
            if not form or not form[0].isupper():
                continue
            if country_of.get(form, state.iso3) != state.iso3:
                ambiguous.add(form)
            country_of[form] = state.iso3
    for alias, codes, condition in kb.contextual_aliases():
        if not condition and len(codes) == 1:
            country_of.setdefault(alias, codes[0])
    for form in ambiguous:
        country_of.pop(form, None)
    country_of.update({"United Nations": offices.UN, "U.N.": offices.UN, "UN": offices.UN})
    title = re.compile(rf"(?<![\w.])(?:{_alternation(offices.title_variants())})(?![\w-])", re.I)
    country = re.compile(rf"(?<![\w.])(?:{_alternation(country_of)})(?![\w-])")
    return _Forms(title, country, country_of)


def country_in(text: str) -> str | None:
    """The first state named in ``text`` ("the Korea Security Institute" → KOR), or None."""
    match = _forms().country.search(text)
    return _forms().country_of[match.group(0)] if match else None


# -- sentences -------------------------------------------------------------------------------------

_ENDS = ('.', '!', '?', ':', ';', '"', '”', '’', ')', ']')


def text_sentences(doc: Doc) -> list[Span]:
    """The parser's sentences, rejoined where one was cut before its final punctuation.

    The small model sometimes ends a sentence after a long title ("Japanese Ambassador to South
    Korea | Yasumasa Nagamine met ..."); claims, quotes and figures read the rejoined sentence.
    """
    spans: list[Span] = []
    start = None
    for sent in doc.sents:
        if start is None:
            start = sent.start
        if sent.text.rstrip().endswith(_ENDS) or sent.end == len(doc):
            spans.append(doc[start:sent.end])
            start = None
    if start is not None:
        spans.append(doc[start:len(doc)])
    return spans


def sentence_starts(doc: Doc) -> list[int]:
    return [sent.start_char for sent in doc.sents]


def sentence_at(starts: list[int], char: int) -> int:
    """The index of the parser's sentence that contains character ``char``."""
    import bisect

    return max(0, bisect.bisect_right(starts, char) - 1)


# -- names -----------------------------------------------------------------------------------------

def _clean_name(name: str) -> str:
    """Cut a captured name at the first word that cannot be part of it; drop a possessive."""
    words = name.split()
    while words and words[0].rstrip(",") in _HONORIFICS:
        words = words[1:]
    kept = []
    for word in words:
        bare = re.sub(r"(?:’s|'s|’|')$", "", word)
        if bare in _NOT_NAME or bare.rstrip(".") in _NOT_NAME or (kept and bare in _ORG_END):
            break
        kept.append(bare)
        if bare != word:  # a possessive ends the name
            break
    while kept and kept[-1].endswith(".") and len(kept[-1]) > 2:  # "Lee Min-soo." at a sentence end
        kept[-1] = kept[-1].rstrip(".")
    return " ".join(kept)


def _is_name(name: str) -> bool:
    if not name or not name[0].isupper():
        return False
    if name in _forms().country_of or name.upper() == name and len(name) <= 5:
        return False  # a state or an acronym ("NATO"), not a person
    from .gazetteer import gazetteer

    entries = gazetteer().get(name, ())
    return not any(e.kind not in ("person", "surname") for e in entries)


def _name_end(text: str, from_index: int, name: str) -> int:
    """Where the cleaned ``name`` ends in ``text``, searching from ``from_index``."""
    last = name.split()[-1]
    found = text.find(last, from_index)
    return found + len(last) if found >= 0 else from_index + len(name)


# -- dates -----------------------------------------------------------------------------------------

def _ago_window(match: re.Match, anchor: dt.date) -> tuple[dt.date, dt.date]:
    number = match.group("n").lower()
    count = float(number) if number.isdigit() else _NUMBERS.get(number, 1)
    days = count * _UNIT_DAYS[match.group("u").lower()]
    qualifier = (match.group("q") or "").lower()
    if qualifier in ("nearly", "almost", "less than", "under", "just under"):
        low, high = days, days * 0.75
    elif qualifier in ("more than", "over", "just over"):
        low, high = days * 1.5, days
    elif number in ("a few", "several"):
        low, high = days * 2, days * 0.5
    else:
        low, high = days * 1.2, days * 0.8
    return anchor - dt.timedelta(days=round(low)), anchor - dt.timedelta(days=round(high))


def _window(text: str, anchor: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days a time expression covers, read against the article's date."""
    bare = re.sub(r"^(?:on|in|during|at|by|of)\s+", "", text.strip(), flags=re.I)
    if (m := _YEAR_ONLY.match(bare)) is not None:
        year = int(m.group("year"))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if (m := _MONTH_ONLY.match(bare)) is not None:
        month = list(calendar.month_name).index(m.group("month").capitalize())
        year = int(m.group("year")) if m.group("year") else anchor.year
        if not m.group("year") and month > anchor.month:
            year -= 1
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    lowered = bare.lower()
    if lowered in ("last year", "the previous year", "the year before"):
        return dt.date(anchor.year - 1, 1, 1), dt.date(anchor.year - 1, 12, 31)
    if lowered == "this year":
        return dt.date(anchor.year, 1, 1), anchor
    if lowered == "last month":
        end = anchor.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    day = timex.resolve(bare, anchor)
    if day is not None and re.search(r"\d|day|yesterday|today|tonight", lowered):
        return day, day
    return None


def check_dates(sent: Span, near: int, anchor: dt.date | None) -> tuple[dt.date | None, dt.date | None, str]:
    """The days a claim in ``sent`` is checked on, and why: ``sentence``, ``relative``, ``article``.

    A time expression counts when it stands as an adverbial ("on Feb. 15", "in 2016", "last
    year", "nearly a decade ago"), not as a modifier ("the 2018 agreement"). The one nearest the
    claim wins; a date without a year takes the article's year.
    """
    if anchor is None:
        return None, None, "none"
    found = []
    for match in _AGO.finditer(sent.text):
        position = sent[0].idx + match.start()
        found.append((abs(position - near), *_ago_window(match, anchor), "relative"))
    for ent in sent.ents:
        if ent.label_ != "DATE" or _AGO.search(ent.text):
            continue
        before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        own = ent[0].lower_ in ("last", "this", "yesterday", "today") or ent[0].lower_ in timex._WEEKDAYS
        if not (before in _DATE_PREFIX or own):
            continue
        window = _window(ent.text, anchor)
        if window is not None:
            found.append((abs(ent.start_char - near), *window, "sentence"))
    if not found:
        return anchor, anchor, "article"
    _, start, end, basis = min(found, key=lambda item: item[0])
    return start, end, basis


# -- the component ---------------------------------------------------------------------------------

_LEFT = re.compile(
    r"(?:(?P<the>\bthe|\bThe)\s+)?"
    r"(?:(?P<q1>[Ff]ormer|[Aa]cting|[Ii]nterim|[Cc]aretaker|[Oo]utgoing|[Ii]ncumbent|[Cc]urrent|[Ss]itting|[Tt]he\s+late|[Ii]ncoming|[Nn]ew|[Nn]ewly\s+elected|[Nn]ewly\s+appointed)\s+|(?P<q1h>[Ee]x|[Tt]hen)-)?"
    r"(?:(?P<mod>{country})(?P<poss>’s|'s)?\s+|(?P<owner>[A-Z][\w-]*)(?:’s|'s)\s+)?"
    r"(?P<body>{body})?"
    r"(?:(?P<q2>former|acting|interim|caretaker|outgoing|incoming|new|top)\s+|(?P<q2h>ex|then)-)?"
    r"(?:(?P<rank>[Vv]ice|[Dd]eputy|[Aa]ssistant|Under|[Jj]unior|[Pp]arliamentary|[Pp]rincipal)[\s-]+)?$")
#: Capitalised words of an organisation between a state and a title ("Chinese *Foreign Ministry*
#: spokesperson"); never a qualifier or a rank.
_BODY = r"(?:(?!(?:Former|Acting|Interim|Vice|Deputy|Top|New|Under|First)\b)[A-Z][\w’'-]*\s+){1,3}"
_APPOSITION = re.compile(
    r"(?P<name>{name}),\s+(?:(?P<art>a|an|the)\s+)?"
    r"(?:(?P<q1>former|acting|interim|then|outgoing|new|newly\s+appointed|current)[\s-]+)?"
    r"(?:(?P<mod>{country})(?P<poss>’s|'s)?\s+)?"
    r"(?:(?P<q2>former|acting|interim|new)\s+)?"
    r"(?P<pre>(?:[a-z][\w’'-]*\s+){{0,2}})$")
_ATTACHED = re.compile(r"\s*,?\s*(?:under|led\s+by|headed\s+by|ruled\s+by|governed\s+by)\s+(?:the\s+)?"
                       r"(?:(?:former|acting|interim|then|new)[\s-]+)?", re.I)
_PREPS = {"of", "to", "for", "with", "in", "at", "on", "from", "by", "and", "or", "who", "which", "that",
          "said", "says", "told", "where", "when", "while", "as", "because", "if", "after", "before", "since",
          "then", "than", "but", "is", "was", "are", "were", "be", "been", "has", "had", "have", "not", "also"}


class ClaimExtractor:
    """Marks office claims on ``doc._.office_claims``; needs a parsed Doc and ``doc._.article_date``."""

    def __init__(self, nlp: Language, name: str = "allegiance_claims"):
        self.name = name
        forms = _forms()
        self.left = re.compile(_LEFT.pattern.format(country=forms.country.pattern, body=_BODY))
        self.left_plain = re.compile(_LEFT.pattern.format(country=forms.country.pattern, body="(?!)"))
        self.apposition = re.compile(_APPOSITION.pattern.format(name=_NAME, country=forms.country.pattern))
        self.name_after = re.compile(rf"(?P<comma>,)?\s+(?P<name>{_NAME})")
        self.posting = re.compile(
            rf"\s+(?:to|in|at)\s+(?:the\s+)?(?P<post>{forms.country.pattern}|United Nations)(?![\w-])")
        self.of_country = re.compile(rf"\s+of\s+(?:the\s+)?(?P<of>{forms.country.pattern})(?![\w-])")
        self.tail = re.compile(r"\s+(?P<prep>at|of|with|from|for|to|in)\s+(?P<org>[^,;:()“”\"]+?)(?=[,;:()“”\"]|\.\s|\.$|$|\s+(?:and|who|said|says|told)\b)")

    def __call__(self, doc: Doc) -> Doc:
        claims: list[OfficeClaim] = []
        starts = sentence_starts(doc)
        for sent in text_sentences(doc):
            for claim in self._sentence(doc, sent, 0):
                claims.append(dataclasses.replace(claim, sent_index=sentence_at(starts, claim.start)))
        doc._.office_claims = claims
        return doc

    # A claim is built from one title match in one sentence.
    def _sentence(self, doc: Doc, sent: Span, index: int) -> list[OfficeClaim]:
        forms = _forms()
        text = sent.text
        found: list[OfficeClaim] = []
        taken: list[tuple[int, int]] = []
        for match in forms.title.finditer(text):
            variant = " ".join(match.group(0).lower().split())
            claim = self._before(doc, sent, index, match, variant) or self._after(doc, sent, index, match, variant)
            if claim is None:
                continue
            if any(claim.start < end and start < claim.end for start, end in taken):
                continue
            taken.append((claim.start, claim.end))
            found.append(claim)
        return found

    def _left_context(self, text: str, start: int, body: bool = True) -> re.Match:
        """Qualifiers, state and organisation before a title ("former", "Japanese", "Chinese
        Foreign Ministry"); ``body=False`` reads no organisation words."""
        return (self.left if body else self.left_plain).search(text[max(0, start - 80):start])

    def _before(self, doc, sent, index, match, variant) -> OfficeClaim | None:
        """A title followed by a name: "[former] [Japanese] Foreign Minister Takeshi Iwaya"."""
        text, base = sent.text, sent.start_char
        left = self._left_context(text, match.start())
        position = match.end()
        posting = self.posting.match(text, position) if variant in ("ambassador", "envoy") else None
        if posting:
            position = posting.end()
        of_country = self.of_country.match(text, position)
        if of_country:
            position = of_country.end()
        after = self.name_after.match(text, position)
        if after is None:
            return None
        if left.group("body") and not (left.group("mod") or left.group("the")):
            left = self._left_context(text, match.start(), body=False)
        noun_phrase = bool(left and (left.group("the") or left.group("poss") or left.group("mod")
                                     or left.group("owner"))) or of_country
        if after.group("comma") and not noun_phrase:
            return None
        name = _clean_name(after.group("name"))
        if not _is_name(name) or (not match.group(0)[0].isupper() and not noun_phrase and not left.group("q1")):
            return None
        stated = left.group("mod") if left else None
        country_word = (of_country.group("of") if of_country else None) or stated
        start = match.start() - (len(left.group(0)) if left and left.group(0).strip() else 0)
        if left and left.group("the") and not (left.group("mod") or left.group("q1") or left.group("q2")):
            start = match.start() - len(left.group(0)) + len(left.group("the")) + 1
        end = _name_end(text, after.start("name"), name)
        return self._claim(doc, sent, index, variant, "before", left, country_word, posting, name,
                           base + start, base + end, base + match.start(), None)

    def _after(self, doc, sent, index, match, variant) -> OfficeClaim | None:
        """A name followed by its title: "Park Jin, the foreign minister", "Lee, a fellow at X"."""
        text, base = sent.text, sent.start_char
        window_start = max(0, match.start() - 160)
        left = self.apposition.search(text[window_start:match.start()])
        if left is None:
            return None
        pre = left.group("pre").split()
        if any(word in _PREPS for word in pre):
            return None
        if any(word.strip("’'s") in _ORG_END for word in left.group("name").split()):
            return None  # "the National Assembly, where Speaker ..." names a body, not a person
        name = _clean_name(left.group("name"))
        name = self._trim_sentence_words(doc, base + window_start + left.start("name"), name)
        if not _is_name(name):
            return None
        position = match.end()
        posting = self.posting.match(text, position) if variant in ("ambassador", "envoy") else None
        if posting:
            position = posting.end()
        of_country = self.of_country.match(text, position)
        tail = None if of_country else self.tail.match(text, position)
        organisation = tail.group("org").strip() if tail else None
        if organisation:
            organisation = re.sub(r"^the\s+", "", organisation)
        end = (of_country or tail or posting or match).end()
        country_word = (of_country.group("of") if of_country else None) or left.group("mod")
        if tail and tail.group("prep") == "of" and country_in(organisation or "") is None:
            row = offices.title_for(variant, None, "after")
            if row is not None and row.kb_office:  # "president of the Asan Institute": not a state office
                variant = f"{variant} of {organisation}"
        start = window_start + left.start("name") + left.group("name").find(name.split()[0])
        honorific = re.search(r"(?:Dr|Prof|Mr|Mrs|Ms|Gen|Adm|Sen|Rep)\.\s+$", text[max(0, start - 8):start])
        if honorific:
            start -= len(honorific.group(0))
        return self._claim(doc, sent, index, variant, "after", left, country_word, posting, name,
                           base + start, base + end, base + match.start(), organisation)

    def _trim_sentence_words(self, doc: Doc, start_char: int, name: str) -> str:
        """Drop leading words the parser does not read as a name ("Separately Kim Jong Un")."""
        words = name.split()
        offset = start_char
        while len(words) > 1:
            token = next((t for t in doc if t.idx == offset), None)
            if token is None or token.pos_ in ("PROPN", "NOUN", "X"):
                break
            offset += len(words[0]) + 1
            words = words[1:]
        return " ".join(words)

    def _claim(self, doc, sent, index, variant, form, left, country_word, posting, name, start, end,
               title_start, organisation) -> OfficeClaim | None:
        forms = _forms()
        groups = left.groupdict() if left else {}
        qualifier_words = [w.lower().replace("the ", "").strip() for w in
                           (groups.get("q1"), groups.get("q1h"), groups.get("q2"), groups.get("q2h")) if w]
        if any(w in _NOT_YET for w in qualifier_words) or re.search(
                r"[\s-](?:elect|designate|nominee)\b", doc.text[title_start:end + 12]):
            return None
        qualifier = next((_QUALIFIERS.get(w.split()[-1]) for w in qualifier_words
                          if _QUALIFIERS.get(w.split()[-1])), None)
        rank = groups.get("rank")
        stated = forms.country_of.get(country_word) if country_word else None
        if stated == offices.UN:  # "U.N. Ambassador X": the posting, not the sending state
            stated = None
            if variant in ("ambassador", "envoy") and posting is None:
                variant = "un ambassador"
        basis = "stated" if stated else "none"
        country = stated
        candidates = {row.kb_office for row in offices.title_variants().get(variant, ()) if row.kb_office}
        person_terms = offices.people_named(name)
        kb_person = f"person:{person_terms[0].person}" if person_terms else None
        person = person_terms[0].person if person_terms else name
        if country is None and person_terms:
            matching = [t for t in person_terms if t.office in candidates
                        or (t.office.startswith("ambassador:") and "ambassador" in candidates)]
            # where they held this office; failing that, the one country they held any office in
            countries = {t.iso3 for t in matching} or {t.iso3 for t in person_terms}
            if len(countries) == 1:
                country, basis = countries.pop(), "person"
        if country is None and not person_terms and len(name.split()) == 1 and candidates:
            surname = self._surname_holders(name, candidates, doc._.article_date)
            countries = {t.iso3 for t in surname}
            if len(countries) == 1:
                country, basis = countries.pop(), "person"
                day = doc._.article_date
                if len({t.person for t in surname}) == 1 and day is not None and surname[0].holds_on(day):
                    person, kb_person = surname[0].person, f"person:{surname[0].person}"
        if country is None:
            only = offices.title_countries(variant)
            if only and len(only) == 1:
                country, basis = next(iter(only)), "title"
        row = offices.title_for(variant, country, form)
        if row is None and " of " in variant:  # a post in an organisation ("president of the Asan Institute")
            row = offices.Title((variant,), variant, None, None, True, True, "post in an organisation")
        if country is None and row is not None and (row.kb_office is None or row.kb_office == "ambassador"
                                                    or row.kb_office.startswith("ambassador:")):
            post = forms.country_of.get(posting.group("post")) if posting else None
            country, basis = (country_in(organisation or ""), "stated")
            if country is None:
                country, basis = self._context_country(doc, sent, title_start, row, any_side=True, skip=post)
        elif country is None:
            country, basis = self._context_country(doc, sent, title_start, row)
            row = offices.title_for(variant, country, form) if country else row
        if row is None:
            return None
        office, office_key = row.office, row.kb_office
        if row.kb_office is None:
            office = variant
            portfolio = re.search(r"(?<![\w-])([A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)\s+$", doc.text[max(0, title_start - 40):title_start])
            if variant in ("minister", "secretary") and portfolio and portfolio.group(1) not in forms.country_of \
                    and portfolio.group(1) not in _NOT_NAME:
                office = f"{portfolio.group(1).lower()} {variant}"
                start = min(start, title_start - len(portfolio.group(0)))
        if office_key == "ambassador":
            post = posting.group("post") if posting else None
            code = forms.country_of.get(post) if post else None
            if post == "United Nations":
                code = offices.UN
            office_key = f"ambassador:{code}" if code else None
            office = f"ambassador to {offices.state_name(code)}" if code else "ambassador"
        if rank and f"{rank.lower()} {variant}" not in offices.title_variants():
            office, office_key = f"{rank.lower()} {office}", None
        body = (groups.get("body") or "").strip()
        if body:  # "Chinese Foreign Ministry spokesperson", "National Assembly Speaker": a post of a body
            office, office_key = f"{body.lower()} {variant}" if row.kb_office else office, None
            organisation = organisation or body
        if office_key in ("head_of_state", "head_of_government") and row.countries is None and country:
            used = offices.office_titles(country, office_key)
            if used and row.office not in used:
                office_key = None  # "Japanese President": Japan has no president
        check_from, check_to, date_basis = check_dates(sent, title_start, doc._.article_date)
        if qualifier == "former":
            check_from = None
        title_text = self._title_text(doc, start, end, name, form)
        return OfficeClaim(
            person=person, name_text=name, title=title_text, office=office, office_key=office_key,
            country=country, country_basis=basis, qualifier=qualifier, check_from=check_from,
            check_to=check_to, date_basis=date_basis, form=form, organisation=organisation,
            text=doc.text[start:end], sent_index=index, start=start, end=end,
            kb_person=kb_person,
        )

    @staticmethod
    def _surname_holders(name: str, candidates: set[str], day: dt.date | None) -> list:
        """Terms of the title's offices held by people with this surname ("Prime Minister Kishida"),
        those in office on ``day`` if any."""
        terms = [t for t in offices.all_holders() if (t.office in candidates or (
            "ambassador" in candidates and t.office.startswith("ambassador:"))) and offices.same_person(name, t)]
        current = [t for t in terms if day is not None and t.holds_on(day)]
        return current or terms

    @staticmethod
    def _title_text(doc, start, end, name, form) -> str:
        span = doc.text[start:end]
        if form == "before":
            cut = span.rfind(name)
            return span[:cut].rstrip(" ,") if cut > 0 else span
        cut = span.find(",")
        return span[cut + 1:].strip() if cut >= 0 else span

    @staticmethod
    def _context_country(doc, sent, title_start, row, any_side: bool = False,
                         skip: str | None = None) -> tuple[str | None, str]:
        """The state the sentence ties the title to, and how: ``attached`` when the title hangs on
        a state ("The United States, under President X, ..."), else ``context`` for the nearest state
        named before the title (after it too for minor posts), skipping states where the title
        names no such office. A state merely named nearby is weak evidence: the verifier does not
        contradict an unknown person on it."""
        mentions = [m for m in doc._.actors or [] if m.country
                    and m.kind in ("state", "demonym", "metonym", "context", "institution")
                    and sent.start <= m.start < sent.end]
        before = [m for m in mentions if doc[m.start].idx < title_start]
        ordered = sorted(before, key=lambda m: -m.start)
        if any_side:
            ordered += sorted((m for m in mentions if m not in before), key=lambda m: m.start)
        for mention in ordered:
            if mention.country == skip:
                continue
            between = doc.text[mention.span(doc).end_char:title_start]
            if mention in before and _ATTACHED.fullmatch(between):
                return mention.country, "attached"
            if row is None or row.kb_office is None or row.applies_to(mention.country):
                if row is not None and row.kb_office in ("head_of_state", "head_of_government") and row.countries is None:
                    used = offices.office_titles(mention.country, row.kb_office)
                    if used and row.office not in used:
                        continue
                return mention.country, "context"
        return None, "none"


def link_claims(claims: list[OfficeClaim]) -> list[OfficeClaim]:
    """Carry what an article said earlier about a person to later claims about them.

    "The Republic of Korea, under President Choi, ..." gives Choi's country to the later
    "President Choi's administration"; a later bare surname takes the full name used before.
    """
    known: dict[tuple[str, str], OfficeClaim] = {}
    out = []
    for claim in claims:
        key_full = (offices.name_key(claim.name_text), claim.office)
        surname = claim.name_text.split()[-1] if claim.name_text else ""
        earlier = known.get(key_full)
        if earlier is None and len(claim.name_text.split()) == 1:
            earlier = next((c for (n, o), c in reversed(list(known.items()))
                            if o == claim.office and c.name_text.split()
                            and claim.name_text in (c.name_text.split()[0], c.name_text.split()[-1])), None)
        if earlier is not None:
            changes = {}
            if claim.country is None or (claim.country_basis == "context" and earlier.country_basis != "context"):
                if earlier.country:
                    weak = earlier.country_basis in ("context", "none")
                    changes.update(country=earlier.country, country_basis="context" if weak else "article")
                    row = offices.title_for(claim.office, earlier.country, claim.form)
                    if row is not None and claim.office_key is None and row.kb_office and row.kb_office != "ambassador":
                        changes.update(office_key=row.kb_office)
            if earlier.kb_person and not claim.kb_person:
                changes.update(person=earlier.person, kb_person=earlier.kb_person)
            if changes:
                claim = dataclasses.replace(claim, **changes)
        known[key_full] = claim
        if surname:
            known.setdefault((offices.name_key(surname), claim.office), claim)
        out.append(claim)
    return out


@Language.factory("allegiance_claims")
def make_claim_extractor(nlp: Language, name: str) -> ClaimExtractor:
    return ClaimExtractor(nlp, name)
