"""Verification on the two seed articles and the office-claims development set (../shared)."""

from __future__ import annotations

import duckdb
import pytest

import allegiance
from allegiance.evaluate import evaluate_file
from conftest import shared_path

OPINION = "opinion-korea-democratic-alliance.txt"
ANALYSIS = "analysis-korean-peninsula-strategic-reset.txt"


@pytest.fixture(scope="module")
def verified(tmp_path_factory):
    """The seeds as the README tells users to load them: the undated column with --date first."""
    seeds = shared_path("seeds")
    path = tmp_path_factory.mktemp("verify") / "seeds.duckdb"
    allegiance.run([seeds / OPINION], db=path, date="2025-07-01")
    allegiance.run(sorted(seeds.glob("*.txt")), db=path)
    reports = {report.origin.rsplit("/", 1)[-1]: report for report in allegiance.api.verify(path)}
    return path, reports


def _claims(report):
    return {row["text"]: (row, verdict) for row, verdict in report.claims}


def test_invented_presidents_are_contradicted_with_the_real_holders(verified):
    _, reports = verified
    claims = _claims(reports[ANALYSIS])
    row, verdict = claims["President Ramirez"]
    assert (verdict.verdict, verdict.holders, str(row["check_to"])) == ("contradicted", ("Donald Trump",), "2025-11-06")
    row, verdict = claims["President Choi"]
    assert (verdict.verdict, verdict.holders, str(row["check_to"])) == ("contradicted", ("Lee Jae Myung",), "2025-11-06")


def test_the_ambassador_and_the_expert_are_unverifiable(verified):
    _, reports = verified
    claims = _claims(reports[ANALYSIS])
    assert claims["Ambassador Jung Kihong"][1].verdict == "unverifiable"
    expert = [verdict for text, (row, verdict) in claims.items() if text.startswith("Dr. Lee Min-soo")]
    assert [v.verdict for v in expert] == ["unverifiable"]
    reliability = reports[ANALYSIS].reliability
    assert set(reliability.unverifiable_experts) == {"Jung Kihong", "Lee Min-soo"}
    assert (reliability.claims_contradicted, reliability.claims_supported) == (3, 0)


def test_nothing_in_the_opinion_column_is_contradicted(verified):
    _, reports = verified
    claims = _claims(reports[OPINION])
    for text in ("President Lee Jae Myung", "Foreign Minister Cho Tae-yul", "U.S. Secretary of State Marco Rubio",
                 "Japanese Foreign Minister Takeshi Iwaya", "Premier Li Keqiang"):
        assert text in claims, text
    assert {v.verdict for _, v in claims.values()} == {"supported"}
    row, _ = claims["Foreign Minister Cho Tae-yul"]
    assert (str(row["check_to"]), row["date_basis"]) == ("2025-02-15", "sentence")  # the caption's date
    row, _ = claims["Premier Li Keqiang"]
    assert row["date_basis"] == "relative" and row["check_to"].year < 2018  # "nearly a decade ago"


def test_the_quotes_have_their_speakers(verified):
    _, reports = verified
    quotes = [row for row, _ in reports[ANALYSIS].quotes if row["kind"] == "direct"]
    assert [q["speaker_name"] for q in quotes] == ["Jung Kihong", "Lee Min-soo"]
    assert quotes[0]["text"].startswith("Our goal isn’t to undermine the alliance but to ensure")
    assert quotes[1]["speaker_title"] == "senior fellow" and quotes[1]["speaker_country"] == "KOR"
    assert quotes[1]["text"].endswith("jeopardizing U.S. interests in the region.")  # both parts of the quote
    assert all(v.verdict == "uncorroborated" for _, v in reports[ANALYSIS].quotes)


def test_the_17_percent_figure(verified):
    _, reports = verified
    [row] = [row for row, _ in reports[ANALYSIS].figures if row["text"] == "17%"]
    assert (row["value"], row["unit"], row["direction"]) == (17.0, "percent", "decrease")
    assert row["measure"] == "information exchange between the two countries"
    assert row["attribution"] == "the Pentagon’s Office of the Secretary of Defense"
    figures = {row["text"]: row for row, _ in reports[OPINION].figures}
    assert figures["over 28 million"]["unit"] == "people" and figures["over 28 million"]["attribution"] is None
    assert figures["four"]["total"] == 10
    assert reports[OPINION].reliability.figures_unsourced == len(figures)


def test_stored_rows_point_at_their_text(verified):
    path, _ = verified
    con = duckdb.connect(str(path), read_only=True)
    try:
        for table in ("office_claims", "quotes", "figures"):
            rows = con.execute(f"""SELECT t.text, substr(a.text, t.start_char + 1, t.end_char - t.start_char),
                                          s.start_char <= t.start_char AND t.start_char < s.end_char
                                   FROM {table} t JOIN articles a USING (article_id)
                                   JOIN sentences s ON s.article_id = t.article_id AND s.sent_index = t.sent_index
                                """).fetchall()
            assert rows, table
            assert all(inside for *_, inside in rows), table
            if table != "quotes":  # a split quote's text leaves out the attribution between its parts
                assert all(text == span for text, span, _ in rows), table
        verdicts = con.execute("SELECT item, count(*) FROM verdicts GROUP BY 1 ORDER BY 1").fetchall()
        assert {item for item, _ in verdicts} == {"claim", "figure", "quote"}
        assert con.execute("SELECT count(*) FROM reliability").fetchone()[0] == 2
    finally:
        con.close()


def test_verify_command_output(verified):
    from typer.testing import CliRunner

    from allegiance.cli import app

    path, reports = verified
    result = CliRunner().invoke(app, ["verify", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "CONTRADICTED 'President Ramirez'" in result.output and "Donald Trump" in result.output
    assert "UNVERIFIABLE 'Ambassador Jung Kihong'" in result.output
    result = CliRunner().invoke(app, ["verify", "--db", str(path), "--json", "--article",
                                      reports[ANALYSIS].article_id[:6]])
    assert result.exit_code == 0 and '"verdict": "contradicted"' in result.output


def test_claims_eval_on_the_development_set():
    result = evaluate_file(shared_path("gold", "office_claims_dev.jsonl"))
    assert result["format"] == "claims"
    assert result["overall"]["accuracy"] >= 0.90, result["errors"]
    assert result["confusion"]["supported"]["contradicted"] == 0
    assert set(result["by_verdict"]) == {"supported", "contradicted", "unverifiable"}
