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
from ..kb import offices
from .gazetteer import Entry, city_forms, gazetteer

#: Titles that may stand before a leader's name without making it part of a longer name.
_TITLE_WORDS = {"President", "Prime", "Minister", "Premier", "Chancellor", "Chairman", "Secretary",
                "Leader", "King", "Queen", "Emperor", "Vice", "Foreign", "Defense", "Defence",
                "Acting", "Former", "Mr.", "Mrs.", "Ms.", "Gen.", "General", "State", "Supreme"}
_NOT_A_LEADER_BEFORE = {"Dr.", "Dr", "Prof.", "Professor"}
_DATE_CONTEXT = {"in", "on", "since", "until", "by", "last", "next", "early", "late", "mid", "of"}
#: Surnames that are also words of the calendar: after "in", "by" or "since" they are dates.
_CALENDAR_WORDS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
                   "Friday", "Saturday", "Sunday", "Spring", "Summer", "Autumn", "Winter", "Christmas",
                   "Easter"}
_COUNTRY_KINDS = {"state", "demonym", "metonym", "context"}
#: Sectors of institutions that are organs of a state (see ``_yields_to_stated``).
_STATE_ORGAN_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG"}
#: Prepositions that tie a sector noun to its country: "the army of Chad", "police in Lagos",
#: "soldiers from Gondor".
_OWNER_PREPS = ("of", "in", "from")
_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "agent"}
_KIND_RANK = {"person": 0, "surname": 1, "organisation": 2, "institution": 3, "state": 4,
              "metonym": 5, "dictionary": 6, "context": 7, "demonym": 8, "place": 10}


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


