"""Shared fixtures: the real spaCy pipeline, the shared data folder and a seeds database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALLEGIANCE_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip that says why the test cannot run."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data folder beside the checkout); it is absent here")
    return path


@pytest.fixture(scope="session")
def nlp():
    from allegiance.nlp import load

    return load()


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory):
    """A database built from the two seed articles, as a user would build it."""
    import allegiance

    seeds = shared_path("seeds")
    path = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    allegiance.run(sorted(seeds.glob("*.txt")), db=path)
    return path


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory):
    import allegiance

    path = tmp_path_factory.mktemp("examples") / "sample.duckdb"
    allegiance.run([EXAMPLES], db=path)
    return path


@pytest.fixture(scope="session")
def ref_db(tmp_path_factory):
    """The country-level tables from ../shared (ATOP, UN votes, ideal points, NMC, ICEWS counts)
    imported into a real allegiance database, as a user would import them."""
    from relations_fixtures import build_reference_db

    shared = shared_path("data").parent
    return build_reference_db(tmp_path_factory.mktemp("relations") / "ref.duckdb", shared)
