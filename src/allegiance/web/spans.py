"""Text with marked spans, as safe HTML.

Events, quotes, office claims and figures overlap (a claim sits inside an event's span), so the
text is cut at every span boundary and each piece is wrapped once, with the classes and labels of
all spans covering it. Every piece of text and every label is escaped here; the result is the only
HTML in a page that does not come from a template.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str    # a CSS class: event, quote, claim, figure, and a verdict class
    label: str   # shown on hover


def mark(text: str, spans: list[Span], offset: int = 0) -> Markup:
    """``text`` as HTML with ``spans`` (offsets relative to ``offset``) wrapped in ``<mark>``."""
    inside = [Span(max(s.start - offset, 0), min(s.end - offset, len(text)), s.kind, s.label) for s in spans]
    inside = [s for s in inside if s.start < s.end]
    cuts = sorted({0, len(text), *(s.start for s in inside), *(s.end for s in inside)})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        piece = escape(text[left:right])
        covering = [s for s in inside if s.start <= left and right <= s.end]
        if not covering:
            pieces.append(piece)
            continue
        kinds = " ".join(dict.fromkeys(k for s in covering for k in s.kind.split()))
        labels = "; ".join(dict.fromkeys(s.label for s in covering))
        pieces.append(Markup('<mark class="{}" title="{}">{}</mark>').format(kinds, labels, piece))
    return Markup("").join(pieces)
