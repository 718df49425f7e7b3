"""Shared fixtures for the end-to-end checks: where the repository and the sopc binary are."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def sopc() -> str:
    """The sopc binary: $SOPC, else the debug build (built on demand)."""
    path = os.environ.get("SOPC")
    if path:
        return path
    subprocess.run(["swift", "build"], cwd=ROOT, check=True)
    return str(ROOT / ".build" / "debug" / "sopc")