class SectorSignals:
    """Phrases that signal a sector ("troops" → MIL), found nearest the end of a phrase.

    The knowledge base gives the default table; a pipeline that loads agent dictionaries gets its
    own table of their phrases, so one pipeline's dictionaries never leak into another.
    ``templates`` keeps a loaded agent's PETRARCH template ("~GOV", "NGO~"), which says whether
    its code follows or precedes the actor's.
    """

    def __init__(self, extra: dict[str, str] | None = None, templates: dict[str, str] | None = None):
        self.templates = dict(templates or {})
        self.table = {phrase: t.strip("~") for phrase, t in self.templates.items()} if self.templates \
            else {**kb.sector_of_signal(), **(extra or {})}
        alternation = "|".join(re.escape(signal) for signal in sorted(self.table, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")

    def sector_in(self, text: str) -> str | None:
        """The sector signalled in a phrase; the signal nearest its end (its head) wins."""
        found = None
        for match in self.pattern.finditer(text.lower()):
            found = self.table[match.group(0)]
        return found

    def agents_in(self, text: str) -> list[str]:
        """Every agent template named in a phrase, in order ("~GOV"; "NGO~" for a prefix)."""
        return [self.templates.get(m.group(0), "~" + self.table[m.group(0)])
                for m in self.pattern.finditer(text.lower())]


@lru_cache(maxsize=1)
def default_signals() -> SectorSignals:
    return SectorSignals()


def sector_in(text: str) -> str | None:
    """The sector the built-in signal table finds in ``text``."""
    return default_signals().sector_in(text)


def _phrase_head(token: Token, signals: SectorSignals) -> Token:
    """The head of the noun phrase a name sits in ("Korea" in "South Korea's military" → military).

    A possessive is climbed only when what it owns names a sector: "South Korea's military" is
    an actor, "South Korea's decision" is an act of South Korea, whose actor phrase ends at the
    possessor.
    """
    while token.head is not token and token.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        if token.dep_ == "conj" and token.head.dep_ in ("amod", "compound", "nmod"):
            token = token.head  # "South Korean and American forces": American → Korean → forces
        elif token.head.pos_ == "ADJ":
            break
        elif token.dep_ in ("compound", "amod", "nmod", "nummod"):
            token = token.head
        elif token.dep_ == "poss" and _names_sector(token.head, signals):
            token = token.head
        else:
            break
    if token.dep_ == "pobj" and token.head.lower_ in _OWNER_PREPS and token.head.head.pos_ in ("NOUN", "PROPN"):
        owner = token.head.head
        if _names_sector(owner, signals) and (token.head.lower_ == "of" or not _named_before(owner)):
            return owner  # "the army of Chad", "lawmakers in Fornost", "soldiers from Gondor"
    return token


def _named_before(noun: Token) -> bool:
    """Whether a noun's own modifiers name who it belongs to ("US troops", "Gondor's police"):
    then "in Afghanistan" after it is where they are, not whose they are."""
    return any(t.dep_ in ("amod", "compound", "poss", "nmod")
               and (t.pos_ == "PROPN" or (t.pos_ == "ADJ" and t.is_title and not t.is_sent_start))
               for t in noun.lefts)


def _names_sector(noun: Token, signals: SectorSignals) -> bool:
    words = " ".join(t.text for t in noun.lefts if t.dep_ in ("compound", "amod")) + " " + noun.text
    return bool(signals.sector_in(noun.text) or signals.sector_in(words.strip()))


def _head_words(doc: Doc, start: int, end: int, head: Token) -> str:
    """The phrase up to its head: "lawmakers" in "lawmakers in Fornost", where a signal after
    the head belongs to the place, not the actor."""
    return doc[start:end].text if head.i >= end - 1 else doc[start:head.i + 1].text


def _phrase_span(head: Token, match: Span) -> tuple[int, int]:
    start = min([match.start] + [t.left_edge.i for t in head.lefts if t.dep_ != "punct"] + [head.i])
    end = max(match.end, head.i + 1)
    return start, end


class ActorRecognizer:
    """Marks actor mentions on ``doc._.actors``; needs a parsed Doc and ``doc._.article_date``."""

    def __init__(self, nlp: Language, name: str = "allegiance_actors"):
        self.name = name
        self.nlp = nlp
        self.table = gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        cities = city_forms()
        self._add_forms(self.matcher, [form for form in self.table if form not in cities])
        self.cities = _index_by_first_word(cities)
        self.dictionary_matcher: PhraseMatcher | None = None
        self.dictionary_forms: dict[str, list] = {}
        self.signals = default_signals()

    def _add_forms(self, matcher: PhraseMatcher, forms: list[str], key=lambda form: form) -> None:
        for index in range(0, len(forms), 1000):
            chunk = forms[index:index + 1000]
            for form, pattern in zip(chunk, self.nlp.tokenizer.pipe(chunk)):
                matcher.add(key(form), [pattern])

    def add_dictionaries(self, dictionaries) -> None:
        """Add the actors and agents of PETRARCH/TABARI dictionaries (``kb.dictionaries``).

        Their names are upper case in the files, so they are matched case-insensitively; their
        codes may carry dates and agents ("USAGOV" from 2009), resolved by the article's date.
        The agent phrases join the sector signals.
        """
        self.dictionary_forms = {form.lower(): codes for form, codes in dictionaries.actor_forms.items()}
        self.dictionary_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._add_forms(self.dictionary_matcher, list(self.dictionary_forms), key=lambda form: "dict:" + form)
        # the tokenizer's exceptions are case-sensitive ("K.U." is one word, "k.u." is not):
        # forms with punctuation are also matched as the files write them, in capitals
        marked = [form for form in self.dictionary_forms if re.search(r"[^\w\s]", form)]
        for form, pattern in zip(marked, self.nlp.tokenizer.pipe(form.upper() for form in marked)):
            self.dictionary_matcher.add("dict:" + form, [pattern])
        if dictionaries.agent_forms:  # a user who brings agents means them, not the built-in signals
            self.signals = SectorSignals(templates={phrase.lower(): template
                                                    for phrase, template in dictionaries.agent_forms.items()})

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            form = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=form))
        spans.extend(_city_spans(doc, self.cities))
        if self.dictionary_matcher is not None:
            for match_id, start, end in self.dictionary_matcher(doc):
                spans.append(Span(doc, start, end, label=doc.vocab.strings[match_id]))
            spans.extend(self._joined_names(doc))
        mentions = []
        for span in self._best_spans(spans):
            if span.label_.startswith("dict:"):
                mentions.extend(self._resolve_dictionary(doc, span))
                continue
            mention = self._resolve(doc, span, self.table[span.label_])
            if mention is not None:
                mentions.append(mention)
        mentions = _merge_by_head(mentions)
        taken = {i for m in mentions for i in range(m.start, m.end)}
        doc._.actors = sorted(mentions + _agent_mentions(doc, taken, self.signals), key=lambda m: (m.start, m.code))
        return doc

    def _joined_names(self, doc: Doc, longest: int = 6) -> list[Span]:
        """Dictionary names written with PETRARCH's ``_`` in the text ("the Prince of
        Dol_Amroth"), which the tokenizer keeps as one word: the words are read with the
        ``_`` as a space, as the dictionary's own names are."""
        found = []
        for token in doc:
            if "_" not in token.text.strip("_"):
                continue
            for start in range(max(0, token.i - longest + 1), token.i + 1):
                for end in range(token.i + 1, min(len(doc), start + longest) + 1):
                    form = " ".join(doc[start:end].text.replace("_", " ").split()).lower()
                    if form in self.dictionary_forms:
                        found.append(Span(doc, start, end, label="dict:" + form))
        return found

    def _best_spans(self, spans: list[Span]) -> list[Span]:
        """Non-overlapping matches: longer first; at equal length a name beats a contextual alias,
        so "the North Korean" reads as "North Korean", not "the North" + "Korean", and a loaded
        dictionary's entry beats the built-in one (its user means its codes and their dates)."""
        def rank(span: Span):
            from_dictionary = span.label_.startswith("dict:")
            contextual = not from_dictionary and all(e.kind == "context" for e in self.table[span.label_])
            return (-len(span), contextual, not from_dictionary, span.start)

        taken: set[int] = set()
        chosen = []
        for span in sorted(spans, key=rank):
            if not taken.intersection(range(span.start, span.end)):
                chosen.append(span)
                taken.update(range(span.start, span.end))
        return sorted(chosen, key=lambda span: span.start)

    def _resolve_dictionary(self, doc: Doc, span: Span) -> list[ActorMention]:
        """One mention per code the entry gives on the article's date: ``THE_SHIRE
        [FRO/BIL/SAM]`` names three actors at once, as in PETRARCH."""
        from ..kb.dictionaries import codes_on

        return [mention for code in codes_on(self.dictionary_forms[span.label_[5:]], doc._.article_date)
                if (mention := self._dictionary_mention(doc, span, code)) is not None]

    def _dictionary_mention(self, doc: Doc, span: Span, code: str) -> ActorMention | None:
        sector = None
        if len(code) >= 6 and code[:3] not in ("IGO", "NGO", "IMG", "MNC"):
            code, sector = code[:3], code[3:]
        head = _phrase_head(span.root, self.signals)
        start, end = _phrase_span(head, span)
        last = head.i + 1 if head.i >= span.end else span.end  # "lawmakers in Fornost": up to the head
        before = doc[start:span.start]
        cut = max((t.i + 1 for t in before if t.dep_ == "cc" or t.text == ","), default=start)
        # "lawmakers and officials in Fornost": coordinated agents are not one combined agent
        words = (doc[cut:span.start].text, doc[span.end:last].text)
        prefixes, suffixes = [], []
        for template in (t for part in words for t in self.signals.agents_in(part)):
            (prefixes if template.endswith("~") else suffixes).append(template.strip("~"))
        # PETRARCH puts the actor's whole code where an agent's "~" is: Gonzo GMO [GONGMO]
        # activists [~OPP] are GONGMOOPP, an MSF [NGO~] Arnor diplomat [~GOV] is NGOARNGOV; an
        # agent code the code already ends with is not repeated (White House [USAGOV] officials)
        for agent in suffixes:
            if not (sector or "").endswith(agent):
                sector = (sector or "") + agent
        for agent in reversed(prefixes):
            if not code.startswith(agent):
                code = agent + code
        country = None if code[:3] in ("IGO", "NGO", "IMG", "MNC") else code
        if prefixes and country is None:
            country = code[-3:] if not code.endswith(prefixes[0]) else None
        return ActorMention(start, end, head.i, code, country, sector, "dictionary",
                            f"dictionary:{span.label_[5:]}", span.text)

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
            holder = _pick_holder(entries, doc._.article_date,
                                  require_office=entry.kind == "surname" or entry.current_only)
            if holder is None:
                return None
            code, entry = holder.iso3, Entry(entry.kind, holder.iso3, holder.kb_id)
            in_office = doc._.article_date is None or holder.holds_on(doc._.article_date)
            sector = offices.office_sectors().get(holder.office, "GOV") if in_office else "ELI"
        head = _phrase_head(span.root, self.signals)
        start, end = _phrase_span(head, span)
        if head.i != span.root.i or entry.kind in ("metonym", "state"):
            sector = self.signals.sector_in(_head_words(doc, start, end, head)) or sector
        if entry.kind == "institution":
            sector = entry.sector
        if entry.kind == "place":
            # a city names an actor only as the home of a sector ("Basra police", "Gaza
            # militants"); by itself it is where an act happens ("shelled Aleppo")
            sector = self.signals.sector_in(_head_words(doc, start, end, head)) if head.i != span.root.i else None
            kind = "demonym" if sector else "place"
            return ActorMention(start, end, head.i, code, code, sector, kind, entry.kb_id, span.text)
        if sector is None and entry.kind in ("metonym", "organisation"):
            sector = self.signals.sector_in(span.text) or ("IGO" if entry.kind == "organisation" else "GOV")
        if entry.kind == "demonym" and sector is None and head.tag_ in ("NNS", "NNPS") \
                and (head.i != span.root.i or span.text.endswith("s")):
            sector = "CVL"  # "Iraqi Kurds", "ethnic Albanians": people of that nationality
        if entry.kind == "demonym" and span.start > 0 and doc[span.start - 1].lower_ == "ethnic":
            # "ethnic Albanians in Serbia": an ethnicity, not a nationality; the event coder
            # finds their state as it does for other groups of people
            return ActorMention(start, end, head.i, "---", None, sector or "CVL", "agent",
                                f"agent:{sector or 'CVL'}", span.text)
        is_state = entry.kind not in ("organisation",)
        return ActorMention(start, end, head.i, code, code if is_state else None, sector,
                            entry.kind, entry.kb_id, span.text)


