"""Whether a clause reports something that happened.

"China could impose sanctions", "if Seoul joins", "Pyongyang did not agree", "talks will resume",
"analysts expect a test": none of these is an event that happened. This module reads the parse
around a verb for negation, modal and future auxiliaries, conditional clauses and governing verbs
of expectation, and returns one of ``asserted``, ``negated``, ``hypothetical`` or ``future``.
"""

from __future__ import annotations

from spacy.tokens import Token

HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "can", "must", "ought", "'d"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
NEGATIVE_DETERMINERS = {"no", "neither", "never"}
#: Verbs whose complement is still an event that happened ("began to withdraw").
ASPECTUAL = {"begin", "start", "continue", "resume", "keep", "finish", "proceed", "go", "move",
             "repeat", "manage", "commence", "step"}
#: Verbs and adjectives whose complement is expected, wished or planned, not done.
IRREALIS_HEADS = {"expect", "predict", "anticipate", "forecast", "fear", "hope", "plan", "intend",
                  "want", "wish", "seek", "aim", "try", "attempt", "consider", "mull", "weigh",
                  "propose", "suggest", "speculate", "believe", "think", "doubt", "likely",
                  "unlikely", "set", "poised", "due", "ready", "able", "prepare", "vow", "pledge",
                  "promise", "threaten", "warn", "urge", "ask", "call", "demand", "refuse",
                  "decline", "agree", "offer", "need", "have", "choose", "decide", "hesitate",
                  "fail", "risk", "push", "press", "seem", "appear"}


#: Words whose infinitive complement is an act already fixed for later ("is about to", "is
#: scheduled to"): a future, like "will".
SCHEDULED_HEADS = {"about", "schedule", "scheduled", "due", "slate", "slated"}
#: Verbs of saying: in what they report, "would" is a backshifted "will" ("Russia said it would
#: veto the resolution" reports "Russia will veto"), unless a condition makes it hypothetical.
REPORTING = {"say", "tell", "announce", "declare", "state", "add", "insist", "reiterate", "confirm",
             "stress", "vow", "warn", "indicate", "signal"}


def _backshifted(verb: Token) -> bool:
    return (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORTING
            and not any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS
                                                  for m in c.children) for c in verb.children))


def _own_modality(verb: Token) -> str:
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children):
        return "negated"
    for child in children:
        if child.dep_ in ("aux", "auxpass"):
            word = child.lower_
            if word in ("would", "'d") and _backshifted(verb):
                return "future"
            if word in HYPOTHETICAL_AUX:
                return "hypothetical"
            if word in FUTURE_AUX:
                return "future"
    for child in children:
        if child.dep_ in ("dobj", "nsubjpass", "attr") and any(
                d.lower_ in NEGATIVE_DETERMINERS for d in child.children if d.dep_ in ("det", "neg")):
            return "negated"
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in children):
        return "hypothetical"
    if verb.tag_ == "VB" and verb.dep_ in ("ccomp", "acl") and _has_subject(verb) \
            and not any(c.dep_ in ("aux", "auxpass") for c in children):
        return "hypothetical"  # a subjunctive: "demanded that Israel ease restrictions"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in SCHEDULED_HEADS:
        return "future"  # "is about to restore ties", "is scheduled to attend": not yet done
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in IRREALIS_HEADS:
        return "hypothetical"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() not in ASPECTUAL:
        return "hypothetical"
    if verb.dep_ in ("acl", "relcl", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
        return "hypothetical"  # "a timetable for the North to give up", "in order to sanction"
    if verb.dep_ == "ROOT" and verb.sent[-1].text == "?":
        return "hypothetical"
    if verb.lemma_ == "go" and any(c.dep_ == "xcomp" for c in children):
        return "future"
    return "asserted"


def _contrasted(verb: Token) -> bool:
    """A coordinated verb joined by "but" or "yet", which does not share its partner's negation."""
    return any(c.dep_ == "cc" and c.lower_ in ("but", "yet") and c.i < verb.i for c in verb.head.children)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def modality(verb: Token) -> str:
    """The modality of the clause headed by ``verb``, inherited from the clauses that govern it.

    A coordinated verb without its own subject shares its partner's auxiliaries ("could impose
    sanctions and freeze assets"); a complement shares its governor's negation or condition
    ("did not say that ...", "if Seoul agrees to ...").
    """
    current = verb
    for _ in range(12):  # parses are shallow; the bound guards against odd cycles
        own = _own_modality(current)
        if own != "asserted":
            return own
        dep = current.dep_
        if dep == "conj" and not _has_subject(current):
            if _contrasted(current) and _own_modality(current.head) == "negated":
                return "asserted"  # "did not meet her but spoke with her by phone"
            current = current.head
        elif dep in ("xcomp", "ccomp", "advcl", "relcl", "acl", "pcomp") and current.head is not current:
            if dep in ("relcl", "acl"):  # a relative clause is asserted on its own terms
                return "asserted"
            current = current.head
        else:
            return "asserted"
    return "asserted"


def modality_features(verb: Token) -> list[str]:
    """What the modality model reads about a trigger: the rules' own answer, and the cue words
    they read, named so the model can weigh them (auxiliaries, negation, conditional markers,
    and the lemmas of the clauses that govern the trigger, with the link to each)."""
    named = [f"rule={modality(verb)}", f"tag={verb.tag_}", f"dep={verb.dep_}"]
    current = verb
    for depth in range(3):
        for c in current.children:
            if c.dep_ in ("aux", "auxpass", "neg", "mark"):
                named.append(f"{depth}:{c.dep_}={c.lower_}")
            elif c.dep_ in ("dobj", "nsubj", "nsubjpass") and any(
                    d.lower_ in NEGATIVE_DETERMINERS for d in c.children if d.dep_ in ("det", "neg")):
                named.append(f"{depth}:nodet")
        if current.head is current:
            break
        named.append(f"{depth}:up={current.dep_}>{current.head.lemma_.lower()}")
        current = current.head
    if verb.sent[-1].text == "?":
        named.append("question")
    return named
