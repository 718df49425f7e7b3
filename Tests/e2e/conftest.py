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


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian's `chromium` package, driven by Playwright (its own browser
    download is not used). Pages under test must work offline: tests also assert no network request."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def sarif_schema(root):
    """The official SARIF 2.1.0 schema, read from ../shared/data beside the repository (CI has it; the
    repository carries no copy). Under CI its absence is a failure, elsewhere a skip."""
    import json

    path = root.parent / "shared" / "data" / "sarif-schema-2.1.0.json"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the SARIF 2.1.0 schema is missing at {path}")
        pytest.skip(f"the SARIF 2.1.0 schema is not at {path}; nothing to validate against")
    return json.loads(path.read_text())
