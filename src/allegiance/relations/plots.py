"""Charts for the relations commands (matplotlib, Agg backend: no display needed).

The file's suffix picks the format, PNG or SVG. Each function draws one figure and closes it, so a
long session does not collect open figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMATS = (".png", ".svg")


def _figure(width: float = 9, height: float = 4.5):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt, *plt.subplots(figsize=(width, height))


def _save(plt, fig, path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"plot files end in .png or .svg, not {path.suffix or 'nothing'!r}")
    fig.tight_layout()
    fig.savefig(path, dpi=120 if path.suffix.lower() == ".png" else None)
    plt.close(fig)
    return path


def plot_series(frame: pd.DataFrame, columns: list[str], path: str | Path, title: str, x: str = "period") -> Path:
    """Lines of ``columns`` against ``x`` (a dyad series or a similarity series)."""
    plt, fig, ax = _figure()
    for column in columns:
        ax.plot(frame[x].astype(str), frame[column], marker="o", markersize=3, label=column)
    ax.set_title(title)
    ax.legend(loc="best", fontsize=8)
    _thin_ticks(ax, len(frame))
    return _save(plt, fig, path)


def plot_index(frame: pd.DataFrame, components: list[str], path: str | Path, title: str) -> Path:
    """Stacked bars of each component's contribution, the index line and its bootstrap band."""
    plt, fig, ax = _figure(10, 5)
    years, bottom = frame.year.to_numpy(), None
    for name in components:
        values = frame[f"{name}_contrib"].fillna(0).to_numpy()
        ax.bar(years, values, bottom=bottom, label=f"{name} contribution", alpha=0.7)
        bottom = values if bottom is None else bottom + values
    ax.fill_between(years, frame.lo, frame.hi, color="black", alpha=0.2, label="bootstrap interval")
    ax.plot(years, frame["index"], color="black", marker="o", markersize=3, label="alliance index")
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=8, ncol=4, frameon=False)
    return _save(plt, fig, path)


def plot_forecast(history: pd.DataFrame, nxt: pd.DataFrame, path: str | Path, title: str) -> Path:
    """Each quad-class series with its next-period forecast and prediction interval."""
    plt, fig, ax = _figure()
    periods = sorted(history.period.unique(), key=str)
    labels = [str(p) for p in periods] + ["next"]
    for name, group in history.groupby("series"):
        line = ax.plot([str(p) for p in group.period], group.y, marker="o", markersize=3, label=name)[0]
        row = nxt[nxt.series == name].iloc[0]
        ax.errorbar(["next"], [row["mean"]], yerr=[[row["mean"] - row.lo], [row.hi - row["mean"]]],
                    fmt="s", color=line.get_color(), capsize=4)
    ax.set_yscale("symlog")
    ax.set_title(title)
    ax.legend(loc="best", fontsize=8)
    _thin_ticks(ax, len(labels))
    return _save(plt, fig, path)


def _thin_ticks(ax, n: int, most: int = 16) -> None:
    """Keep at most ``most`` x labels so monthly or weekly series stay readable."""
    step = max(1, n // most)
    for i, label in enumerate(ax.get_xticklabels()):
        label.set_visible(i % step == 0)
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
