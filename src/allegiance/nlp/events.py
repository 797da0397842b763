"""The ``allegiance_events`` component: turn clauses into CAMEO/PLOVER events.

For every verb the lexicon knows, the coder reads the dependency parse for the source (the
subject, or the ``by`` agent of a passive), the target (the object, the object of the pattern's
preposition, the subject of a reported clause, or the actor an event noun points to) and the
clause's modality. Coordinated actors give one event each, and joint acts ("Seoul and Tokyo
agreed") give every direction. A clause without a known source gives nothing: there is no
fallback code, so unknown actors never turn into invented events.

The argument finding lives in ``arguments.py``; this module decides which events a clause yields.
"""

from __future__ import annotations

import csv
import dataclasses
from functools import lru_cache
from itertools import permutations
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .. import ontology
from ..records import Actor, Event
from ..kb.patterns import PatternBook
from .actors import ActorMention
from .arguments import STATE_SECTORS, Arguments, child, domestic_pair, is_event_noun
from .dictionary_verbs import clause_subjects, code_verb, first_actor_after
from .learned import NONE, VETO, LearnedModels, decide, shipped_models, type_scores
from .lexicon import Lexicon, VerbPattern, default_lexicon
from .modality import modality
from .timex import event_date

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

#: How sure the models must be of an event no rule codes for it to join the rules' events.
ADDED_CONFIDENCE = 0.5
#: Types that join two parties in one act: a target reached through "with" gets both directions,
#: and coordinated subjects without a target act on each other.
JOINT = {"CONSULT", "AGREE", "COOPERATE"}
#: Types that need no recipient (a weapons test, a resignation); every other type without a
#: target is dropped, because a one-sided "agreement" or "accusation" tells nothing about a dyad.
UNDIRECTED_OK = {"MOBILIZE", "RETREAT", "CONCEDE", "COERCE", "ASSAULT", "PROTEST", "SANCTION"}
#: Acts done to a place, whose state is their target when no other is named: "shelled Juba",
#: "imposed a curfew in Cizre", "lifted the state of emergency in West Darfur".
PLACE_TYPES = {"ASSAULT", "COERCE", "CONCEDE", "SANCTION", "PROTEST"}
#: Codes of internal control and its easing (curfews, martial law, bans on parties, arrests):
#: aimed at the actor's own country unless the text names another place or party.
HOME_CODES = {"1721", "1722", "1723", "1724", "0811", "0812", "0813", "0814", "173"}
#: Types that often react to an act named earlier ("Abe condemned the launches").
REACTIVE = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "PROTEST"}
#: Events whose actor, when only a sector ("villagers", "investigators"), is taken to belong to
#: the state on the other side; and events whose bare-sector target is taken to be at home
#: ("police detained protesters", "the government accused rebels"). Attacks on "several air
#: bases" are not assumed domestic.
DOMESTIC_SOURCE = {"PROTEST", "COERCE", "ASSAULT", "SANCTION", "ACCUSE", "REJECT", "REQUEST"}
DOMESTIC_TARGET = {"PROTEST", "COERCE", "SANCTION", "ACCUSE"}
#: Words whose infinitive complement states the actor's intention ("seeks to deepen ties",
#: "is ready to send troops"): an intended act of cooperation is an AGREE (CAMEO 03), an intended
#: act of conflict a THREATEN (CAMEO 13). A plain future by the actor ("Finland will give Tanzania
#: a grant") is a promise in the same sense.
INTENT_HEADS = {"seek", "plan", "intend", "vow", "pledge", "promise", "offer", "aim", "want", "hope",
                "agree", "decide", "prepare", "threaten", "willing", "ready", "prepared", "committed",
                "determined", "eager", "keen", "poised", "set"}
#: The intention code for each root of the intended act. A stated intention to demand, accuse,
#: reject or threaten (roots 09-13) is already that verbal act: "said it would veto" is a refusal.
VERBAL_CONFLICT_ROOTS = {"09", "10", "11", "12", "13"}
INTENT_CODES = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "16": "1312",
                "17": "137", "15": "138", "18": "138", "19": "138", "20": "138"}
#: Verbs that announce an act named by a noun, and those nouns' verbs.
ANNOUNCING = {"announce", "declare", "order", "decree", "approve", "confirm", "begin", "start", "complete"}
NOMINAL_ACTS = {"suspension": "suspend", "withdrawal": "withdraw", "expulsion": "expel", "closure": "close",
                "imposition": "impose", "cancellation": "cancel", "severance": "sever", "freeze": "freeze",
                "deployment": "deploy", "release": "release", "reduction": "reduce", "ban": "ban"}
ACT_PREPS = ("with", "from", "to", "on", "against", "of", "in")
#: Verbs that allege what their clause reports.
ALLEGING = {"allege", "claim", "charge", "accuse"}
#: Verbs of commitment whose infinitive PETRARCH codes as the act itself; "prepared to attend"
#: is an act about to happen, which PETRARCH codes the same way.
COMMITMENTS = {"agree", "pledge", "promise", "vow", "decide", "prepare"}
#: Acts of acceptance whose refusal ("will not accept", "refused to join") is a REJECT.
ACCEPTANCE = {"accept", "agree", "allow", "permit", "join", "attend", "participate", "receive",
              "approve", "meet", "recognize", "recognise"}
