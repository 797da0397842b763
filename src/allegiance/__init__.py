"""allegiance: turn news into coded political events and evidence about who stands with whom.

The public API::

    allegiance.code(text, date=...)        # events in one text
    allegiance.run(paths, db=...)          # ingest + code a corpus into DuckDB, with a summary
    allegiance.events(db, dyad="USA-KOR")  # stored events with their sentences, as a DataFrame

``allegiance.api.ingest`` stores articles without coding them (``allegiance.ingest`` is the package
of readers).
"""

from .api import RunResult, code, events, run
from .records import Actor, Article, Event, Skip

__version__ = "0.1.0"
__all__ = ["Actor", "Article", "Event", "RunResult", "Skip", "code", "events", "run"]
