"""The relations package: dyad series and their counting, similarity measures against published
values, the alliance index, trends, forecasts and the commands."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest
import typer
from scipy import stats
from typer.testing import CliRunner

from allegiance.relations import forecast as fc
from allegiance.relations.index import alliance_index, events_component
from allegiance.relations.series import Filters, dyad_series, event_clusters
from allegiance.relations.similarity import (cohen_kappa, kendall_tau_b, s_score, scott_pi, similarity,
                                             un_agreement)
from allegiance.relations.trends import change_points, mann_kendall
from allegiance.store import Database
from conftest import ROOT, shared_path
from relations_fixtures import event_row, insert_events, synthetic_events


@pytest.fixture(scope="module")
def ref(ref_db):
    con = duckdb.connect(str(ref_db), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def events_con(tmp_path):
    """A fresh database holding only the synthetic events of ``synthetic_events``."""
    db = Database(tmp_path / "events.duckdb")
    insert_events(db.con, synthetic_events())
    yield db.con
    db.close()


# -- acceptance: Voeten agreement, S ---------------------------------------------------------------

VOETEN = {("KOR", "USA"): {46: 0.180556, 70: 0.465753, 74: 0.417582},
          ("KOR", "CHN"): {46: 0.739130, 70: 0.486111, 74: 0.494382},
          ("PRK", "USA"): {46: 0.090909, 70: 0.074627, 74: 0.049383}}


@pytest.mark.parametrize("dyad", list(VOETEN))
def test_un_agreement_reproduces_voeten_to_six_decimals(ref, dyad):
    frame = un_agreement(ref, *dyad, by="session").set_index("period")
    for session, published in VOETEN[dyad].items():
        assert round(frame.value[session], 6) == published


def test_agreement_gives_no_half_credit_for_abstentions(ref):
    value = un_agreement(ref, "KOR", "USA").set_index("period").value[74]
    assert round(value, 6) != 0.538462  # the wrong-definition sentinel
    assert un_agreement(ref, "KOR", "USA").set_index("period").n[74] == 91


def test_signorino_ritter_worked_example_is_one_third():
    s = s_score([3, 3, 2, 2], [2, 2, 3, 3], weights=[.5, .3, .1, .1], dmax=3)
    assert s == pytest.approx(1 / 3)
    assert s_score([3, 3, 2, 2], [2, 2, 3, 3], weights=[.5, .3, .1, .1], dmax=3, squared=True) == pytest.approx(7 / 9)
    assert s_score([0, 0, 3, 3], [3, 3, 0, 0], dmax=3) == pytest.approx(-1)


# -- similarity on toy portfolios and published ideal points ---------------------------------------

def test_kappa_pi_taub_on_hand_checked_portfolios():
    x, y = [1, 1, 2, 2], [1, 2, 2, 2]
    assert cohen_kappa(x, y) == pytest.approx(0.5)          # (3/4 − 1/2) / (1 − 1/2)
    assert scott_pi(x, y) == pytest.approx(7 / 15)          # chance from pooled shares .375/.625
    assert kendall_tau_b(x, y) == pytest.approx(1 / math.sqrt(3))  # 2 / sqrt(4 · 3)
    opposite = ([0, 0, 3, 3], [3, 3, 0, 0])
    assert cohen_kappa(*opposite) == pytest.approx(-1)
    assert scott_pi(*opposite) == pytest.approx(-1)
    assert kendall_tau_b(*opposite) == pytest.approx(-1)
    assert math.isnan(cohen_kappa([1, 1], [1, 1]))          # chance agreement 1: undefined


def test_ideal_point_distances_match_published_thetas(ref):
    frame = similarity(ref, "USA", "KOR", "ideal").set_index("period")
    expected = {1991: 2.362, 2000: 1.976, 2010: 1.780, 2016: 1.481, 2020: 1.730, 2023: 1.367, 2024: 1.136}
    for year, distance in expected.items():
        assert round(frame.value[year], 3) == distance
    assert round(similarity(ref, "KOR", "CHN", "ideal").set_index("period").value[2024], 3) == 1.924


def test_atop_portfolios_make_rok_look_like_dprk_not_its_ally(ref):
    """Why portfolio similarity is not an index component."""
    with_prk = similarity(ref, "KOR", "PRK", "s", data="atop").set_index("period").value[2018]
    with_usa = similarity(ref, "KOR", "USA", "s", data="atop").set_index("period").value[2018]
    assert with_prk > with_usa


@pytest.mark.parametrize("measure", ["s", "s2", "kappa", "pi", "taub"])
def test_every_measure_runs_on_votes_and_alliances(ref, measure):
    votes = similarity(ref, "KOR", "USA", measure, by="year", start=2010, end=2015)
    assert list(votes.period) == list(range(2010, 2016)) and votes.value.between(-1, 1).all()
    atop = similarity(ref, "KOR", "USA", measure, data="atop", start=2015, end=2018)
    assert list(atop.period) == [2015, 2016, 2017, 2018]


# -- series and counting ---------------------------------------------------------------------------

def _events(con, source, target, counting, **kw):
    frame = dyad_series(con, source, target, by="month", counting=counting, **kw)
    return dict(zip(frame.period, frame.events))


def test_counting_methods_give_different_correct_counts(events_con):
    assert _events(events_con, "PRK", "KOR", "mentions") == {"2020-01": 8}
    assert _events(events_con, "PRK", "KOR", "daily") == {"2020-01": 3}
    assert _events(events_con, "PRK", "KOR", "cluster") == {"2020-01": 2}
    assert _events(events_con, "USA", "KOR", "mentions") == {"2020-02": 2}
    assert _events(events_con, "USA", "KOR", "daily") == {"2020-02": 2}
    assert _events(events_con, "USA", "KOR", "cluster") == {"2020-02": 1}


def test_series_says_its_counting_and_keeps_mentions(events_con):
    frame = dyad_series(events_con, "USA", "KOR", by="year")
    row = frame.iloc[0]
    assert frame.attrs["counting"] == "cluster" and row.counting == "cluster"
    assert (row.events, row.mentions, row.verbal_coop, row.CONSULT) == (1, 2, 1, 1)
    assert row.goldstein_mean == pytest.approx((1.0 + 2.8) / 2)  # one meeting, two CAMEO codes
    assert row.net_coop == 1


def test_filters_modality_sector_and_undirected(events_con):
    assert _events(events_con, "USA", "KOR", "mentions", filters=Filters(modality=None)) == {"2020-02": 3}
    only_gov = Filters(source_sector=("GOV",))
    assert _events(events_con, "PRK", "KOR", "mentions", filters=only_gov) == {}
    assert _events(events_con, "USA", "KOR", "mentions", filters=only_gov) == {"2020-02": 2}
    both = dyad_series(events_con, "KOR", "PRK", by="quarter", directed=False)
    assert list(both.events) == [2] and both.source.iloc[0] == "KOR"
    everyone = dyad_series(events_con, by="year", directed=False)
    assert sorted(zip(everyone.source, everyone.target, everyone.events)) == [("KOR", "PRK", 2), ("KOR", "USA", 1)]


def test_fill_adds_quiet_periods(events_con):
    frame = dyad_series(events_con, "PRK", "KOR", by="month", fill=True,
                        filters=Filters(start=dt.date(2019, 11, 1), end=dt.date(2020, 3, 31)))
    assert list(frame.period) == ["2019-11", "2019-12", "2020-01", "2020-02", "2020-03"]
    assert list(frame.events) == [0, 0, 2, 0, 0]


def test_every_mention_is_linked_to_its_cluster(events_con):
    clusters = event_clusters(events_con, "PRK", "KOR")
    assert len(clusters) == 8
    assert clusters.groupby("cluster_id").size().to_dict() == {"PRK>KOR:MOBILIZE:2020-01-03": 7,
                                                               "PRK>KOR:MOBILIZE:2020-01-20": 1}


def test_a_daily_repeated_act_is_cut_by_span(tmp_path):
    import pandas as pd

    db = Database(tmp_path / "daily.duckdb")
    insert_events(db.con, pd.DataFrame([event_row(0, f"2021-03-0{d}", "RUS", "UKR", "190", f"x{d}") for d in range(1, 6)]))
    assert _events(db.con, "RUS", "UKR", "cluster") == {"2021-03": 2}            # days 1-3, 4-5
    assert _events(db.con, "RUS", "UKR", "cluster", span_days=10) == {"2021-03": 1}
    assert _events(db.con, "RUS", "UKR", "cluster", window_days=0) == {"2021-03": 5}
    db.close()


def _random_events(seed: int, n: int = 1500) -> "pd.DataFrame":
    """Events of four states over 90 days, in bursts so that chains of every length occur, with
    statements (no PLOVER type), several codes per type, and some rows without a score."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    states, codes = ["KOR", "PRK", "USA", "CHN"], ["010", "012", "020", "040", "043", "057", "150", "190", "193", "111"]
    rows = []
    for k in range(n):
        source, target = rng.choice(states, 2, replace=False)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=int(rng.choice(90, p=_bursts(90))))
        row = event_row(k, day.isoformat(), str(source), str(target), str(rng.choice(codes)), f"r{k % 97}")
        if rng.random() < 0.05:
            row.update(goldstein=None, intensity=None)
        rows.append(row)
    return pd.DataFrame(rows)


