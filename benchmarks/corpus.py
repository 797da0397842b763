"""A seeded generator of news-like articles, for benchmarks of any size.

Articles are built from the knowledge base (states, capitals, leaders in office on the article's
date) and the verb lexicon (a verb with an object and the preposition that takes the target), so
they exercise the same code paths as real news: actors to resolve, events to code, negated,
hypothetical and reported clauses to keep apart. The same seed gives the same corpus.

    python benchmarks/corpus.py 2000 corpus.jsonl --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

from allegiance import kb
from allegiance.nlp.lexicon import default_lexicon

IRREGULAR = {
    "hold": "held", "meet": "met", "send": "sent", "give": "gave", "make": "made", "take": "took",
    "fly": "flew", "shoot": "shot", "strike": "struck", "break": "broke", "cut": "cut", "seek": "sought",
    "buy": "bought", "sell": "sold", "lead": "led", "leave": "left", "tell": "told", "win": "won",
    "begin": "began", "speak": "spoke", "draw": "drew", "bring": "brought", "lend": "lent",
    "withdraw": "withdrew", "build": "built", "keep": "kept", "set": "set", "put": "put",
    "quit": "quit", "spread": "spread", "forbid": "forbade", "sink": "sank", "steal": "stole",
    "throw": "threw", "freeze": "froze", "choose": "chose", "go": "went", "run": "ran",
}
FILLER = [
    "The move came amid rising tension in the region.",
    "Officials gave no further details.",
    "The statement was carried by state media on the same day.",
    "Markets in the region were little changed.",
    "The two sides have a long history of disputes over the issue.",
]
MOODS = [("", 0.7), ("could ", 0.08), ("did not ", 0.08), ("will ", 0.07), ("may ", 0.07)]


def past(verb: str) -> str:
    """A simple past tense, good enough for generated text."""
    if verb in IRREGULAR:
        return IRREGULAR[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


class Generator:
    def __init__(self, seed: int = 7):
        self.random = random.Random(seed)
        self.states = [s for s in kb.states().values() if s.un_status == "member"]
        self.patterns = [p for rows in default_lexicon()._index.values() for p in rows
                         if p.objects and min(p.objects).isalpha() and not p.particle]
        self.holders = kb.office_holders()

    def actor(self, day: dt.date) -> tuple[str, str]:
        """A way of naming a state (name, capital, leader in office), and its name."""
        state = self.random.choice(self.states)
        leaders = [h for h in self.holders if h.iso3 == state.iso3 and h.holds_on(day) and not h.acting]
        choice = self.random.random()
        if leaders and choice < 0.3:
            leader = self.random.choice(leaders)
            return f"{state.name}'s {leader.title} {leader.person}", state.name
        if state.metonyms and choice < 0.5:
            return self.random.choice(state.metonyms), state.name
        return state.name, state.name

    def clause(self, day: dt.date) -> str:
        pattern = self.random.choice(self.patterns)
        source, _ = self.actor(day)
        target, _ = self.actor(day)
        mood = self.random.choices([m for m, _ in MOODS], [w for _, w in MOODS])[0]
        verb = pattern.verb if mood else past(pattern.verb)
        obj = sorted(pattern.objects)[0]
        tail = f" {pattern.prep} {target}" if pattern.prep else f" over {target}"
        when = self.random.choice(["on Monday", "on Tuesday", "last week", "on Friday", ""])
        sentence = f"{source} {mood}{verb} the {obj}{tail} {when}".strip()
        if self.random.random() < 0.3:
            sentence += f", {self.random.choice(['officials said', 'state media reported', 'a spokesman said'])}"
        return sentence[0].upper() + sentence[1:] + "."

    def article(self, number: int) -> dict:
        day = dt.date(2016, 1, 1) + dt.timedelta(days=self.random.randrange(0, 3500))
        paragraphs = []
        for _ in range(self.random.randint(2, 4)):
            sentences = [self.clause(day) for _ in range(self.random.randint(2, 4))]
            if self.random.random() < 0.5:
                sentences.append(self.random.choice(FILLER))
            paragraphs.append(" ".join(sentences))
        title = self.clause(day).rstrip(".")
        return {"title": title, "date": day.isoformat(), "source": "Generated Wire",
                "url": f"https://example.org/generated/{number}", "text": "\n\n".join(paragraphs)}


def generate(count: int, seed: int = 7) -> Iterator[dict]:
    generator = Generator(seed)
    for number in range(count):
        yield generator.article(number)


def write_corpus(count: int, path: Path, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in generate(count, seed):
            handle.write(json.dumps(record) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_corpus(args.count, args.out, args.seed)
    print(f"wrote {args.count} articles to {args.out}")


if __name__ == "__main__":
    main()
