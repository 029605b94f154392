"""What a newcomer runs first: `make run` on a port of their choice, with the links in emails
and QR codes following it, and a README that needs nothing outside the repository."""

import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command

from ..paths import ROOT


def make_dry_run(*args):
    result = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def base_url(**env):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.PORTAL_BASE_URL)",
        ],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after what the shell imported by itself


def test_make_run_serves_on_port_8000_unless_told_another():
    assert "runserver 127.0.0.1:8000" in make_dry_run()
    commands = make_dry_run("PORT=8123")
    assert "runserver 127.0.0.1:8123" in commands
    assert "PORTAL_PORT=8123" in commands
    assert "http://127.0.0.1:8123/apply/" in commands
    assert "8000" not in commands


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORTAL_PORT": "8123"}, "http://127.0.0.1:8123"),
        (
            {"PORTAL_PORT": "8123", "PORTAL_BASE_URL": "https://portal.example.gov.cn"},
            "https://portal.example.gov.cn",
        ),
    ],
)
def test_the_address_in_emails_follows_the_development_port_unless_set(env, expected):
    assert base_url(**env) == expected


def test_the_demo_data_says_where_parents_start(db, capsys, settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8123"
    call_command("load_demo_data")
    output = capsys.readouterr().out
    assert "http://127.0.0.1:8123/apply/" in output
    assert "8000" not in output


def test_the_readme_needs_nothing_outside_the_repository():
    readme = (ROOT / "README.md").read_text()
    assert "../" not in readme
    for path in re.findall(r"\]\(([^)#:]+)\)", readme):
        assert (ROOT / path).exists(), path
    first_command = readme.index("make run")
    assert readme.index("Python 3.11") < first_command
    assert "/apply/" in readme
    assert "sudo apt-get" in readme
