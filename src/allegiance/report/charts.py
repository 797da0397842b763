"""Charts for briefs, drawn with matplotlib (Agg) into PNG bytes.

Bytes rather than files, because the HTML brief embeds them and the PDF is rendered from that
HTML; only the Markdown brief writes them out beside itself.
"""

from __future__ import annotations

import io

import pandas as pd

QUAD_COLOURS = {"verbal_coop": "#4c9be8", "matl_coop": "#1f5fa8", "verbal_conf": "#f0a04b", "matl_conf": "#c8371e"}
QUAD_LABELS = {"verbal_coop": "verbal cooperation", "matl_coop": "material cooperation",
               "verbal_conf": "verbal conflict", "matl_conf": "material conflict"}
COMPONENT_COLOURS = ["#2b6cb0", "#38a169", "#d69e2e", "#805ad5", "#dd6b20"]


def _figure(width: float = 8.0, height: float = 3.6):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return plt, fig, ax


def _png(plt, fig) -> bytes:
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def index_chart(frame: pd.DataFrame, components: list[str], title: str) -> bytes:
    """The index with its bootstrap band over stacked component contributions."""
    plt, fig, ax = _figure()
    years = frame.year.to_numpy()
    bottom = None
    for colour, name in zip(COMPONENT_COLOURS, components):
        values = frame[f"{name}_contrib"].fillna(0).to_numpy()
        ax.bar(years, values, bottom=bottom, color=colour, alpha=0.55, width=0.8, label=f"{name} (contribution)")
        bottom = values if bottom is None else bottom + values
    ax.fill_between(years, frame.lo, frame.hi, color="black", alpha=0.18, label="95% bootstrap interval")
    ax.plot(years, frame["index"], color="black", marker="o", markersize=3, linewidth=1.4, label="alliance index")
    ax.set_ylim(0, 1)
    ax.set_ylabel("index (0 = no alignment, 1 = closest)")
    ax.set_title(title, fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), fontsize=8, ncol=3, frameon=False)
    return _png(plt, fig)


def quad_chart(frame: pd.DataFrame, x: str, title: str, ylabel: str) -> bytes:
    """Stacked bars of the four quad classes per period."""
    plt, fig, ax = _figure()
    labels = [str(v) for v in frame[x]]
    bottom = None
    for column, colour in QUAD_COLOURS.items():
        values = frame[column].fillna(0).to_numpy()
        ax.bar(labels, values, bottom=bottom, color=colour, label=QUAD_LABELS[column])
        bottom = values if bottom is None else bottom + values
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=11)
    step = max(1, len(labels) // 14)
    ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right", fontsize=8)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), fontsize=8, ncol=4, frameon=False)
    return _png(plt, fig)