#: Verbs that report what someone said; "X said Y must ..." is X's demand on Y.
REPORTING = {"say", "declare", "insist", "reiterate", "stress", "tell", "state", "announce", "add",
             "assert", "argue", "write", "conclude", "maintain", "emphasize", "emphasise", "note"}
OBLIGATION_AUX = {"must", "should"}
#: Verbs of wanting whose "X to do" clause is a demand on X: "Obama wants Putin to act".
WISHING = {"want", "wish", "like", "need", "expect"}
#: Verbs of receiving: "received X from Y" is Y giving X, coded by the giving verbs' rows.
RECEIVING = {"receive", "get", "obtain", "accept", "win", "secure"}
GIVING = ("give", "provide", "send", "offer")
#: Nouns whose clause states what someone must do: "issued a reminder to Iraq that it must ...".
REMINDER_NOUNS = {"reminder", "warning", "message", "statement", "declaration", "demand", "insistence", "call",
                  "appeal", "request", "ultimatum"}
#: Of those, the nouns that are a demand by themselves, with no "must" in their clause.
DEMAND_NOUNS = {"demand", "insistence", "call", "appeal", "request", "ultimatum"}
#: Objects that make a show of force a joint exercise when several states hold it together.
DRILLS = {"drill", "exercise", "maneuver", "manoeuvre", "wargame", "game", "training", "patrol", "war"}
#: Subjects whose arrival is a deployment, not a visit.
DEPLOYED = {"troop", "troops", "soldier", "force", "forces", "peacekeeper", "contingent", "battalion", "unit",
            "warship", "deployment", "marine"}
#: Prepositions naming what a complaint is about: "complained to the UN over Israeli air raids".
GRIEVANCE_PREPS = ("over", "about", "against")
#: Verbs of firing: aimed "at" a state they are an attack, not a show of force.
FIRING = {"fire", "launch", "shoot", "lob"}
#: Nouns that name a meeting, for "in a phone call with X" and "for talks with X".
MEETING_NOUNS = {"call", "talk", "talks", "meeting", "summit", "conversation", "visit", "negotiation",
                 "dialogue", "consultation", "trip"}
REACTION_NOUNS = {"protest", "condemnation", "criticism", "rebuke", "backlash", "complaint", "outcry",
                  "objection", "censure", "warning"}
#: Sectors of unarmed civil society: when they wreck property ("protesters demolished the
#: building") the act is a riot, a violent protest (CAMEO 145), not a military attack.
CIVIL_SECTORS = {"OPP", "CVL", "LAB", "EDU", "AGR", "REL"}
REACTION_VERBS = {"draw", "prompt", "trigger", "spark", "provoke", "earn", "receive", "face", "elicit"}


@dataclasses.dataclass(frozen=True, slots=True)
class Draft:
    """An event before it becomes a record: mentions, not yet resolved agents."""

    verb: Token
    cameo: str
    plover: str | None
    sources: tuple[ActorMention, ...]
    targets: tuple[ActorMention, ...]
    via: str | None  # how the target was found: object, a preposition, clause, reaction, ...
    mood: str
    home: bool = False  # a threat or promise of internal control (a curfew): aimed at home
    listed: bool = False  # coded by a loaded dictionary (several actors without a target act on each other)
    confidence: float = 1.0


