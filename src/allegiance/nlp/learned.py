"""The learned decisions of the coder: event type, actor roles and modality.

Three linear models, trained on the project's own corpus (``allegiance train``) and shipped in
``models/``, decide for each candidate of a sentence (``candidates.py``):

- **type**: which PLOVER type the candidate expresses, or none (``types.npz``);
- **roles**: whether each actor mention of the sentence is its source, its target or neither
  (``roles.npz``, reading the dependency path of ``roles.py``);
- **modality**: asserted, negated, hypothetical or future (``modality.npz``, reading the cue
  words of ``modality.py``).

The result is a ``Decision`` per candidate with a confidence (the product of the type's and the
roles' probabilities). The codebook conventions (joint acts both ways, venues are never parties,
domestic acts) are applied afterwards by the event component, the same way for learned and
rule-made events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from .actors import ActorMention
from .candidates import Candidate, candidates, type_inputs
from .linear import LinearModel
from .modality import modality_features
from .roles import role_features

MODELS = Path(__file__).with_name("models")
NONE = "NONE"
#: How sure the type model must be that a word carries no event to overrule a rule that codes it.
VETO = 0.9
#: Event types whose target may be a place standing for its state ("shelled Juba").
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "CONCEDE"})


@dataclass(frozen=True)
class Decision:
    candidate: Candidate
    plover: str
    cameo: str
    sources: tuple[ActorMention, ...]
    targets: tuple[ActorMention, ...]
    mood: str
    confidence: float


@dataclass(frozen=True)
class LearnedModels:
    types: LinearModel
    roles: LinearModel
    modality: LinearModel
    cameo_by_lemma: dict[str, str]  # "SANCTION/impose" -> the corpus's most frequent code
    cameo_by_type: dict[str, str]

    @classmethod
    def load(cls, folder: Path = MODELS) -> "LearnedModels":
        codes = json.loads((folder / "cameo.json").read_text(encoding="utf-8"))
        return cls(types=LinearModel.load(folder / "types.npz"), roles=LinearModel.load(folder / "roles.npz"),
                   modality=LinearModel.load(folder / "modality.npz"),
                   cameo_by_lemma=codes["by_lemma"], cameo_by_type=codes["by_type"])

    def cameo(self, plover: str, candidate: Candidate) -> str:
        return self.cameo_by_lemma.get(f"{plover}/{candidate.phrase}") or self.cameo_by_type[plover]


@lru_cache(maxsize=2)
def shipped_models(folder: str = str(MODELS)) -> LearnedModels | None:
    """The models shipped with the package, or None when they have not been built."""
    path = Path(folder)
    return LearnedModels.load(path) if (path / "types.npz").exists() else None


def type_scores(models: LearnedModels, sent: Span, lexicon=None) -> tuple[list[Candidate], list[dict[str, float]]]:
    """Each candidate of a sentence with its probability for every type (and ``NONE``)."""
    found = candidates(sent)
    if not found:
        return [], []
    probs = models.types.scores(*type_inputs(found, lexicon))
    return found, [dict(zip(models.types.classes, row)) for row in probs]


def _role_scores(models: LearnedModels, candidate: Candidate, plover: str,
                 mentions: list[ActorMention]) -> list[dict[str, float]]:
    doc = candidate.token.doc
    named = [role_features(doc[m.head], candidate.token, plover, m.kind, candidate.kind) for m in mentions]
    return [dict(zip(models.roles.classes, row)) for row in models.roles.scores(None, named)]


def decide(models: LearnedModels, sent: Span, mentions: list[ActorMention], lexicon=None,
           min_type: float = 0.35, min_role: float = 0.35, scored=None) -> list[Decision]:
    """The events the models find in one sentence, before the codebook conventions.

    ``scored`` is the sentence's ``type_scores`` when the caller has them already.
    """
    inside = [m for m in mentions if sent.start <= m.head < sent.end]
    if not inside:
        return []
    found, scores = scored if scored is not None else type_scores(models, sent, lexicon)
    decisions = []
    for candidate, probs in zip(found, scores):
        plover = max(probs, key=probs.get)
        if plover == NONE or probs[plover] < min_type:
            continue
        roles = _role_scores(models, candidate, plover, inside)
        sources = [(m, r["source"]) for m, r in zip(inside, roles)
                   if r["source"] >= min_role and m.kind != "place"]
        if not sources:
            continue
        taken = {m.head for m, _ in sources}
        targets = [(m, r["target"]) for m, r in zip(inside, roles) if r["target"] >= min_role
                   and m.head not in taken and (m.kind != "place" or plover in PLACE_TARGET_TYPES)]
        mood_probs = models.modality.scores(None, [modality_features(candidate.token)])[0]
        mood = models.modality.classes[int(mood_probs.argmax())]
        confidence = probs[plover] * max(p for _, p in sources) * (max(p for _, p in targets) if targets else 1.0)
        decisions.append(Decision(candidate, plover, models.cameo(plover, candidate),
                                  tuple(m for m, _ in sources), tuple(m for m, _ in targets), mood,
                                  round(float(confidence), 4)))
    return decisions
