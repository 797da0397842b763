"""Charts for the relations commands (matplotlib, Agg backend: no display needed).

The file's suffix picks the format, PNG or SVG. Each function draws one figure and closes it, so a
long session does not collect open figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMATS = (".png", ".svg")


def _figure(width: float = 9, height: float = 4.5, rows: int = 1, height_ratios=None):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if rows == 1:
        return plt, *plt.subplots(figsize=(width, height))
    return plt, *plt.subplots(rows, 1, figsize=(width, height), sharex=True,
                              gridspec_kw={"height_ratios": height_ratios})


def _save(plt, fig, path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"plot files end in .png or .svg, not {path.suffix or 'nothing'!r}")
    fig.tight_layout()
    # SVG text stays text (not outlines): smaller files, and labels can be searched and selected.
    with plt.rc_context({"svg.fonttype": "none"}):
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


COMPONENT_COLOURS = {"treaty": "#4c72b0", "votes": "#dd8452", "events": "#55a868"}
OTHER_COLOURS = ("#8172b3", "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd")


def plot_index(frame: pd.DataFrame, components: list[str], path: str | Path, title: str) -> Path:
    """Two panels over the same years. Above, the index with its bootstrap band on a zoomed scale,
    because the band is often a few thousandths wide and vanishes on a 0-1 axis. Below, each
    component's contribution stacked (bars sum to the index) on the full 0-1 scale, with the years
    a component covers marked, since a component entering or leaving moves the index by itself."""
    plt, fig, (top, bottom) = _figure(10, 7, rows=2, height_ratios=(1, 1.5))
    years = frame.year.to_numpy()
    colours = _colours(components)
    _index_panel(top, frame, years)
    base = None
    for name in components:
        values = frame[f"{name}_contrib"].fillna(0).to_numpy()
        bottom.bar(years, values, bottom=base, width=0.8, color=colours[name], label=f"{name} contribution")
        base = values if base is None else base + values
    bottom.plot(years, frame["index"], color="black", marker="o", markersize=3, linewidth=1.2, label="index")
    _coverage_marks(bottom, frame, components, colours, years)
    bottom.set_ylim(0, 1.1 + 0.06 * max(0, len([n for n in components if 0 < frame[n].notna().sum() < len(frame)]) - 1))
    bottom.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    bottom.set_ylabel("contribution (weight × value)")
    bottom.set_xlabel("year")
    handles, labels = bottom.get_legend_handles_labels()
    order = [labels.index("index"), *(labels.index(f"{n} contribution") for n in reversed(components))]
    bottom.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper left",
                  bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    bottom.set_xlim(years.min() - 0.7, years.max() + 0.7)
    weights = frame.attrs.get("weights", {})
    subtitle = ", ".join(f"{name} {weights[name]:.2f}" for name in components if name in weights)
    fig.suptitle(title + (f"\nweights {subtitle}, renormalised over the components present each year"
                          if subtitle else ""), fontsize=11)
    return _save(plt, fig, path)


def _colours(components: list[str]) -> dict[str, str]:
    others = iter(OTHER_COLOURS * (1 + len(components) // len(OTHER_COLOURS)))
    return {name: COMPONENT_COLOURS.get(name) or next(others) for name in components}


def _index_panel(ax, frame: pd.DataFrame, years) -> None:
    """The index line and its interval band, the y range fitted to the data."""
    level = frame.attrs.get("level", 0.95)
    widest = float((frame.hi - frame.lo).max())
    ax.fill_between(years, frame.lo, frame.hi, color="black", alpha=0.25, linewidth=0,
                    label=f"{round(level * 100)}% bootstrap interval\n(widest {widest:.3f}; zero width\nin years without events)")
    ax.errorbar(years, frame["index"], yerr=[frame["index"] - frame.lo, frame.hi - frame["index"]],
                color="black", marker="o", markersize=3, linewidth=1.2, capsize=2, elinewidth=0.8,
                label="alliance index")
    ax.set_ylabel("index")
    ax.grid(axis="y", color="0.9")
    ax.tick_params(labelbottom=True)


def _coverage_marks(ax, frame: pd.DataFrame, components: list[str], colours: dict, years) -> None:
    """A labelled bracket above the bars for each component missing in some years."""
    partial = [n for n in components if 0 < frame[n].notna().sum() < len(frame)]
    for k, name in enumerate(partial):
        present = years[frame[name].notna().to_numpy()]
        y = 1.03 + 0.06 * k
        ax.plot([present.min() - 0.4, present.max() + 0.4], [y, y], color=colours[name], linewidth=2.5)
        ax.text((present.min() + present.max()) / 2, y + 0.008, f"{name} component {present.min()}–{present.max()}",
                ha="center", va="bottom", fontsize=8, color=colours[name])
        for edge in (present.min() - 0.5, present.max() + 0.5):
            ax.axvline(edge, color=colours[name], linestyle=":", linewidth=1)


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
