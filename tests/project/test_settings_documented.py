"""Every setting the portal reads from the environment is in .env.example, and so is every one
the README's table of settings names: a newcomer finds them all in one file."""

import re

from ..paths import ROOT

READ = re.compile(r"""env\.\w+\(\s*["']([A-Z][A-Z0-9_]*)["']|["']([A-Z][A-Z0-9_]*)["'] in env""")


def example_names() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^# ([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def test_every_setting_read_from_the_environment_is_in_the_example():
    read = {
        name
        for path in (ROOT / "portal").glob("*.py")
        for pair in READ.findall(path.read_text())
        for name in pair
        if name
    }
    assert {"DATABASE_URL", "EMAIL_URL", "SESSION_COOKIE_AGE"} <= read
    assert read - example_names() == set()


def test_every_setting_of_the_readme_is_in_the_example():
    readme = (ROOT / "README.md").read_text()
    named = {
        name
        for line in readme.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1])
    }
    assert {"PORTAL_ENV", "CACHE_URL"} <= named
    assert named - example_names() == set()
