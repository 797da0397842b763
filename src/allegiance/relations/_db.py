"""Small helpers shared by the relations modules: table checks and clear errors."""

from __future__ import annotations

IMPORT_HINT = {
    "events": "code articles with 'allegiance run' or import an event data set",
    "atop_dyad_years": "import ATOP 5.1 dyad-years",
    "un_votes": "import the UN roll-call votes",
    "un_roll_calls": "import the UN roll calls",
    "ideal_points": "import Voeten's ideal points",
    "nmc": "import COW National Material Capabilities",
    "icews_dyad_year": "import the ICEWS dyad-year counts",
}


class MissingData(LookupError):
    """A table a measure needs is absent: the message names it and how to fill it."""


def has_table(con, name: str) -> bool:
    """True when ``name`` is a table or view in the connected database."""
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()
    return bool(row[0])


def require(con, *names: str) -> None:
    """Fail early, naming the missing table, instead of a raw Catalog Error deep in a query."""
    for name in names:
        if not has_table(con, name):
            hint = IMPORT_HINT.get(name, "import it first")
            raise MissingData(f"the database has no {name!r} table; {hint}")


def codes(*values: str) -> list[str]:
    """Upper-cased ISO3 codes, so 'kor' and 'KOR' query the same rows."""
    return [value.strip().upper() for value in values]
