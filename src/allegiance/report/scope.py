"""What a brief covers: the focus state, the dyads and the time window.

``--since 6m`` counts back from the newest date the database holds, not from today: a corpus of
2018 articles briefed in 2026 should show 2018's last six months, not an empty window.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..kb import organisations, states

_SINCE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    focus: str
    dyads: tuple[tuple[str, str], ...]
    start: dt.date | None  # first day of the window (None: everything)
    end: dt.date | None    # the newest date the database holds

    def in_window(self, day: dt.date | None) -> bool:
        return day is not None and (self.start is None or day >= self.start)


def actor_name(code: str | None) -> str:
    """'KOR' → 'South Korea'; organisation codes to their names; anything else as given."""
    if not code:
        return "unnamed actor"
    known = states().get(code) or organisations().get(code)
    return known.name if known else code


def check_code(code: str, what: str = "focus") -> str:
    """An ISO3 state or organisation code, upper-cased, or a clear error naming what is wrong."""
    value = code.strip().upper()
    if value not in states() and value not in organisations():
        raise ValueError(f"{what} {code!r} is not a state (ISO3, e.g. KOR) or organisation code (e.g. NATO)")
    return value


def parse_dyad(text: str) -> tuple[str, str]:
    parts = [p for p in re.split(r"[-–→>]+", text.strip()) if p]
    if len(parts) != 2:
        raise ValueError(f"a dyad looks like USA-KOR, not {text!r}")
    return check_code(parts[0], "dyad state"), check_code(parts[1], "dyad state")


def window_start(since: str | None, newest: dt.date | None) -> dt.date | None:
    """``6m``, ``2y``, ``30d``, ``12w`` before ``newest``, or an ISO date; None keeps everything."""
    if not since:
        return None
    match = _SINCE.match(since)
    if not match:
        try:
            return dt.date.fromisoformat(since.strip())
        except ValueError:
            raise ValueError(f"--since takes 6m, 2y, 30d, 12w or a date YYYY-MM-DD, not {since!r}") from None
    if newest is None:
        return None
    n, unit = int(match.group(1)), match.group(2).lower()
    if unit == "d":
        return newest - dt.timedelta(days=n)
    if unit == "w":
        return newest - dt.timedelta(weeks=n)
    months = n * (12 if unit == "y" else 1)
    year, month = divmod(newest.year * 12 + newest.month - 1 - months, 12)
    month += 1
    day = min(newest.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                           31, 31, 30, 31, 30, 31][month - 1])
    return dt.date(year, month, day)
