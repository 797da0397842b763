"""Plotly figure specifications (plain dicts) for the dashboard's charts.

Pages embed these as JSON data blocks and ``static/charts.js`` draws them with the plotly.js the
app serves itself, so no chart needs an inline script or a remote origin.
"""

from __future__ import annotations

from ..ontology import QUAD_NAMES

QUAD_COLOURS = {1: "#4c9f70", 2: "#1f6f4a", 3: "#e3a33b", 4: "#c2452d"}
LAYOUT = {"margin": {"l": 60, "r": 70, "t": 30, "b": 40}, "height": 320,
          "legend": {"orientation": "h", "y": -0.2}, "font": {"family": "system-ui, sans-serif", "size": 12},
          "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#fafafa"}


def _layout(title: str, **extra) -> dict:
    return {**LAYOUT, "title": {"text": title, "font": {"size": 14}}, **extra}


def quads_over_time(rows: list[dict]) -> dict:
    """Stacked bars: asserted events per month by quad class."""
    periods = sorted({r["period"] for r in rows})
    counts = {(r["period"], r["quad_class"]): r["events"] for r in rows}
    data = [{"type": "bar", "name": f"{q} {name}", "x": periods, "marker": {"color": QUAD_COLOURS[q]},
             "y": [counts.get((p, q), 0) for p in periods]} for q, name in QUAD_NAMES.items()]
    return {"data": data, "layout": _layout("Asserted events by quad class and month", barmode="stack",
                                            xaxis={"type": "category"})}


def dyad_series(rows: list[dict], title: str) -> dict:
    """Quad-class counts per period as bars, net cooperation as a line on a second axis."""
    periods = [r["period"] for r in rows]
    columns = {1: "verbal_coop", 2: "matl_coop", 3: "verbal_conf", 4: "matl_conf"}
    data = [{"type": "bar", "name": QUAD_NAMES[q], "x": periods, "y": [r[c] for r in rows],
             "marker": {"color": QUAD_COLOURS[q]}} for q, c in columns.items()]
    data.append({"type": "scatter", "mode": "lines+markers", "name": "net cooperation", "x": periods,
                 "y": [r["net_coop"] for r in rows], "yaxis": "y2", "line": {"color": "#2b4c7e", "width": 2}})
    return {"data": data, "layout": _layout(title, barmode="stack", xaxis={"type": "category"},
                                            yaxis={"title": {"text": "events"}},
                                            yaxis2={"title": {"text": "net cooperation"}, "overlaying": "y",
                                                    "side": "right", "rangemode": "tozero"})}


def alliance_index(rows: list[dict], components: list[str]) -> dict:
    """The index with its bootstrap interval, and each component, by year (0 = apart, 1 = aligned)."""
    rows = [r for r in rows if r["index"] is not None]
    years = [str(r["year"]) for r in rows]
    data = [{"type": "scatter", "mode": "lines", "name": "interval", "x": years + years[::-1],
             "y": [r["hi"] for r in rows] + [r["lo"] for r in rows][::-1], "fill": "toself",
             "fillcolor": "rgba(43,76,126,0.15)", "line": {"width": 0}, "hoverinfo": "skip"},
            {"type": "scatter", "mode": "lines+markers", "name": "alliance index", "x": years,
             "y": [r["index"] for r in rows], "line": {"color": "#2b4c7e", "width": 3}, "marker": {"size": 10}}]
    data += [{"type": "scatter", "mode": "markers", "name": f"{name} component", "x": years,
              "y": [r[name] for r in rows], "marker": {"symbol": "diamond-open", "size": 9}} for name in components]
    return {"data": data, "layout": _layout("Alliance index by year", yaxis={"range": [0, 1]},
                                            xaxis={"type": "category"})}


def partners(rows: list[dict], code: str) -> dict:
    """Partners ranked by event count, coloured by net cooperation."""
    rows = rows[:25][::-1]
    reach = max([abs(r["net_coop"]) for r in rows] + [1])
    return {"data": [{"type": "bar", "orientation": "h", "y": [r["partner"] for r in rows],
                      "x": [r["events"] for r in rows], "name": "events",
                      "customdata": [r["net_coop"] for r in rows],
                      "hovertemplate": "%{y}: %{x} events, net cooperation %{customdata}<extra></extra>",
                      "marker": {"color": [r["net_coop"] for r in rows], "cmin": -reach, "cmax": reach,
                                 "colorscale": [[0, "#c2452d"], [0.5, "#d9dde2"], [1, "#4c9f70"]],
                                 "showscale": True, "colorbar": {"title": {"text": "net coop"}}}}],
            "layout": _layout(f"Partners of {code} (asserted events, either direction)",
                              height=max(280, 80 + 28 * len(rows)), margin={"l": 70, "r": 20, "t": 30, "b": 40})}


def stance(rows: list[dict], code: str) -> dict:
    """Net cooperation (bars) and mean Goldstein (line) per period."""
    periods = [r["period"] for r in rows]
    return {"data": [{"type": "bar", "name": "net cooperation", "x": periods, "y": [r["net_coop"] for r in rows],
                      "marker": {"color": ["#4c9f70" if (r["net_coop"] or 0) >= 0 else "#c2452d" for r in rows]}},
                     {"type": "scatter", "mode": "lines+markers", "name": "mean Goldstein", "x": periods,
                      "y": [r["goldstein_mean"] for r in rows], "yaxis": "y2", "line": {"color": "#2b4c7e"}}],
            "layout": _layout(f"Stance of {code} over time", xaxis={"type": "category"},
                              yaxis={"title": {"text": "net cooperation"}},
                              yaxis2={"title": {"text": "mean Goldstein"}, "overlaying": "y", "side": "right",
                                      "range": [-10, 10]})}