class EventCoder:
    """Codes events on ``doc._.events`` from ``doc._.actors`` and the parse."""

    def __init__(self, nlp: Language, name: str = "allegiance_events", lexicon: Lexicon | None = None):
        self.name = name
        self.lexicon = lexicon or default_lexicon()
        #: ``allegiance`` codes a stated future act as a promise or threat (CAMEO 03/13);
        #: ``petrarch`` codes it as the act itself, as PETRARCH and its gold sets do.
        self.convention = "allegiance"
        self.nlp = nlp
        self.discards: PhraseMatcher | None = None
        #: A loaded verb dictionary (``kb.patterns.PatternBook``): the verbs it lists are coded
        #: by its patterns and codes before the lexicon is asked.
        self.book: PatternBook | None = None
        #: Where events come from: the lexicon's rules, the learned models, or ``both`` (the
        #: rules code the verbs their lexicon knows; the models code the other candidates when
        #: at least ``min_added`` sure, and may veto a rule's event, see ``_learned``).
        self.mode = "both"
        #: In ``both``, the confidence a model's event needs to be added beside the rules' events.
        self.min_added = ADDED_CONFIDENCE
        self.models: LearnedModels | None = shipped_models()

    def add_verb_dictionary(self, book: PatternBook) -> None:
        """Code the verbs of a loaded verb dictionary as it says, its own codes included."""
        ontology.add_dictionary_codes(book.codes)
        self.book = book

    def add_discards(self, entries) -> None:
        """Phrases that mark text not to code (PETRARCH discard dictionaries: ``kb.dictionaries.
        DictDiscard``): a story-level phrase voids the whole text ("typhoon"), any other the
        sentence it is in ("baseball")."""
        self.discards = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for level in ("story", "sentence"):
            phrases = [e.phrase.lower() for e in entries if e.story == (level == "story")]
            if phrases:
                self.discards.add(level, list(self.nlp.tokenizer.pipe(phrases)))

    def _discarded(self, doc: Doc) -> set[int] | None:
        """Start tokens of the sentences to skip, or None when the whole text is discarded."""
        skipped = set()
        for match_id, start, _ in (self.discards(doc) if self.discards is not None else []):
            if doc.vocab.strings[match_id] == "story":
                return None
            skipped.add(doc[start].sent.start)
        return skipped

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.actors or []
        events: list[Event] = []
        skipped = self._discarded(doc) if mentions else set()
        if mentions and skipped is not None:
            args = Arguments(doc, mentions)
            drafts: list[Draft] = []
            for sent_index, sent in enumerate(doc.sents):
                if sent.start in skipped:
                    continue
                start = len(drafts)
                if self.mode != "model":
                    for token in sent:
                        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
                            drafts.extend(self._code_verb(token, args, drafts))
                    drafts[start:] = _fill_from_meetings(drafts[start:], self._code_nominals(sent, args))
                if self.mode != "rules" and self.models is not None:
                    drafts[start:] = self._learned(sent, mentions + _pronoun_mentions(sent, args), drafts[start:])
                for draft in drafts[start:]:
                    events.extend(self._records(doc, sent, sent_index, draft, args))
        doc._.events = _unique(events)
        return doc

    def _learned(self, sent: Span, mentions, drafts: list[Draft]) -> list[Draft]:
        """The rules' drafts with the models' confidence, plus the models' own events on the
        candidates no rule coded. A rule's draft on a word the type model is sure carries no
        event ("the won fell", "shares rallied") is dropped: the model has seen the word's
        subject and object in use, the rule only the verb."""
        found, scores = type_scores(self.models, sent, self.lexicon)
        probs = {c.i: p for c, p in zip(found, scores)}
        drafts = [dataclasses.replace(d, confidence=round(float(probs[d.verb.i].get(d.plover, 0.0)), 4))
                  if d.verb.i in probs else d for d in drafts
                  if probs.get(d.verb.i, {}).get(NONE, 0.0) < VETO]
        coded = {d.verb.i for d in drafts}
        for decision in decide(self.models, sent, mentions, self.lexicon, scored=(found, scores)):
            token = decision.candidate.token
            if token.i in coded:
                continue
            if self.mode == "both" and (decision.confidence < self.min_added or self._known(token)):
                continue  # the rules know this verb and coded nothing on purpose
            via = "with" if any(sent.doc[m.head].head.lower_ == "with" for m in decision.targets) else "learned"
            drafts.append(Draft(token, decision.cameo, decision.plover, decision.sources, decision.targets, via,
                                decision.mood, confidence=decision.confidence))
        return drafts

    def _known(self, token: Token) -> bool:
        """Whether the lexicon or a loaded dictionary has patterns for this verb: the rules have
        then read it and declined ("agreed to lift sanctions" under the PETRARCH convention is
        the lifting, not an agreement), and the models only fill the lexicon's gaps."""
        if token.pos_ != "VERB":
            return False
        listed = self.book is not None and token.lower_ in self.book.index
        return listed or self.lexicon.match(token, child(token, "dobj", "obj")) is not None

    # -- verbs -----------------------------------------------------------------------------------

    def _code_verb(self, verb: Token, args: Arguments, earlier: list[Draft]) -> list[Draft]:
        subject, passive = args.subject(verb)
        direct = child(verb, "dobj", "obj")
        semantic_object = args.object_head(subject if passive else direct)
        pattern = self.lexicon.match(verb, semantic_object)
        mood = modality(verb)
        listed = code_verb(self.book, verb, args.mentions) if self.book is not None else None
        if listed is not None and (listed.codes_nothing or (mood == "negated" and not listed.stated)):
            # no pattern matched a verb listed without a code of its own ([---]), or the act is
            # negated and no pattern says so: the built-in lexicon and rules code it, as for a
            # verb the dictionary does not list ("would not provide support" is a refusal)
            listed = None
        if listed is not None:
            hit = listed.hit
            pattern = VerbPattern(verb.lemma_.lower(), "", frozenset(), False, hit.prep or "",
                                  hit.code or hit.reverse, None, loose=True)
            if listed.stated and mood != "asserted":
                mood = "asserted"  # "WILL NOT *": the pattern codes the negated act itself
        if self.convention == "petrarch":
            # under that convention "will supply arms" and "agreed to lift sanctions" are the
            # supply and the lifting themselves, and the commitment is not coded apart
            # except a future its actor announces ("Israel announced it would free prisoners"),
            # which PETRARCH's sets code as the promise (CAMEO 03), as allegiance does
            if (mood == "future" and not _announced_future(verb)) \
                    or (self._committed(verb) and modality(verb.head) == "asserted"):
                mood = "asserted"
            if (listed is None or listed.hit.pattern is None) and verb.lemma_.lower() in COMMITMENTS and any(
                    self._committed(c) and self.lexicon.match(c, child(c, "dobj", "obj")) for c in verb.children):
                return []
        if (listed is None or listed.hit.pattern is None) and verb.lemma_.lower() in RECEIVING and mood != "negated" \
                and (giver := self._giver(verb, direct, args)) is not None \
                and (received := self._received(verb, direct, giver, args, mood)):
            return received
        if mood == "negated" and _refusal(verb) and (verb.lemma_.lower() in ACCEPTANCE or _cooperative(pattern)):
            pattern = VerbPattern(verb.lemma_.lower(), "", frozenset(), False, "", "120", "REJECT")
            mood = "asserted"  # "will not accept rice aid", "would not provide support": a refusal
        demand = self._demand(verb, args, subject)
        if listed is None and (pattern is None or not pattern.objects) and (
                announced := self._announced(verb, direct, subject, args, mood)):
            return demand + announced  # "ordered the expulsion of diplomats": the expulsion
        if pattern is None:
            return demand
        if subject is not None and subject.lemma_.lower() in non_agents():
            return []
        code, plover = pattern.cameo, pattern.plover or ontology.cameo(pattern.cameo).plover
        if not plover and listed is None:
            return []  # plain statements (CAMEO 01x) and other non-events
        if listed is not None and listed.sources:
            sources = list(listed.sources)
        elif passive and listed is not None and child(verb, "agent") is None:
            sources = args.actors_at(subject)  # PETRARCH reads the subject of an agentless passive
            #                                    as the source ("was heavily criticized over ...")
            passive = False
        elif passive:
            agent = child(verb, "agent")
            sources = args.actors_at(child(agent, "pobj") if agent is not None else None)
            if agent is None:  # a parser may hang "by a gunman" on a nearer noun
                sources = next((found for _, pobj in args.prep_objects([verb], ("by",))
                                if (found := args.actors_at(pobj))), [])
            if not sources:  # "were killed in Israeli tank shelling": the act names its actor
                sources = next((found for _, pobj in args.prep_objects([verb], ("in", "during", "by"), depth=1)
                                if is_event_noun(pobj) and (found := args.actors_at(pobj))), [])
            if not sources and plover in ("ASSAULT", "MOBILIZE"):
                # "a mortar bomb was fired at Israel from the Gaza Strip": fire comes from its state
                sources = next((found for _, pobj in args.prep_objects([verb], ("from",), depth=1)
                                if (found := args.place(pobj, pobj))), [])
        else:
            sources = args.actors_at(subject)
        if not sources and listed is not None:
            sources = clause_subjects(verb, args)
        if not sources:
            return []
        if listed is not None and listed.targets:
            targets, via = list(listed.targets), "pattern"
        else:
            targets, via = args.targets(verb, pattern, plover, passive, subject, direct)
        if listed is not None:
            drafts = self._listed(verb, listed, sources, targets, via, mood, direct, args, earlier)
            accusation = self._allegation(verb, drafts[0].cameo, sources, args) if drafts else []
            if accusation:
                drafts = [dataclasses.replace(d, mood="hypothetical") for d in drafts]
            return drafts + self._intent(verb, drafts) + demand + accusation
        if plover == "MOBILIZE" and via == "at" and verb.lemma_.lower() in FIRING:
            code, plover = "190", "ASSAULT"  # "fired artillery at the island": an attack
        elif plover == "MOBILIZE" and not targets and verb.lemma_.lower() in FIRING and (aimed := next(
                (found for _, pobj in args.prep_objects([verb, direct], ("at",), depth=1)
                 if (found := args.place(pobj, pobj))), [])):
            # "fired shells at targets in Jericho": an attack on the place's state
            code, plover, via = "190", "ASSAULT", "at"
            targets = _as_places(aimed)
        if plover == "MOBILIZE" and not targets and len({m.code for m in sources}) > 1 \
                and semantic_object is not None and semantic_object.lemma_.lower() in DRILLS:
            code, plover = "062", "COOPERATE"  # "French and Egyptian warships launched war games"
        if plover == "CONSULT" and code in ("042", "043") and subject is not None \
                and args.object_head(subject).lemma_.lower() in DEPLOYED:
            code, plover = "074", "AID"  # "peacekeeping troops arrived in Bosnia": a deployment
        if code == "161" and direct is None and subject is not None \
                and args.object_head(subject).lemma_.lower() in DEPLOYED:
            code, plover = "0874", "RETREAT"  # "UN troops withdrew from the Golan": a pull-back
        if plover == "ACCUSE" and via in ("to", "with", "dative") and (
                grievance := self._grievance(verb, direct, args, sources)):
            targets, via = grievance, "over"  # "complained to the UN over Israeli raids"
        if not targets and plover in REACTIVE | {"ACCUSE"}:
            targets, via = self._reaction_target(verb, sources, direct, earlier)
        if not targets and plover in PLACE_TYPES:
            # the place stands for its country as a whole, not for the government that may be
            # the source ("imposed a curfew in Khartoum")
            targets, via = _as_places(args.place(verb, direct)), "place"
        if not targets and self.convention == "petrarch" and (plover == "CONSULT" or (
                plover == "MOBILIZE" and semantic_object is not None and semantic_object.lemma_.lower() in DRILLS)):
            # PETRARCH's sets code the place of a meeting or exercise as its target ("will meet
            # in Zurich", "conducting exercises in Alaska"); allegiance leaves it untargeted
            targets, via = _as_places(args.place(verb, direct)), "place"
        accusation = self._allegation(verb, code, sources, args)
        if accusation:
            mood = "hypothetical"  # "claimed that ISIL had attacked Iraq": alleged, not established
        drafts = [Draft(verb, code, plover, tuple(sources), tuple(targets), via, mood)]
        for extra in pattern.also:
            drafts.append(dataclasses.replace(drafts[0], cameo=extra,
                                              plover=ontology.cameo(extra).plover or plover))
        return drafts + self._intent(verb, drafts) + demand + accusation

    def _listed(self, verb: Token, listed, sources, targets, via, mood: str, direct: Token | None,
                args: Arguments, earlier: list[Draft]) -> list[Draft]:
        """The events of a verb coded by a loaded dictionary: its code source→target and, for
        a pair such as ``[032:033]``, the reverse code target→source. Without a target from
        the pattern or the parse, the coder's own routes are tried (the actor behind an act
        named earlier, the place acted on), then PETRARCH's: the first actor after the verb."""
        hit = listed.hit
        plover = ontology.cameo(hit.code or hit.reverse).plover
        if not targets and plover in REACTIVE | {"ACCUSE"}:
            targets, via = self._reaction_target(verb, sources, direct, earlier)
        if not targets and plover in PLACE_TYPES:
            targets, via = _as_places(args.place(verb, direct)), "place"
        if not targets:
            targets, via = first_actor_after(verb, args.mentions, sources), "phrase"
        drafts = []
        for code, one, other in ((hit.code, sources, targets), (hit.reverse, targets, sources)):
            if code and one:
                drafts.append(Draft(verb, code, ontology.cameo(code).plover, tuple(one), tuple(other), via, mood,
                                    listed=True))
        return drafts

    def _allegation(self, verb: Token, code: str, sources, args: Arguments) -> list[Draft]:
        """An act of conflict that someone else alleges is an accusation by the alleger: "the US
        claimed that ISIL had attacked Iraq" is the US accusing ISIL (the act itself is not
        coded as having happened). Under the PETRARCH convention a plain "said" alleges too."""
        saying = verb.head
        lemma = saying.lemma_.lower()
        reported = self.convention == "petrarch" and lemma in REPORTING and saying.i < verb.i
        if verb.dep_ != "ccomp" or not (lemma in ALLEGING or reported) or ontology.cameo(code).quad_class < 3:
            return []
        speaker, _ = args.subject(saying)
        accusers = [m for m in args.actors_at(speaker) if m.country or m.kind != "agent"]
        accused = [m for m in sources if m.code not in {a.code for a in accusers}]
        if not accusers or not accused:
            return []
        return [Draft(saying, "112", "ACCUSE", tuple(accusers), tuple(accused), "clause", modality(saying))]

    def _grievance(self, verb: Token, direct: Token | None, args: Arguments, sources) -> list:
        """Whom a complaint is about, when it is addressed to someone else."""
        own = {m.code for m in sources}
        for _, pobj in args.prep_objects([verb, direct], GRIEVANCE_PREPS, depth=1):
            if found := [m for m in args.actors_at(pobj) if m.code not in own]:
                return found
        return []

    def _giver(self, verb: Token, direct: Token | None, args: Arguments):
        """The "from" actor of "received weapons from the government", if any."""
        for _, pobj in args.prep_objects([verb, direct], ("from",), depth=1):
            if args.actors_at(pobj):
                return pobj
        return None

    def _received(self, verb: Token, direct: Token | None, giver: Token, args: Arguments, mood: str):
        """"Demonstrators received weapons from the government" is the government giving them
        weapons: the giving verbs' rows code it, with giver and receiver swapped."""
        obj = args.object_head(direct)
        pattern = next((found for stand_in in GIVING if (found := self.lexicon.match_lemma(stand_in, verb, obj))),
                       None)
        subject, passive = args.subject(verb)
        receivers = args.actors_at(subject) if not passive else []
        givers = args.actors_at(giver)
        if pattern is None or not receivers or not givers:
            return []
        plover = pattern.plover or ontology.cameo(pattern.cameo).plover
        if not plover:
            return []
        return [Draft(verb, pattern.cameo, plover, tuple(givers), tuple(receivers), "object", mood)]

    def _demand(self, verb: Token, args: Arguments, subject: Token | None) -> list[Draft]:
        """"Russia said Sudan must return the helicopter": a demand by the speaker on the subject."""
        governor = verb.head
        wish = verb.dep_ == "ccomp" and governor.lemma_.lower() in WISHING and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)  # "wants Putin to attack"
        if wish:
            saying = governor
        elif verb.dep_ == "ccomp" and governor.lemma_.lower() in REPORTING:
            saying = governor
            if any(c.dep_ == "dobj" and c.lemma_.lower() in DEMAND_NOUNS for c in governor.children):
                wish = True  # "reiterated its demand today that Israel ease restrictions"
        elif verb.dep_ in ("acl", "ccomp") and governor.lemma_.lower() in REMINDER_NOUNS:
            saying = governor.head  # "issued a reminder that ...": the issuer speaks
        else:
            return []
        if not wish and governor.lemma_.lower() not in DEMAND_NOUNS \
                and not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in verb.children):
            return []  # "said that Sudan must return", "its demand that Israel ease"
        speaker, _ = args.subject(saying)
        sources = args.actors_at(speaker)
        # another state, or the other side of a domestic pair ("rebels said President Kagame must")
        targets = [m for m in args.actors_at(subject) if m.code not in {s.code for s in sources}
                   or any(domestic_pair(m, s) for s in sources)]
        if not sources or not targets:
            return []
        # wanting someone to act is an appeal (CAMEO 020); "must" and a demand noun make a demand
        code = "020" if wish and governor.lemma_.lower() in WISHING else "100"
        return [Draft(saying, code, "REQUEST", tuple(sources), tuple(targets), "clause", modality(saying))]

    def _announced(self, verb: Token, direct: Token | None, subject: Token | None, args: Arguments,
                   mood: str) -> list[Draft]:
        """"Italy announced a suspension of air links with Serbia": an act announced as a noun
        is coded as its verb ("suspended air links with Serbia") by the announcer."""
        if direct is None or verb.lemma_.lower() not in ANNOUNCING \
                or (act := NOMINAL_ACTS.get(direct.lemma_.lower())) is None:
            return []
        obj = child(child(direct, "prep"), "pobj") if child(direct, "prep") is not None \
            and child(direct, "prep").lower_ == "of" else None
        pattern = self.lexicon.match_lemma(act, verb, obj)
        sources = args.actors_at(subject)
        if pattern is None or not sources:
            return []
        plover = pattern.plover or ontology.cameo(pattern.cameo).plover
        if not plover:
            return []
        own = {m.code for m in sources}
        # "a suspension of air links with Serbia", "the withdrawal of its troops from Syria": the
        # act's own prepositions first, then what the announcing clause says
        targets, via = next(((found, prep) for prep, pobj in args.prep_objects([direct], ACT_PREPS)
                             if (found := [m for m in args.actors_at(pobj) if m.country and m.code not in own])),
                            ([], None))
        if not targets:
            targets, via = args.targets(verb, pattern, plover, False, subject, obj or direct)
        return [Draft(verb, pattern.cameo, plover, tuple(sources), tuple(targets), via, mood)]

    def _committed(self, verb: Token) -> bool:
        """An act someone agreed, pledged or decided to do: "agreed to lift the sanctions"."""
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in COMMITMENTS

    def _intent(self, verb: Token, drafts: list[Draft]) -> list[Draft]:
        """The intention an unrealised act expresses: a promise (AGREE) or a threat (THREATEN)."""
        governor = verb.head
        if self.convention == "petrarch" and self._committed(verb):
            return []
        if verb.dep_ == "xcomp" and governor.lemma_.lower() in INTENT_HEADS:
            mood = modality(governor.head if governor.pos_ == "ADJ" else governor)
        elif drafts and drafts[0].mood == "future":
            mood = "asserted"
        else:
            return []
        intents = []
        for draft in drafts:
            root = draft.cameo[:2]
            if root in ("03", "13"):
                continue
            quad = ontology.cameo(draft.cameo).quad_class
            if root in VERBAL_CONFLICT_ROOTS:
                code = draft.cameo
            elif _ultimatum(draft.verb):
                code = "130"  # "will withdraw its troops unless ...": a threat, not a promise
            else:
                code = INTENT_CODES.get(root, "030" if quad <= 2 else "130")
            intents.append(dataclasses.replace(draft, cameo=code, plover=ontology.cameo(code).plover,
                                               mood=mood, verb=verb, home=draft.cameo in HOME_CODES))
        return intents

    def _reaction_target(self, verb: Token, sources, direct: Token | None, earlier: list[Draft]):
        """The actor behind an act named earlier: "Abe condemned the launches" → the launcher.

        Only when the object is itself an act ("the launches", "the move") or absent ("Tokyo
        protested"), and only from events earlier in the same paragraph by another country.
        """
        if direct is not None and not is_event_noun(direct):
            return [], None
        own = {m.code for m in sources}
        for draft in reversed(earlier):
            if draft.verb.i < verb.i:
                candidates = [m for m in draft.sources if m.code not in own and m.country]
                if candidates and draft.mood == "asserted":
                    return candidates, "reaction"
        return [], None

    # -- nouns -----------------------------------------------------------------------------------

    def _code_nominals(self, sent: Span, args: Arguments) -> list[Draft]:
        """Events named by nouns that a clause predicates of its subject.

        "In a phone call with Biden, Xi warned ..." and "flew to Qingdao for talks with Wang Yi"
        are meetings of the clause's subject with the named partner; "drawing a protest from
        Beijing" is Beijing accusing the clause's subject.
        """
        drafts = []
        for token in sent:
            if token.dep_ == "pobj" and token.lemma_.lower() in MEETING_NOUNS \
                    and token.head.lower_ in ("in", "during", "for", "at"):
                partner = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "with"), None)
                clause = token.head.head
                if clause.pos_ not in ("VERB", "AUX"):
                    continue
                subject, _ = args.subject(clause)
                sources = args.actors_at(subject)
                targets = args.actors_at(child(partner, "pobj")) if partner is not None else []
                if sources and targets:
                    drafts.append(Draft(clause, "040", "CONSULT", tuple(sources), tuple(targets), "with",
                                        modality(clause)))
                elif partner is None and len({m.code for m in sources}) > 1:
                    # "A, B and C posed for a photo during a trilateral meeting": the people the
                    # clause is about were at the meeting together, so they met one another
                    drafts.append(Draft(clause, "040", "CONSULT", tuple(sources), (), "joint", modality(clause)))
            elif token.dep_ == "dobj" and token.lemma_.lower() in REACTION_NOUNS \
                    and token.head.lemma_.lower() in REACTION_VERBS:
                origin = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"), None)
                if origin is None:
                    continue
                critics = args.actors_at(child(origin, "pobj"))
                subject, _ = args.subject(token.head)
                criticised = args.actors_at(subject)
                if critics and criticised:
                    drafts.append(Draft(token.head, "111", "ACCUSE", tuple(critics), tuple(criticised),
                                        "reaction", modality(token.head)))
        return drafts

    # -- records ---------------------------------------------------------------------------------

    def _records(self, doc: Doc, sent: Span, sent_index: int, draft: Draft, args: Arguments) -> list[Event]:
        code = ontology.cameo(draft.cameo)
        plover = draft.plover
        if plover == "PROTEST" and all(m.sector in (None, "GOV") and m.kind != "agent" for m in draft.sources):
            code, plover = ontology.cameo("114"), "ACCUSE"  # a government's protest is diplomatic
        elif code.code == "191" and all(m.sector not in STATE_SECTORS for m in draft.sources):
            code, plover = ontology.cameo("144"), "PROTEST"  # protesters blocking roads: a protest
        elif code.code == "1712" and all(m.sector in CIVIL_SECTORS for m in draft.sources):
            code, plover = ontology.cameo("145"), "PROTEST"  # protesters wrecking a building: a riot
        agents = {m.head for m in (*draft.sources, *draft.targets) if m.kind == "agent"}
        home = code.code in HOME_CODES or draft.home
        unknown = self.convention == "petrarch"  # PETRARCH leaves a bare sector's country unknown
        venue = frozenset(m.country for m in args.place(draft.verb, child(draft.verb, "dobj", "obj")))
        sources = [args.resolve_agent(m, draft.targets, plover in DOMESTIC_SOURCE or home, unknown, venue)
                   for m in draft.sources]
        targets = [args.resolve_agent(m, draft.sources, plover in DOMESTIC_TARGET, unknown, venue)
                   for m in draft.targets]
        sources = [m for m in sources if m is not None]
        targets = [m for m in targets if m is not None]
        if unknown and not any(m.country for m in (*sources, *targets)):
            return []  # no side of known country ("a protester demolished the building")
        if not sources:
            return []
        if plover == "PROTEST" and not targets:
            # a protest names no target: it is aimed at the protesters' own government
            targets = [dataclasses.replace(m, sector="GOV", kind="domestic", kb_id=f"government:{m.code}")
                       for m in sources[:1]]
            agents.add(sources[0].head)
        if home and not targets:
            # a curfew or martial law with no place named is imposed on the actor's own country
            targets = [dataclasses.replace(m, sector="CVL", kind="domestic", kb_id=f"population:{m.code}")
                       for m in sources[:1] if m.country]
            agents.update(m.head for m in sources[:1])
        mirrored = set()
        if targets:
            pairs = [(s, t) for s in sources for t in targets if s is not t]
            if (plover == "CONSULT" and draft.via != "place") or (draft.via == "with" and plover in JOINT):
                mirrored = {(t.code, s.code) for s, t in pairs} - {(s.code, t.code) for s, t in pairs}
                pairs += [(t, s) for s, t in pairs]
                # "Israel and Lebanon renewed negotiations": both directions are stated
                mirrored -= set(permutations({m.code for m in sources}, 2))
        elif len({m.code for m in sources}) > 1 and (plover in JOINT | {"SUPPORT", "RETREAT", "ASSAULT"}
                                                      or draft.listed):
            # several actors and no one else: they act on each other (for a dictionary's verb,
            # as PETRARCH codes a compound without a target)
            pairs = list(permutations(sources, 2))
        elif plover in UNDIRECTED_OK:
            pairs = [(s, None) for s in sources]
        else:
            return []
        when, basis = event_date(draft.verb, sent, doc._.article_date)
        intensity = ontology.plover(plover).intensity if plover else None
        verb = draft.verb
        trigger = " ".join(t.text for t in [verb, *(c for c in verb.children if c.dep_ == "prt")])
        events, seen = [], set()
        for source, target in pairs:
            if target is not None and source.kb_id == target.kb_id and source.kind != "agent" \
                    and not domestic_pair(source, target):
                continue  # one actor named twice ("they ... a Trump-Kim summit")
            if target is not None and source.code == target.code and draft.via not in ("object", "place") \
                    and not agents & {source.head, target.head} and not domestic_pair(source, target):
                continue  # a state acts on itself only when the text names it as the object
                #           or one side is a domestic group ("villagers" against their government)
            key = (source.code, target.code if target else None)
            if key in seen:
                continue
            seen.add(key)
            tokens = [verb, doc[source.start], doc[source.end - 1]]
            if target is not None:
                tokens += [doc[target.start], doc[target.end - 1]]
            tokens = [t for t in tokens if sent.start <= t.i < sent.end] or [verb]
            events.append(Event(
                source=_actor(doc, source), target=_actor(doc, target) if target else None,
                cameo=code.code, cameo_name=code.name, goldstein=code.goldstein,
                quad_class=code.quad_class, plover=plover, intensity=intensity, modality=draft.mood,
                trigger=trigger, sentence=sent.text, sent_index=sent_index,
                start=min(t.idx for t in tokens), end=max(t.idx + len(t.text) for t in tokens),
                date=when, date_basis=basis, mirrored=key in mirrored, confidence=draft.confidence,
            ))
        return events


