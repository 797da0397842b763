"""Score coded events against a gold set.

Only events the coder marks as asserted count: a negated or hypothetical event that a coder emits
as if it happened is exactly the over-coding this evaluation is meant to catch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from .. import kb
from ..records import Actor, Event
from .readers import GoldSet, Triple


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def actor_code(actor: Actor | None, scheme: str, prefix: int | None) -> str | None:
    """An actor's code in the gold set's vocabulary."""
    if actor is None:
        return None
    code = actor.code
    if actor.kb_id and actor.kb_id.startswith("org:"):
        org = kb.organisations().get(code)
        code = (org.cameo_code if org and org.cameo_code else code)
    if scheme == "petrarch":
        code = code + (actor.sector or "")
    return code[:prefix] if prefix else code


def to_triples(events: Iterable[Event], gold: GoldSet) -> set[Triple]:
    """Asserted events as triples in the gold set's scheme."""
    triples = set()
    for event in events:
        if not event.asserted or (gold.stated_only and event.mirrored):
            continue
        source = actor_code(event.source, gold.scheme, gold.actor_prefix)
        target = actor_code(event.target, gold.scheme, gold.actor_prefix)
        if gold.scheme == "plover":
            if event.plover:
                triples.add((source, target, event.plover))
        elif gold.scheme == "cameo-root":
            triples.add((source, target, event.cameo[:2]))
        else:
            triples.add((source, target, event.cameo))
    return triples


def _element_matches(gold: list[Triple], predicted: list[Triple]) -> int:
    """Greedy one-to-one pairing of gold and predicted events, counting equal elements."""
    remaining = list(predicted)
    right = 0
    for triple in gold:
        if not remaining:
            break
        best = max(remaining, key=lambda p: sum(a == b for a, b in zip(triple, p)))
        right += sum(a == b for a, b in zip(triple, best))
        remaining.remove(best)
    return right


def score(gold: GoldSet, predictions: list[set[Triple]]) -> dict:
    """Micro precision/recall/F1 over triples, actor pairs and types, plus PETRARCH counts."""
    tp = fp = fn = 0
    pair_tp = pair_fp = pair_fn = 0
    typed_right = typed_total = 0
    by_type: dict[str, Counter] = {}
    empty_items = empty_false_positives = 0
    elements_right = elements_total = 0
    for item, predicted in zip(gold.items, predictions, strict=True):
        truth = set(item.events)
        tp += len(truth & predicted)
        fp += len(predicted - truth)
        fn += len(truth - predicted)
        gold_pairs = {(s, t) for s, t, _ in truth}
        predicted_pairs = {(s, t) for s, t, _ in predicted}
        pair_tp += len(gold_pairs & predicted_pairs)
        pair_fp += len(predicted_pairs - gold_pairs)
        pair_fn += len(gold_pairs - predicted_pairs)
        for triple in truth:
            if (triple[0], triple[1]) in predicted_pairs:
                typed_total += 1
                typed_right += triple in predicted
        for kind in {t for *_, t in truth | predicted}:
            counts = by_type.setdefault(kind, Counter())
            counts["tp"] += len({x for x in truth & predicted if x[2] == kind})
            counts["fp"] += len({x for x in predicted - truth if x[2] == kind})
            counts["fn"] += len({x for x in truth - predicted if x[2] == kind})
        if not truth:
            empty_items += 1
            empty_false_positives += bool(predicted)
        elements_total += 3 * len(truth)
        elements_right += _element_matches(sorted(truth, key=str), sorted(predicted, key=str))
    result = {
        "gold": gold.name,
        "items": len(gold.items),
        "gold_events": tp + fn,
        "overall": _prf(tp, fp, fn),
        "actors": _prf(pair_tp, pair_fp, pair_fn),
        "type_accuracy": round(typed_right / typed_total, 4) if typed_total else 0.0,
        "by_type": {k: {**_prf(c["tp"], c["fp"], c["fn"]), "support": c["tp"] + c["fn"]}
                    for k, c in sorted(by_type.items())},
        "no_event_false_positive_rate": round(empty_false_positives / empty_items, 4) if empty_items else 0.0,
        "counts": {"correct": tp, "uncoded": fn, "extra": fp},
    }
    if gold.scheme == "petrarch":
        result["elements_right"] = round(elements_right / elements_total, 4) if elements_total else 0.0
    return result


def evaluate(gold: GoldSet, code: Callable[[str, object], list[Event]]) -> tuple[dict, list[set[Triple]]]:
    """Code every gold text with ``code(text, date)`` and score the asserted events."""
    predictions = [to_triples(code(item.text, item.date), gold) for item in gold.items]
    return score(gold, predictions), predictions


def evaluate_file(path, format: str = "auto", dictionaries: str | None = None, coder: str = "both",
                  min_confidence: float = 0.0) -> dict:
    """Read a gold file, code its texts with the shipped pipeline (plus ``dictionaries``), score.

    ``coder`` picks where events come from (``rules``, ``model`` or ``both``, see
    ``nlp/events.py``); events below ``min_confidence`` are left out, as ``allegiance events
    --min-confidence`` leaves them out. The shared pipeline's mode is restored afterwards.
    """
    from ..api import code
    from ..nlp import load
    from .readers import read_gold

    gold = read_gold(path, format)
    # PETRARCH's sets code a stated future act as the act itself; the coder follows them there
    convention = "petrarch" if gold.scheme in ("petrarch", "cameo-root") else "allegiance"
    nlp = load(dictionaries=str(dictionaries) if dictionaries else None, convention=convention)
    events = nlp.get_pipe("allegiance_events")

    def coded(text, day):
        return [e for e in code(text, date=day, nlp=nlp)
                if min_confidence <= 0 or (e.confidence or 0.0) >= min_confidence]

    shared_mode, events.mode = events.mode, coder
    try:
        result, _ = evaluate(gold, coded)
    finally:
        events.mode = shared_mode
    result["format"] = gold.scheme
    result["coder"] = coder
    return result
