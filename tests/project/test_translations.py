"""The simplified Chinese catalogue: complete, current with the code, and placeholders intact."""

import re
import shutil
import subprocess
import sys

import polib
import pytest
from django.urls import reverse

from ..paths import ROOT

CATALOGUE = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%")


def entries(po):
    return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in po if not e.obsolete}


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_every_message_has_a_translation_and_none_is_fuzzy(catalogue):
    untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert catalogue.percent_translated() == 100


def test_translations_keep_every_placeholder(catalogue):
    broken = []
    for entry in catalogue:
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(translation)):
                if not (
                    entry.msgid_plural
                    and sorted(PLACEHOLDER.findall(entry.msgid_plural))
                    == sorted(PLACEHOLDER.findall(translation))
                ):
                    broken.append(entry.msgid)
    assert not broken, broken


def test_the_catalogue_holds_every_message_of_the_code(catalogue, tmp_path):
    """Extract the messages afresh from a copy of the code: none may be missing from the .po."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(
        ".venv", "node_modules", ".git", "media", "staticfiles", "tests", "*.pyc", "__pycache__"
    )
    shutil.copytree(ROOT, copy, ignore=ignore)
    (copy / "locale/zh_Hans/LC_MESSAGES/django.po").unlink()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location", "-v0"],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "portal.settings"},
    )
    fresh = polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))
    missing = entries(fresh) - entries(catalogue)
    assert not missing, (
        f"run `make extract-messages` and translate: {sorted(m[1] for m in missing)[:10]}"
    )


def test_pages_speak_chinese_by_default_and_english_when_asked(db):
    from django.test import Client

    chinese = Client().get(reverse("enrollment:start")).content.decode()
    assert '<html lang="zh-hans">' in chinese
    assert "城乡居民" in chinese
    english = (
        Client(headers={"Accept-Language": "en"}).get(reverse("enrollment:start")).content.decode()
    )
    assert "Enroll your child in residents' medical insurance" in english


def glossary_retired_variants():
    """The third column of locale/GLOSSARY.md's table: the variants no translation may use."""
    rows = (ROOT / "locale" / "GLOSSARY.md").read_text(encoding="utf-8").splitlines()
    variants = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("English", "---") or set(cells[0]) <= {"-"}:
            continue
        variants += [v.strip() for v in cells[2].split(" / ") if v.strip() not in ("", "–")]
    return variants


def test_the_glossary_lists_retired_variants():
    assert {
        "待遇年度",
        "特困儿童",
        "有问题需要处理",
        "参保申请表",
        # One term each for the enrollment period, the office, Article 7's
        # department and the subsidy kinds.
        "集中缴费期",
        "集中参保缴费期",
        "参保登记期",
        "缴费期",
        "社区办理点",
        "社区窗口",
        "社会保险行政管理部门",
        "由政府全额缴纳",
    } <= set(glossary_retired_variants())


def glossary_official_terms():
    """The second column of locale/GLOSSARY.md's table."""
    rows = (ROOT / "locale" / "GLOSSARY.md").read_text(encoding="utf-8").splitlines()
    cells = [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows]
    return [row[1] for row in cells if len(row) == 4 and row[0] not in ("English", "---")]


def test_the_glossary_names_the_waiting_period_and_newborn_terms():
    official = glossary_official_terms()
    for term in (
        "集中参保期",
        "社区服务中心",
        "社会保险行政部门",
        "全额资助",
        "定额资助",
        "新生儿出生90天内参保缴费",
        "未在集中参保期内参保或未连续参保",
        "固定待遇等待期",
        "变动待遇等待期",
        "断保",
        "修复",
        "出生医学证明",
    ):
        assert any(cell.startswith(term) for cell in official), term


def test_no_translation_uses_a_retired_variant_of_an_official_term():
    catalogue = polib.pofile(str(CATALOGUE))
    found = []
    for entry in catalogue.translated_entries():
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        for variant in glossary_retired_variants():
            if any(variant in text for text in texts):
                found.append(f"{variant!r} in the translation of {entry.msgid[:60]!r}")
    assert not found, "see locale/GLOSSARY.md:\n" + "\n".join(found)


def test_the_catalogue_compiles_with_its_formats_checked():
    """msgfmt refuses a translation whose placeholders a format flag says it must keep (a "%"
    in an English text is read as one): compilemessages would stop `make run` there."""
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
