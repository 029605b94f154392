"""The cache comes from CACHE_URL, and with Redis it is one cache for every server process: what
one process stores or clears, another sees at once."""

import os
import subprocess
import sys

from tools.http_parent import ROOT


def run_in_another_process(code, cache_url=None):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings"}
    if cache_url is not None:
        env["CACHE_URL"] = cache_url
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def redis_url():
    return subprocess.run(
        ["bash", str(ROOT / "scripts/ensure_redis.sh")],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout.strip()


def test_without_cache_url_each_process_keeps_its_own_cache():
    backend = run_in_another_process(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_with_redis_one_process_sees_what_another_stores_and_clears():
    url = redis_url()
    store = "from django.core.cache import cache; cache.set('shared-test', 'from A', 60)"
    read = "from django.core.cache import cache; print(cache.get('shared-test'))"
    clear = "from django.core.cache import cache; cache.delete('shared-test')"
    run_in_another_process(store, url)
    assert run_in_another_process(read, url) == "from A"
    run_in_another_process(clear, url)
    assert run_in_another_process(read, url) == "None"
    backend = run_in_another_process(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", url
    )
    assert backend == "django.core.cache.backends.redis.RedisCache"