def _fill_from_meetings(drafts: list[Draft], meetings: list[Draft]) -> list[Draft]:
    """Acts said in a meeting without a named target are aimed at the meeting partner:
    "In a phone call with Biden, Xi warned that ..." is a warning to the United States."""
    filled = []
    for draft in drafts:
        partner = next((m for m in meetings if m.verb.i == draft.verb.i), None)
        if partner is not None and not draft.targets and draft.plover in REACTIVE:
            draft = dataclasses.replace(draft, targets=partner.targets, via="meeting")
        filled.append(draft)
    return filled + meetings


@lru_cache(maxsize=1)
def non_agents() -> frozenset[str]:
    """Subject nouns that cannot act, whatever the verb ("shares rallied", "the won fell"),
    from ``data/non_agents.csv`` with the reason for each."""
    with (Path(__file__).with_name("data") / "non_agents.csv").open(encoding="utf-8") as handle:
        return frozenset(row["lemma"] for row in csv.DictReader(handle))


def _pronoun_mentions(sent: Span, args: Arguments) -> list[ActorMention]:
    """Pronouns that stand for an actor named before them, as mentions at the pronoun, so the
    role model reads their own place in the sentence ("it said it would expel ...")."""
    found = []
    for token in sent:
        if token.pos_ == "PRON" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "poss"):
            for mention in args.pronoun(token)[:1]:
                found.append(dataclasses.replace(mention, start=token.i, end=token.i + 1, head=token.i))
    return found