def _bursts(days: int) -> np.ndarray:
    weights = np.where((np.arange(days) // 6) % 3 == 0, 6.0, 0.3)
    return weights / weights.sum()


def _reference_series(events, window_days: int, span_days: int) -> "pd.DataFrame":
    """The cluster count written out plainly in Python: per source, target and type, walk the
    days in order, start a chain after a gap longer than window_days, cut it every span_days."""
    import pandas as pd

    rows = events[events.modality == "asserted"].copy()
    rows["etype"] = rows.plover.fillna("CAMEO" + rows.cameo.str[:2])
    units = []
    for (source, target, _), group in rows.groupby(["source_code", "target_code", "etype"]):
        start = previous = None
        pieces: dict = {}
        for day in sorted(group.event_date.unique()):
            if previous is None or (day - previous).days > window_days:
                start = day
            previous = day
            pieces.setdefault((start, (day - start).days // span_days), []).append(group[group.event_date == day])
        for parts in pieces.values():
            unit = pd.concat(parts)
            units.append({"source": source, "target": target, "period": unit.event_date.min().strftime("%Y-%m"),
                          "q": unit.quad_class.min(), "p": unit.plover.iloc[0], "n": len(unit),
                          "g": unit.goldstein.mean(), "i": unit.intensity.mean()})
    units = pd.DataFrame(units)
    out = units.groupby(["source", "target", "period"]).agg(
        events=("n", "size"), mentions=("n", "sum"), goldstein_sum=("g", "sum"), goldstein_mean=("g", "mean"),
        intensity_sum=("i", "sum"), intensity_mean=("i", "mean"))
    for quad, name in {1: "verbal_coop", 2: "matl_coop", 3: "verbal_conf", 4: "matl_conf"}.items():
        out[name] = units[units.q == quad].groupby(["source", "target", "period"]).size()
    out["MOBILIZE"] = units[units.p == "MOBILIZE"].groupby(["source", "target", "period"]).size()
    return out.fillna({"verbal_coop": 0, "matl_coop": 0, "verbal_conf": 0, "matl_conf": 0, "MOBILIZE": 0})


@pytest.mark.parametrize("seed,window_days,span_days", [(1, 1, 3), (2, 1, 3), (3, 2, 2), (4, 0, 1), (5, 3, 7)])
def test_cluster_series_matches_a_plain_reference_on_random_events(tmp_path, seed, window_days, span_days):
    events = _random_events(seed)
    with Database(tmp_path / "random.duckdb") as db:
        insert_events(db.con, events)
        frame = dyad_series(db.con, by="month", window_days=window_days, span_days=span_days)
    expected = _reference_series(events, window_days, span_days)
    got = frame.set_index(["source", "target", "period"]).loc[expected.index]
    assert len(frame) == len(expected) and expected.events.sum() < len(events)
    for column in expected.columns:
        np.testing.assert_allclose(got[column].astype(float), expected[column].astype(float), rtol=1e-9,
                                   err_msg=column)


# -- the alliance index ----------------------------------------------------------------------------

@pytest.mark.parametrize("dyad", [("USA", "KOR"), ("KOR", "CHN")])
def test_index_components_weights_and_interval(ref, dyad):
    frame = alliance_index(ref, *dyad, start=1991, end=2018, n_boot=300)
    assert list(frame.year) == list(range(1991, 2019))
    names = list(frame.attrs["weights"])
    weights = frame[[f"{n}_weight" for n in names]].sum(axis=1)
    contribs = frame[[f"{n}_contrib" for n in names]].sum(axis=1)
    assert np.allclose(weights, 1) and np.allclose(contribs, frame["index"])
    assert ((frame.lo <= frame["index"] + 1e-12) & (frame["index"] <= frame.hi + 1e-12)).all()
    assert (frame.hi > frame.lo)[frame.events.notna()].all()       # years with events have a real interval
    assert frame["index"].between(0, 1).all()


def test_index_headline_values(ref):
    usa_kor = alliance_index(ref, "USA", "KOR", start=1991, end=2018).set_index("year")
    kor_chn = alliance_index(ref, "KOR", "CHN", start=1991, end=2018).set_index("year")
    assert usa_kor.treaty[2018] == 1.0 and kor_chn.treaty[2003] == 0.0 and kor_chn.treaty[2018] == 0.25
    assert (usa_kor["index"] > kor_chn["index"]).all()
    assert usa_kor.votes[2018] == pytest.approx(0.361702, abs=1e-6)


def test_index_weights_are_configurable_and_indicators_join(ref, tmp_path):
    treaty_only = alliance_index(ref, "USA", "KOR", start=2000, end=2002, weights={"treaty": 1, "votes": 0, "events": 0})
    assert list(treaty_only["index"]) == [1.0, 1.0, 1.0]
    csv = tmp_path / "trade.csv"
    csv.write_text("a,b,year,value\nKOR,USA,2000,10\nUSA,KOR,2001,30\nCHN,KOR,2001,50\n")
    frame = alliance_index(ref, "USA", "KOR", start=2000, end=2001, indicators={"trade": csv})
    assert list(frame.trade) == [0.0, 0.5] and frame.attrs["weights"]["trade"] == 0.1
    assert np.allclose(frame[[c for c in frame if c.endswith("_contrib")]].sum(axis=1), frame["index"])


def test_event_component_bootstraps_over_counted_events(events_con):
    component = events_component(events_con, "KOR", "PRK", range(2020, 2021), source="events")
    assert component.values[2020] == pytest.approx((-7.2 + 10) / 20)  # two launches, same score
    assert component.replicates[2020].shape == (1000,)


# -- trends ----------------------------------------------------------------------------------------

def test_mann_kendall_by_hand():
    result = mann_kendall([1, 2, 3, 4, 5])
    assert result.s == 10 and result.var_s == pytest.approx(50 / 3)
    assert result.z == pytest.approx(9 / math.sqrt(50 / 3)) and result.p == pytest.approx(0.0275, abs=1e-4)
    assert result.trend == "increasing" and result.slope == 1
    assert mann_kendall([3, 1, 2, 3, 1, 2]).trend == "no trend"


def test_change_point_is_reported_with_its_period():
    values = [0.1, 0.0, 0.2, 0.1, 0.0, 0.1, 5.0, 5.1, 4.9, 5.0, 5.2, 5.0]
    assert change_points(values, list(range(2001, 2013))) == [2007]


# -- forecasts ---------------------------------------------------------------------------------------

def test_crps_of_a_count_distribution_matches_its_definition():
    dist, y = stats.poisson(2.0), 3
    k = np.arange(60)
    p = dist.pmf(k)
    expected = np.sum(p * np.abs(k - y)) - 0.5 * np.sum(p[:, None] * p[None, :] * np.abs(k[:, None] - k[None, :]))
    assert fc.crps(dist, y) == pytest.approx(expected, rel=1e-9)


def test_forecast_backtest_on_icews_scores_model_and_persistence(ref):
    result = fc.forecast(ref, "USA", "KOR")
    assert result.data == "ICEWS dyad-year counts" and len(result.next) == 4
    assert (result.next.lo <= result.next["mean"]).all() and (result.next["mean"] <= result.next.hi).all()
    bt = result.backtest  # 2002-2014: 12 lagged years, first fit on 5, so 7 origins x 4 quad classes
    assert len(bt) == 28 and set(bt.series) == {"verbal_coop", "matl_coop", "verbal_conf", "matl_conf"}
    for key in ("model_crps", "persistence_crps", "model_log", "persistence_log"):
        assert np.isfinite(result.summary[key]) and result.summary[key] > 0


# -- commands ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app():
    from allegiance.relations.cli import dyad_command, forecast_command, index_command, similarity_command

    app = typer.Typer()
    for name, command in (("dyad", dyad_command), ("similarity", similarity_command),
                          ("index", index_command), ("forecast", forecast_command)):
        app.command(name)(command)
    return app


def test_similarity_command_json_rows_carry_period_and_value(app, ref_db):
    result = CliRunner().invoke(app, ["similarity", "KOR", "USA", "--measure", "agreement", "--data", "unvotes",
                                      "--by", "session", "--format", "json", "--db", str(ref_db)])
    assert result.exit_code == 0, result.output
    rows = {row["period"]: row for row in json.loads(result.stdout)}
    assert round(rows[70]["value"], 6) == 0.465753 and rows[70]["n"] == 73


@pytest.mark.parametrize("dyad", [("USA", "KOR"), ("KOR", "CHN")])
def test_index_command_prints_table_and_draws_chart(app, ref_db, tmp_path, dyad):
    chart = tmp_path / "index.svg"
    result = CliRunner().invoke(app, ["index", *dyad, "--start", "1991", "--end", "2018", "--db", str(ref_db),
                                      "--plot", str(chart)])
    assert result.exit_code == 0, result.output
    assert "Alliance index" in result.stdout and "weight 0.40" in result.stdout and "2018" in result.stdout
    svg = chart.read_text()
    assert svg.lstrip().startswith("<?xml")
    # the ICEWS event component covers 2002-2014 only, and the chart marks it
    assert "events component 2002–2014" in svg and "treaty contribution" in svg


def test_dyad_and_forecast_commands(app, ref_db, tmp_path):
    db = tmp_path / "ev.duckdb"
    with Database(db) as database:
        insert_events(database.con, synthetic_events())
    result = CliRunner().invoke(app, ["dyad", "PRK", "KOR", "--by", "year", "--db", str(db), "--format", "csv",
                                      "--plot", str(tmp_path / "d.png")])
    assert result.exit_code == 0, result.output
    assert "cluster" in result.stdout and (tmp_path / "d.png").stat().st_size > 1000
    result = CliRunner().invoke(app, ["forecast", "USA", "KOR", "--db", str(ref_db)])
    assert result.exit_code == 0, result.output
    assert "Backtest" in result.stdout and "persistence" in result.stdout
    missing = CliRunner().invoke(app, ["similarity", "KOR", "USA", "--db", str(db)])
    assert missing.exit_code == 2 and "un_votes" in missing.output


def test_benchmark_script_runs_on_a_small_table():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "dyad_series.py"), "--events", "20000",
                             "--repeat", "1"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "DuckDB" in result.stdout and "counting=cluster" in result.stdout
