"""Every page is valid HTML by the Nu Html Checker (npm package vnu-jar, run with Java), in both
languages. `make test` installs the checker (scripts/ensure_tools.sh); the `html_checker` marker
lets `make test-fast` leave this test out on a machine without Java."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tools import site_map

from ..paths import ROOT

# An empty withdrawal is a valid withdrawal; the others come back with their error messages.
SUBMITTING_EMPTY_WOULD_ACT = {"enrollment:withdraw"}
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture
def html_checker():
    java = shutil.which("java")
    assert java and VNU_JAR.exists(), (
        "The Nu Html Checker is missing: run `make test`, which installs Java and vnu-jar "
        "(scripts/ensure_tools.sh --for-tests)."
    )
    return [java, "-jar", str(VNU_JAR)]


def run_checker(html_checker, folder):
    """The checker's error messages on every file of the folder. It must have run to the end:
    a JSON report, and exit code 0 when the report holds no error (Java or the checker failing
    exits non-zero with no report, or with one that names no error)."""
    result = subprocess.run(
        [*html_checker, "--errors-only", "--format", "json", "--stdout", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    ran = f"the Nu Html Checker exited with code {result.returncode}: {result.stderr.strip()!r}"
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError, TypeError):
        pytest.fail(f"{ran}, and its report is not JSON: {result.stdout[:500]!r}")
    assert messages or result.returncode == 0, f"{ran}, and reported no error"
    return messages


@pytest.mark.html_checker
def test_every_page_is_valid_html(db, tmp_path, html_checker):
    data = site_map.make_site_data()
    folder = tmp_path / "pages"
    folder.mkdir()
    saved = {}
    for language in ("zh-hans", "en"):
        clients = {}
        for number, page in enumerate(site_map.pages(data)):
            if page.who not in clients:
                clients[page.who] = Client(headers={"Accept-Language": language})
                if page.who != "anonymous":
                    clients[page.who].force_login(getattr(data, page.who))
            response = clients[page.who].get(page.url, follow=True)
            assert response.status_code == page.status, page.url
            path = folder / f"{language}-{number:02d}.html"
            path.write_bytes(response.content)
            saved[path.name] = f"{language} {page.url}"
            if page.has_form and page.name not in SUBMITTING_EMPTY_WOULD_ACT:
                # The same page sent back empty: the error summary and messages must be valid too.
                response = clients[page.who].post(response.request["PATH_INFO"], {}, follow=True)
                assert response.status_code == 200, page.url
                path = folder / f"{language}-{number:02d}-errors.html"
                path.write_bytes(response.content)
                saved[path.name] = f"{language} {page.url} (sent empty)"
    problems = [
        f"{saved.get(Path(m.get('url', '')).name, m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in run_checker(html_checker, folder)
    ]
    assert not problems, "\n".join(problems)
    assert len(saved) >= 100
