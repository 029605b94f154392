"""`make bench`: seed N applications, then measure every page a parent or staff member uses.

    python -m benchmarks.run [--applications 100000] [--repeat 30] [--json bench-results.json]
                             [--database sqlite|postgres]

For each page: SQL queries, server time (median and 95th percentile over repeated requests, in
process, through the whole middleware stack) and bytes sent compressed (the HTML with its CSS and
JS, gzip), on a fresh SQLite file or a fresh database on the project's PostgreSQL. Then gunicorn
on loopback: requests per second for a wizard step and for a bare view
(the ceiling on this machine), measured with wrk in the same run, and their ratio.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.databases import fresh_database

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "queries per page": 12,
    "admin list median ms": 200,
    "admin search by ID or reference median ms": 50,
    "wizard step / bare view throughput": 0.4,
    "parent page KB compressed": 150,
}


def configure(database_url: str, media_root: Path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["BENCH_MEDIA_ROOT"] = str(media_root)
    import django

    django.setup()


def static_weight(html: str) -> int:
    """Gzip bytes of the CSS and JS the page links to, as whitenoise serves them compressed."""
    from django.contrib.staticfiles import finders

    total = 0
    for path in re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        found = finders.find(path)
        if found:
            total += len(gzip.compress(Path(found).read_bytes(), 9))
    return total


def measure_pages(pages, site, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    rows = []
    for page in pages:
        if page.redirects_first:
            continue
        if page.who not in clients:
            client = Client(headers={"Accept-Language": "zh-hans"})
            if page.who != "anonymous":
                client.force_login(getattr(site, page.who))
            clients[page.who] = client
        client = clients[page.who]
        for _ in range(2):  # warm caches, as a running server has them warm
            client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == page.status, (page.url, response.status_code)
        query_count = len(queries)  # read now: the next request clears the connection's log
        html = response.content.decode()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(page.url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        html_gzip = len(gzip.compress(response.content, 6))
        rows.append(
            {
                "page": page.title,
                "who": page.who,
                "queries": query_count,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
                "kb_compressed": round((html_gzip + static_weight(html)) / 1024, 1),
                "parent_page": page.for_parents,
            }
        )
        print(
            f"  {page.title:<36} {rows[-1]['queries']:>3} queries {rows[-1]['median_ms']:>8.1f} ms",
            flush=True,
        )
    return rows


def throughput(database_url, media_root, site, seconds):
    """Requests per second through gunicorn for a wizard step and for the bare view."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from enrollment import wizard
    from tools.http_parent import Gunicorn, portal_environment

    session = SessionStore()
    session[SESSION_KEY] = str(site.parent.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = site.parent.get_session_auth_hash()
    session.save()
    env = {
        **portal_environment(database_url, media_root),
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "BENCH_MEDIA_ROOT": str(media_root),
    }
    server = Gunicorn(env, workers=2, threads=1).start()
    try:
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.LANGUAGE_COOKIE_NAME}=zh-hans"
        results = {}
        for name, path in [
            ("bare view", "/bench/bare/"),
            (
                "wizard step (child)",
                reverse(
                    "enrollment:step", args=[site.draft.public_id, wizard.ChildStep.identifier]
                ),
            ),
        ]:
            output = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c8",
                    f"-d{seconds}s",
                    "-H",
                    f"Cookie: {cookie}",
                    server.base_url + path,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
            assert not non_2xx, f"{path}: {non_2xx.group(0)}"
            results[name] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        return results
    finally:
        server.stop()


def verdicts(rows, rates):
    admin_lists = [r for r in rows if r["page"].startswith("admin list")]
    exact_searches = [
        r for r in rows if r["page"] in ("admin search: ID number", "admin search: reference")
    ]
    ratio = rates["wizard step (child)"] / rates["bare view"]
    return ratio, [
        (
            "every page <= 12 queries",
            max(r["queries"] for r in rows),
            max(r["queries"] for r in rows) <= 12,
        ),
        (
            "admin list < 200 ms median",
            max(r["median_ms"] for r in admin_lists),
            max(r["median_ms"] for r in admin_lists) < 200,
        ),
        (
            "search by ID/reference < 50 ms",
            max(r["median_ms"] for r in exact_searches),
            max(r["median_ms"] for r in exact_searches) < 50,
        ),
        ("wizard step >= 0.4 x bare view", round(ratio, 2), ratio >= 0.4),
        (
            "parent pages <= 150 KB",
            max(r["kb_compressed"] for r in rows if r["parent_page"]),
            max(r["kb_compressed"] for r in rows if r["parent_page"]) <= 150,
        ),
    ]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=10, help="length of each throughput run")
    parser.add_argument("--json", default="bench-results.json")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs it (scripts/ensure_tools.sh --for-bench).")

    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        with fresh_database(args.database, folder, prefix="bench") as database_url:
            results = bench(database_url, folder / "media", args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report(results)
    Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nFigures written to {args.json}.")


def bench(database_url, media_root, args):
    """Seed, measure every page and the throughput; the figures as one dictionary."""
    configure(database_url, media_root)
    from django.core.management import call_command
    from django.db import connection, connections

    from enrollment.models import CommunityOffice
    from tools import site_map
    from tools.seed import seed

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(args.applications)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the statistics autovacuum keeps on a live database
    seeding = time.perf_counter() - started
    site = site_map.make_site_data(office=CommunityOffice.objects.order_by("pk").first())
    print(
        f"Seeded {args.applications:,} applications on {args.database} in {seeding:.1f} s. "
        f"Measuring pages ({args.repeat} requests each):"
    )
    rows = measure_pages(site_map.pages(site), site, args.repeat)
    print(f"Throughput through gunicorn (2 workers, wrk 8 connections, {args.seconds} s each):")
    rates = throughput(database_url, media_root, site, args.seconds)
    connections.close_all()
    ratio, checks = verdicts(rows, rates)
    return {
        "database": args.database,
        "applications": args.applications,
        "seeding_seconds": round(seeding, 1),
        "pages": rows,
        "requests_per_second": rates,
        "throughput_ratio": round(ratio, 3),
        "targets": [{"target": label, "value": value, "met": met} for label, value, met in checks],
    }


def report(results):
    rows, rates = results["pages"], results["requests_per_second"]
    print(f"\n{'page':<28} {'who':<10} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'KB gz':>7}")
    for row in rows:
        print(
            f"{row['page']:<28} {row['who']:<10} {row['queries']:>7} {row['median_ms']:>10.1f} "
            f"{row['p95_ms']:>8.1f} {row['kb_compressed']:>7.1f}"
        )
    print(
        f"\nrequests/second: bare view {rates['bare view']:.0f}, "
        f"wizard step {rates['wizard step (child)']:.0f}, ratio {results['throughput_ratio']:.2f}"
    )
    print(f"\ntargets ({results['applications']:,} applications on {results['database']}):")
    for target in results["targets"]:
        print(
            f"  {'met    ' if target['met'] else 'NOT MET'}  {target['target']}: {target['value']}"
        )


if __name__ == "__main__":
    main()