_FIRST_WORD = re.compile(r"[^\W_]+")


def _index_by_first_word(forms) -> dict[str, tuple[str, ...]]:
    """Capitalised forms by their first word ("Winston" → ("Winston-Salem",)), longest first."""
    index: dict[str, list[str]] = {}
    for form in forms:
        if form[:1].isupper() and (word := _FIRST_WORD.match(form)):
            index.setdefault(word.group(0), []).append(form)
    return {word: tuple(sorted(found, key=len, reverse=True)) for word, found in index.items()}


def _city_spans(doc: Doc, index: dict[str, tuple[str, ...]]) -> list[Span]:
    """GeoNames city names in ``doc``, as the phrase matcher would find them: whole tokens, the
    exact case, labelled with the form. Several may start at one token; the longest is kept."""
    found = []
    text = doc.text
    for token in doc:
        if not token.text[:1].isupper() or not (word := _FIRST_WORD.match(token.text)):
            continue
        for form in index.get(word.group(0), ()):
            if text.startswith(form, token.idx) and \
                    (span := doc.char_span(token.idx, token.idx + len(form), label=form)) is not None:
                found.append(span)
                break
    return found


def _standalone_surname(doc: Doc, span: Span) -> bool:
    """A bare surname counts only as a whole name, not inside "Lee Min-soo" or "in May"."""
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if not span.text[:1].isupper() or span.root.pos_ not in ("PROPN", "NOUN"):
        return False
    dated = before is not None and before.lower_ in _DATE_CONTEXT and span.text in _CALENDAR_WORDS
    if before is not None and (before.text in _NOT_A_LEADER_BEFORE or dated  # "in May", not "by Putin"
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
    """Mentions that share a phrase head become one, except coordinated states.

    A named person beats the adjective before the name ("Japanese Foreign Minister Takeshi
    Iwaya" is one actor), but "South Korean and American forces" keeps both countries.
    """
    groups: dict[int, list[ActorMention]] = {}
    for mention in mentions:
        groups.setdefault(mention.head, []).append(mention)
    merged = []
    for group in groups.values():
        if len({m.code for m in group}) > 1 and (all(m.kind in _COUNTRY_KINDS for m in group)
                                                 or len({(m.kb_id, m.start) for m in group}) == 1):
            # coordinated states, or one dictionary entry with several codes
            merged.extend(group)
            continue
        # a loaded dictionary's entry beats a built-in one for the same phrase
        best = min(group, key=lambda m: (m.kind != "dictionary", _KIND_RANK.get(m.kind, 9)))
        sector = best.sector if best.kind == "dictionary" else \
            best.sector or next((m.sector for m in group if m.sector), None)
        code, country = best.code, best.country
        stated = {m.code for m in group if m.kind in _COUNTRY_KINDS}
        kb_id = best.kb_id
        if _yields_to_stated(best) and len(stated) == 1 and code not in stated:
            code = country = stated.pop()  # "Jordan's King Abdullah": the stated country wins
            if best.kind == "institution":  # "Britain's Treasury" is not the US Treasury
                kb_id = next(m.kb_id for m in group if m.code == code and m.kind in _COUNTRY_KINDS)
        merged.append(ActorMention(min(m.start for m in group), max(m.end for m in group), best.head,
                                   code, country, sector, best.kind, kb_id, best.name))
    return sorted(merged, key=lambda m: (m.start, m.code))


def _yields_to_stated(mention: ActorMention) -> bool:
    """Whether a country written on the phrase overrides the one the knowledge base gives.

    A person's own country yields ("Jordan's King Abdullah"), and so does a state body's: the
    knowledge base gives a generic name its most frequent owner ("the Treasury" is American,
    "the Foreign Office" British), but "Britain's Treasury", "the German Foreign Office" and
    "North Korea's Ministry of State Security" say whose it is. Parties, companies, media and
    armed groups keep theirs: "Iran's Hezbollah" is still Lebanese.
    """
    return mention.kind in ("person", "surname") or (
        mention.kind == "institution" and mention.sector in _STATE_ORGAN_SECTORS)


def _agent_mentions(doc: Doc, taken: set[int], signals: SectorSignals) -> list[ActorMention]:
    """Sector nouns with no country of their own ("villagers", "investigators", "a gunman").

    The event coder gives them a country from the event they take part in, or drops them.
    """
    found = []
    for token in doc:
        if token.i in taken or token.pos_ not in ("NOUN", "PROPN") or token.dep_ not in _ARGUMENT_DEPS:
            continue
        words = [t.text for t in token.lefts if t.dep_ == "compound"] + [token.text]
        sector = signals.sector_in(" ".join(words)) or signals.sector_in(token.lemma_)
        if sector is None:
            continue
        start, end = _phrase_span(token, doc[token.i:token.i + 1])
        found.append(ActorMention(start, end, token.i, "---", None, sector, "agent", f"agent:{sector}",
                                  token.text))
    return found


@Language.factory("allegiance_actors")
def make_actor_recognizer(nlp: Language, name: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, name)
