"""What a brief is made of, independent of its output format.

A brief is a list of sections; a section is a list of blocks. Each block is a paragraph of
statements, a table, a chart or a notice that the data is thin. Text here is plain (no markup):
the writers escape it for HTML or Markdown, so nothing from an article can inject markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .citations import Citations


@dataclass
class Statement:
    """One sentence of the brief with the evidence numbers that support it."""

    text: str
    cites: list[int] = field(default_factory=list)


@dataclass
class Paragraph:
    statements: list[Statement]


@dataclass
class Cell:
    text: str
    cites: list[int] = field(default_factory=list)


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    caption: str = ""


@dataclass
class Chart:
    """A PNG image with what it shows; ``name`` becomes its file name beside a Markdown brief."""

    name: str
    title: str
    png: bytes
    caption: Statement


@dataclass
class Thin:
    """The data cannot support this part: say so rather than pad."""

    text: str
    cites: list[int] = field(default_factory=list)


Block = Paragraph | Table | Chart | Thin


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Brief:
    title: str
    focus: str
    focus_name: str
    dyads: list[tuple[str, str]]
    window: tuple[dt.date | None, dt.date | None]
    generated: dt.datetime
    sections: list[Section]
    citations: Citations
