"""The records that flow between stages.

Each stage reads the records of the stage before it and nothing else. The DuckDB tables in
``store/schema.sql`` mirror these types field for field, so a record can be traced from a chart
back to the characters of the sentence that produced it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

#: Modalities an event can carry. Only ``asserted`` events count as things that happened.
MODALITIES = ("asserted", "negated", "hypothetical", "future")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like piece of an article's cleaned text.

    ``kind`` tells body paragraphs from headings and photo captions, so later stages can weigh
    them differently (a caption names people without reporting an event, for instance).
    """

    start: int
    end: int
    kind: str  # "body" | "heading" | "caption"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a reader found in one input, before cleaning: text plus whatever metadata it carried."""

    text: str
    origin: str  # the file path
    locator: str = ""  # where inside the file: "line 3", a WARC record id
    format: str = "text"
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    source: str | None = None
    is_html: bool = False
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned English article, identified by the hash of its text."""

    article_id: str
    text: str
    blocks: tuple[Block, ...]
    title: str | None
    date: dt.date | None
    date_source: str  # "page" | "metadata" | "user" | "none"
    source: str | None
    url: str | None
    origin: str
    locator: str
    format: str
    language: str


@dataclass(frozen=True, slots=True)
class Skip:
    """An input, or part of one, that could not be read in full, and why.

    ``action`` is ``skipped`` when nothing of it was stored and ``partial`` when the readable part
    was kept (a truncated page, say), so nothing is lost silently.
    """

    origin: str
    reason: str
    detail: str = ""
    locator: str = ""
    action: str = "skipped"


@dataclass(frozen=True, slots=True)
class Actor:
    """One side of an event: a country (ISO 3166-1 alpha-3) or organisation, with its sector."""

    code: str  # ISO3 for states, the organisation code for IGOs ("UN", "NATO")
    country: str | None  # ISO3 where the actor belongs to a state
    sector: str | None  # CAMEO agent code: GOV, MIL, LEG, ...
    text: str  # as written in the sentence
    kb_id: str | None = None  # the knowledge-base entry it resolved to
    start: int = 0  # character offsets in the article text
    end: int = 0


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, in one sentence, with the evidence that shows it."""

    source: Actor
    target: Actor | None
    cameo: str
    cameo_name: str
    goldstein: float
    quad_class: int
    plover: str | None
    intensity: float | None
    modality: str
    trigger: str
    sentence: str
    sent_index: int
    start: int  # character span of the evidence in the article text
    end: int
    date: dt.date | None = None
    date_basis: str = "none"  # "sentence" | "article" | "none"
    article_id: str | None = None
    #: True for the reverse direction the coder adds by convention to a stated joint act
    #: ("Moon met Kim" also gives Kim→Moon CONSULT); False for everything the text states.
    mirrored: bool = False
    #: How sure the coder is, from 0 to 1: the learned models' probability of this type with
    #: these roles (``nlp/learned.py``); None for events imported from other data sets.
    confidence: float | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def asserted(self) -> bool:
        return self.modality == "asserted"

    def to_dict(self) -> dict:
        """A flat, JSON-friendly view, the shape of a row of the ``events`` table."""
        row = asdict(self)
        for side in ("source", "target"):
            actor = row.pop(side) or {}
            for key in ("code", "country", "sector", "text", "kb_id"):
                row[f"{side}_{key}"] = actor.get(key)
        row.pop("extra")
        row["date"] = self.date.isoformat() if self.date else None
        return row


@dataclass(frozen=True, slots=True)
class OfficeClaim:
    """A person presented as holding an office: "former President Moon Jae-in".

    ``office`` is the normalised title ("secretary of defense"); ``office_key`` the knowledge-base
    office it names ("defence_minister", "ambassador:USA"), or None for posts the knowledge base
    does not cover (fellows, spokespeople, an ambassador with no posting). The claim is checked
    on the days ``check_from``..``check_to``: the article's date unless the sentence gives its own
    ("on Feb. 15", "nearly a decade ago"); for ``former`` claims, any day before ``check_to``.
    """

    person: str  # the knowledge-base name where the name resolved, else as written
    name_text: str  # the name as written ("Lee", "Cho Tae-yul")
    title: str  # the title as written ("U.S. Secretary of State")
    office: str
    office_key: str | None
    country: str | None
    country_basis: str  # stated | person | title | attached | article | context | none
    qualifier: str | None  # acting | former | None
    check_from: dt.date | None
    check_to: dt.date | None
    date_basis: str  # article | sentence | relative | none
    form: str  # before (the title before the name) | after (an apposition after it)
    organisation: str | None
    text: str
    sent_index: int
    start: int
    end: int
    kb_person: str | None = None  # "person:Moon Jae-in" when the name is a knowledge-base person


@dataclass(frozen=True, slots=True)
class Quote:
    """Something a speaker said, quoted directly (``direct``) or reported (``indirect``).

    ``start``/``end`` cover the quoted words; a quotation split around its attribution
    ("“…,” X said, “…”") is one quote from the first quoted word to the last.
    """

    kind: str  # direct | indirect
    text: str
    verb: str
    speaker_text: str
    speaker_name: str | None
    speaker_title: str | None
    speaker_organisation: str | None
    speaker_country: str | None
    sent_index: int
    start: int
    end: int
    speaker_start: int
    speaker_end: int


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with what it measures: "a 17% reduction in information exchange"."""

    text: str  # the number as written ("17%", "over 28 million")
    value: float
    unit: str | None  # percent, USD, people, strategic sectors, ...
    measure: str | None  # what the number is a number of
    direction: str | None  # increase | decrease | None
    qualifier: str | None  # more than, nearly, at least, ...
    total: float | None  # "four of the 10 sectors": 10
    attribution: str | None  # who the figure is credited to, as written
    sent_index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of checking one claim, quote or figure, with the evidence for it.

    Office claims are ``supported``, ``contradicted`` or ``unverifiable`` against the dated
    knowledge base; quotes and figures are ``corroborated`` or ``uncorroborated`` by other stored
    articles (uncorroborated is not false: nobody else reported it).
    """

    verdict: str
    evidence: str
    holders: tuple[str, ...] = ()  # for a contradicted office claim: who held the office
    corroborating: tuple[str, ...] = ()  # article ids that report the same figure or speaker


@dataclass(frozen=True, slots=True)
class Reliability:
    """Per-article counts a reader can judge the article by."""

    article_id: str
    claims_supported: int
    claims_contradicted: int
    claims_unverifiable: int
    unverifiable_experts: tuple[str, ...]
    quotes: int
    quotes_corroborated: int
    figures: int
    figures_unsourced: int
    figures_corroborated: int
