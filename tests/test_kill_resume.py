"""A run killed with SIGKILL at random moments and restarted ends with exactly the rows of an
uninterrupted run: nothing lost, nothing stored twice (benchmarks/kill_test.py)."""

from __future__ import annotations

import signal
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from kill_test import kill_test  # noqa: E402


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_five_kills_lose_nothing_and_double_nothing(tmp_path):
    result = kill_test(tmp_path, articles=40, kills=5, seed=1, extra=["--batch-size", "8"])
    assert result["interrupted"] >= 3, result  # most kills land while the run is working
    assert result["counts_killed"] == result["counts_reference"], result
    assert result["counts_reference"]["events"] > 0 and result["counts_reference"]["articles"] == 40
    assert not result["differing_tables"], result
    assert not any(result["duplicates"].values()), result
