"""Score office-claim verdicts against a gold set in the office-claims format.

Each line is ``{"id", "date", "text", "claims": [{"person", "office", "country", "verdict",
"qualifier"?}]}``: every (person, title) mention in the text with its verdict on ``date``
(``supported``, ``contradicted`` or ``unverifiable``; see ``../shared/gold/README.md`` §2).

A predicted claim matches a gold claim on (person, office, country, qualifier):

- person: the same name, spelling aside ("Cho Tae-yul" = "Cho Tae Yul"), or the knowledge-base
  name a bare surname resolved to ("President Lee" → Lee Jae Myung);
- office: the same normalised office, or one that names the same knowledge-base office
  ("defense secretary" = "secretary of defense"); two posts the knowledge base does not cover
  (a "fellow" and a "senior fellow") match each other, since their verdict cannot depend on
  the wording;
- country: the same, for offices the knowledge base covers (for uncovered posts it is reported as
  ``country_agreement`` but not required);
- qualifier: the same (``acting``, ``former`` or none).

Accuracy is the share of gold claims whose matched prediction has the gold verdict; a gold claim
with no matching prediction counts as wrong (``missed`` in the confusion table).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from ..kb import offices
from .readers import json_lines

VERDICTS = ("supported", "contradicted", "unverifiable")


def read_claims(path: str | Path) -> list[dict]:
    """The items of an office-claims gold file, with their dates parsed."""
    path = Path(path)
    kind = 'an office-claims gold record: one JSON object per line with "text" and "claims"'
    return json_lines(path, _claims_item, kind)


def _claims_item(number: int, record: dict) -> dict:
    claims = [{"person": c["person"], "office": c["office"].lower(), "country": c.get("country"),
               "verdict": c["verdict"], "qualifier": c.get("qualifier")} for c in record["claims"]]
    if any(c["verdict"] not in VERDICTS for c in claims):
        raise ValueError("verdict must be supported, contradicted or unverifiable")
    return {"id": str(record.get("id", number)), "text": record["text"],
            "date": dt.date.fromisoformat(record["date"]) if record.get("date") else None, "claims": claims}


def office_key(office: str, country: str | None) -> str | None:
    """The knowledge-base office a normalised office names in ``country`` (None: not covered)."""
    office = office.lower().strip()
    posting = re.fullmatch(r"ambassador (?:to|in) (?:the )?(.+)", office)
    if posting:
        from ..nlp.claims import _forms

        where = posting.group(1)
        if where.lower() in ("united nations", "un", "u.n."):
            return "ambassador:UN"
        forms = _forms().country_of
        code = next((code for form, code in forms.items() if form.lower() == where.lower()), None)
        return f"ambassador:{code}" if code else None
    row = offices.title_for(office, country, "before") or offices.title_for(office, country, "after")
    if row is None:
        for candidate in offices.titles():
            if candidate.office == office and candidate.applies_to(country):
                row = candidate
                break
    return row.kb_office if row is not None and row.kb_office != "ambassador" else None


def _same_person(gold: str, claim) -> bool:
    key = offices.name_key(gold)
    if key in (offices.name_key(claim.name_text), offices.name_key(claim.person)):
        return True
    words = claim.name_text.split()
    gold_words = [offices.name_key(w) for w in gold.split()]
    return len(words) == 1 and offices.name_key(words[0]) in (gold_words[0], gold_words[-1])


def matches(gold: dict, claim) -> bool:
    if not _same_person(gold["person"], claim) or (gold.get("qualifier") or None) != claim.qualifier:
        return False
    gold_key = office_key(gold["office"], gold["country"])
    if gold_key is None:
        return claim.office_key is None
    return claim.office_key == gold_key and claim.country == gold["country"]


def score_claims(items: list[dict], predictions: list[list[tuple]]) -> dict:
    """Accuracy, confusion table and per-verdict precision/recall of matched predictions."""
    confusion = {v: Counter() for v in VERDICTS}
    errors, extra, country_total, country_same = [], 0, 0, 0
    for item, predicted in zip(items, predictions, strict=True):
        unused = list(predicted)
        for gold in item["claims"]:
            found = next(((c, v) for c, v in unused if matches(gold, c)), None)
            if found is None:
                confusion[gold["verdict"]]["missed"] += 1
                errors.append({"id": item["id"], "person": gold["person"], "office": gold["office"],
                               "gold": gold["verdict"], "predicted": "missed", "evidence": ""})
                continue
            unused.remove(found)
            claim, verdict = found
            confusion[gold["verdict"]][verdict.verdict] += 1
            country_total += 1
            country_same += claim.country == gold["country"]
            if verdict.verdict != gold["verdict"]:
                errors.append({"id": item["id"], "person": gold["person"], "office": gold["office"],
                               "gold": gold["verdict"], "predicted": verdict.verdict,
                               "evidence": verdict.evidence})
        extra += len(unused)
    total = sum(sum(c.values()) for c in confusion.values())
    correct = sum(confusion[v][v] for v in VERDICTS)
    by_verdict = {}
    for verdict in VERDICTS:
        predicted = sum(confusion[g][verdict] for g in VERDICTS)
        support = sum(confusion[verdict].values())
        precision = confusion[verdict][verdict] / predicted if predicted else 0.0
        recall = confusion[verdict][verdict] / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        by_verdict[verdict] = {"precision": round(precision, 4), "recall": round(recall, 4),
                               "f1": round(f1, 4), "support": support}
    return {
        "items": len(items),
        "claims": total,
        "overall": {"accuracy": round(correct / total, 4) if total else 0.0, "correct": correct, "total": total,
                    "matched": total - sum(c["missed"] for c in confusion.values())},
        "confusion": {g: {p: confusion[g][p] for p in (*VERDICTS, "missed")} for g in VERDICTS},
        "by_verdict": by_verdict,
        "supported_judged_contradicted": confusion["supported"]["contradicted"],
        "extra_predictions": extra,
        "country_agreement": round(country_same / country_total, 4) if country_total else 0.0,
        "errors": errors,
    }


def evaluate_claims_file(path: str | Path, nlp=None) -> dict:
    """Read an office-claims gold file, extract and verify the claims of each text, and score."""
    from ..api import claims
    from ..nlp import load

    items = read_claims(path)
    nlp = nlp or load()
    predictions = [claims(item["text"], item["date"], nlp=nlp) for item in items]
    return {"gold": Path(path).name, "format": "claims", **score_claims(items, predictions)}
