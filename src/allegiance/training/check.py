"""``python -m allegiance.training.check [FILE...]``: check corpus files and print their summary.

Lists every line with a problem (missing span, unknown code, CAMEO outside its PLOVER type),
then the counts the corpus tests hold it to: examples per PLOVER type, the share of hard
negatives, distinct triggers, countries and any sentence frame used more than three times.
"""

from __future__ import annotations

import sys
from collections import Counter

from .. import ontology
from . import corpus


def main(argv: list[str]) -> int:
    plover_of = {code: c.plover for code, c in ontology.cameo_codes().items() if c.plover}
    files = argv or None
    try:
        sentences = corpus.read(files)
    except corpus.CorpusError as err:
        print(f"error: {err}")
        return 1
    bad = 0
    ids = Counter(s.id for s in sentences)
    for s in sentences:
        found = corpus.problems(s, plover_of)
        if ids[s.id] > 1:
            found.append("id used more than once")
        for problem in found:
            bad += 1
            print(f"{s.id}: {problem}")
    summary = corpus.summarise(sentences)
    print(f"{summary.sentences} sentences, {summary.hard_negatives} without an asserted event "
          f"({summary.hard_negatives / max(1, summary.sentences):.0%}), {summary.distinct_triggers} distinct triggers, "
          f"{summary.countries} countries")
    print("asserted events by type: " + ", ".join(f"{k} {v}" for k, v in summary.by_type.items()))
    for f, n in summary.frames_over.items():
        print(f"frame used {n} times: {f}")
    return 1 if bad or summary.frames_over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
