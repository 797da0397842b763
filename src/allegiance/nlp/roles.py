"""What the role model reads about an actor mention and a trigger: the path between them.

Whether "Seoul" is the source, the target or neither of "summoned" is mostly a matter of the
dependency path from the mention to the trigger (``nsubj``, ``pobj<with``, ``poss>dobj``,
``relcl`` for "the minister, who met ..."), the voice of the trigger, the preposition in
between, the order of the two, and the event type. Each becomes a named feature, alone and
combined with the type, so the model learns, for instance, that a ``by`` phrase of a passive is
the source and that the ``with`` partner of a meeting is its target.
"""

from __future__ import annotations

from spacy.tokens import Token

_MAX_STEPS = 6


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head is not chain[-1] and len(chain) < 12:
        chain.append(chain[-1].head)
    return chain


def _step(token: Token) -> str:
    """One step of a path, with the preposition or marker that makes it readable."""
    if token.dep_ == "pobj":
        return f"pobj<{token.head.lower_}"
    if token.dep_ == "agent":
        return "agent"
    return token.dep_


def path(mention: Token, trigger: Token) -> tuple[list[str], list[str]]:
    """Steps up from the mention to the lowest common ancestor, and down from there to the
    trigger (each as dependency labels; a ``pobj`` step carries its preposition)."""
    up_chain, down_chain = _ancestors(mention), _ancestors(trigger)
    common = next((t for t in up_chain if t in down_chain), None)
    if common is None:
        return ["far"], []
    ups = [_step(t) for t in up_chain[:up_chain.index(common)]]
    downs = [_step(t) for t in down_chain[:down_chain.index(common)]]
    return ups[:_MAX_STEPS], list(reversed(downs))[:_MAX_STEPS]


def _passive(trigger: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children) or (
        trigger.tag_ == "VBN" and trigger.dep_ in ("acl", "amod"))


def role_features(mention: Token, trigger: Token, event_type: str, mention_kind: str, trigger_kind: str) -> list[str]:
    """Named features of one (mention, trigger) pair under one event type."""
    ups, downs = path(mention, trigger)
    route = "/".join(ups) + "|" + "/".join(downs)
    first = ups[0] if ups else "self"
    preps = [s.split("<", 1)[1] for s in ups if s.startswith("pobj<")]
    side = "before" if mention.i < trigger.i else "after"
    voice = "passive" if _passive(trigger) else "active"
    distance = min(abs(mention.i - trigger.i) // 4, 5)
    named = [f"route={route}", f"first={first}", f"side={side}", f"voice={voice}", f"dist={distance}",
             f"mkind={mention_kind}", f"tkind={trigger_kind}", f"ups={len(ups)}", f"downs={len(downs)}",
             f"first+voice={first}/{voice}", f"first+side={first}/{side}", f"type={event_type}",
             f"type+first={event_type}/{first}", f"type+route={event_type}/{route}",
             f"type+side+voice={event_type}/{side}/{voice}"]
    named += [f"prep={p}" for p in preps[:2]] + [f"type+prep={event_type}/{p}" for p in preps[:1]]
    if downs:
        named.append(f"down1={downs[0]}")
    if "conj" in ups:
        named.append(f"conj+route={route.replace('conj/', '')}")
    return named