def _as_places(mentions) -> list[ActorMention]:
    """Mentions of where an act happens, made its targets: the place's state, with no sector."""
    return [dataclasses.replace(m, sector=None, kb_id=f"place:{m.code}") for m in mentions]


def _announced_future(verb: Token) -> bool:
    """A future its actor announces: "Israel announced it would free", "said they will send".

    The speaker comes first and the reported clause refers back to it by a pronoun; "X will
    contribute aid, an official said" is the act, reported by someone else.
    """
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORTING and verb.head.i < verb.i \
        and any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in verb.children)


def _cooperative(pattern: VerbPattern | None) -> bool:
    """Whether a pattern codes an act of cooperation (CAMEO quad classes 1 and 2)."""
    return pattern is not None and ontology.cameo(pattern.cameo).quad_class <= 2 and pattern.cameo[:2] not in ("01",)


def _ultimatum(verb: Token) -> bool:
    """An act stated on a condition the other side must meet: "will withdraw unless X acts"."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
               for c in verb.children)


def _refusal(verb: Token) -> bool:
    """A negated acceptance that is a refusal: "will not accept", "would not join"."""
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "can", "ca", "could", "shall")
               for c in verb.children)


def _unique(events: list[Event]) -> list[Event]:
    """One event per sentence, dyad, PLOVER type and modality: two words for one act ("visited
    Tokyo for a summit", "agreed and pledged") are one event; the first, the verb's, is kept.
    An event without a target is dropped when the same source does the same kind of act to a
    named target in that sentence ("shelled Juba, killing about 20 people"); so is one whose
    target is of unknown country (the PETRARCH convention's ``---``)."""
    def vague(event):
        return event.target is None or event.target.code == "---"

    aimed = {(e.sent_index, e.source.code, e.plover, e.modality) for e in events if not vague(e)}
    seen, unique = set(), []
    for event in events:
        key = (event.sent_index, event.source.code, event.target.code if event.target else None,
               event.plover, event.modality)
        if vague(event) and key[:2] + key[3:] in aimed:
            continue
        if key not in seen:
            seen.add(key)
            unique.append(event)
    return unique


def _actor(doc: Doc, mention: ActorMention) -> Actor:
    span = mention.span(doc)
    return Actor(code=mention.code, country=mention.country, sector=mention.sector, text=span.text,
                 kb_id=mention.kb_id, start=span.start_char, end=span.end_char)


@Language.factory("allegiance_events")
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder(nlp, name)
