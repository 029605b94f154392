"""`make bench`: seed N applications, then measure every page a parent or staff member uses.

    python -m benchmarks.run [--applications 100000] [--repeat 30] [--json bench-results.json]
                             [--database sqlite|postgres]

For each page: SQL queries, server time (median and 95th percentile over repeated requests, in
process, through the whole middleware stack) and bytes sent compressed (the HTML with its CSS and
JS, gzip), on a fresh SQLite file or a fresh database on the project's PostgreSQL. Then gunicorn
on loopback: requests per second for a wizard step and for a bare view
(the ceiling on this machine), measured with wrk in the same run, and their ratio.
The child step is also drawn with the form renderer it had before crispy-forms
(benchmarks/forms_before_crispy.py), in process and through gunicorn, beside today's.
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
    "child step with crispy-forms / before": 1.15,
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
                from tools import staff_sessions

                staff_sessions.force_login(client, getattr(site, page.who))
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


def child_step_forms(site, repeat, blocks=5):
    """The child step in process, its form drawn by crispy-forms (today) and by the renderer of
    before, in alternating blocks of requests so that both see the same machine. Switching the
    templates empties the template caches, so each block starts with requests not measured."""
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from benchmarks.forms_before_crispy import templates_before_crispy
    from enrollment import wizard

    client = Client(headers={"Accept-Language": "zh-hans"})
    client.force_login(site.parent)
    url = reverse("enrollment:step", args=[site.draft.public_id, wizard.ChildStep.identifier])
    before = override_settings(TEMPLATES=templates_before_crispy(settings.TEMPLATES))
    times = {"crispy-forms": [], "before": []}
    pages = {}
    for _ in range(blocks):
        for name, values in times.items():
            if name == "before":
                before.enable()
            try:
                for _ in range(3):
                    pages[name] = client.get(url).content
                for _ in range(max(1, repeat // blocks)):
                    started = time.perf_counter()
                    response = client.get(url)
                    values.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.status_code
            finally:
                if name == "before":
                    before.disable()
    drawn_before = b'<input type="radio" class="form-check-input" name="sex"'
    assert drawn_before in pages["before"] and drawn_before not in pages["crispy-forms"]
    results = {
        f"{name}_median_ms": round(statistics.median(values), 2) for name, values in times.items()
    }
    results["ratio"] = round(results["crispy-forms_median_ms"] / results["before_median_ms"], 3)
    print(
        f"  crispy-forms {results['crispy-forms_median_ms']:.2f} ms, before "
        f"{results['before_median_ms']:.2f} ms: {results['ratio']:.2f} x",
        flush=True,
    )
    return results


def throughput(database_url, media_root, site, seconds, rounds=3):
    """Requests per second through gunicorn for a wizard step and for the bare view, and for the
    wizard step drawn with the form renderer of before crispy-forms (a second server, running at
    the same time). wrk's figures here move by 10% from one run to the next, so each is measured
    in `rounds` rounds, the servers taking turns, and the median kept."""
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
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.LANGUAGE_COOKIE_NAME}=zh-hans"
    child_step = reverse(
        "enrollment:step", args=[site.draft.public_id, wizard.ChildStep.identifier]
    )
    today = Gunicorn(env, workers=2, threads=1).start()
    before = Gunicorn({**env, "BENCH_FORMS": "before-crispy"}, workers=2, threads=1).start()
    try:
        runs = [
            ("bare view", today.base_url + "/bench/bare/"),
            ("wizard step (child)", today.base_url + child_step),
            ("wizard step (child), forms before crispy", before.base_url + child_step),
        ]
        rates = {name: [] for name, _ in runs}
        for round_number in range(rounds):
            for name, url in runs[round_number % 2 :: 1] + runs[: round_number % 2]:
                rates[name].append(_requests_per_second(url, cookie, seconds))
        return {name: statistics.median(values) for name, values in rates.items()}
    finally:
        today.stop()
        before.stop()


def _requests_per_second(url, cookie, seconds):
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert not non_2xx, f"{url}: {non_2xx.group(0)}"
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


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
    print("The supervisors' dashboard with its every-office figures read afresh each time:")
    cold_dashboard = dashboard_cold(site, args.repeat)
    print("A wizard step showing three phone photos (4032 x 3024 JPEG):")
    photos = photo_step_weight(site)
    print("The child step's form drawn by crispy-forms and by the renderer of before:")
    forms_in_process = child_step_forms(site, args.repeat * 4)
    print(
        f"Throughput through gunicorn (2 workers, wrk 8 connections, {args.seconds} s each, "
        "median of 3 rounds):"
    )
    rates = throughput(database_url, media_root, site, args.seconds)
    print(f"Importing a payment list of {IMPORT_ROWS:,} rows:")
    imports = import_timings(IMPORT_ROWS)
    connections.close_all()
    ratio, checks = verdicts(rows, rates)
    ratio_before = rates["wizard step (child), forms before crispy"] / rates["bare view"]
    dashboards = [r for r in rows if r["page"].startswith(("admin:index", "admin dashboard"))]
    queue = next(r for r in rows if r["page"] == "admin list")
    checks += [
        (
            "dashboard (staff, supervisor) < 200 ms",
            max(r["median_ms"] for r in dashboards),
            max(r["median_ms"] for r in dashboards) < 200,
        ),
        (
            "supervisors' dashboard, figures not cached, < 200 ms",
            cold_dashboard["median_ms"],
            cold_dashboard["median_ms"] < 200,
        ),
        ("work queue (admin list) < 200 ms", queue["median_ms"], queue["median_ms"] < 200),
        (
            "child step in process, crispy-forms <= 1.15 x before",
            forms_in_process["ratio"],
            forms_in_process["ratio"] <= 1.15,
        ),
        (
            f"wizard step / bare view with crispy-forms >= before ({ratio_before:.2f})",
            round(ratio, 2),
            ratio >= ratio_before,
        ),
        (
            "wizard step with three phone photos <= 150 KB",
            photos["kb_transferred"],
            photos["kb_transferred"] <= 150,
        ),
        (
            f"import {IMPORT_ROWS:,} rows: preview < 10 s",
            imports["preview_seconds"],
            imports["preview_seconds"] < 10,
        ),
        (
            f"import {IMPORT_ROWS:,} rows: confirm < 10 s",
            imports["confirm_seconds"],
            imports["confirm_seconds"] < 10,
        ),
    ]
    return {
        "database": args.database,
        "applications": args.applications,
        "seeding_seconds": round(seeding, 1),
        "pages": rows,
        "requests_per_second": rates,
        "throughput_ratio": round(ratio, 3),
        "throughput_ratio_forms_before_crispy": round(ratio_before, 3),
        "child_step_forms": forms_in_process,
        "payment_import": imports,
        "photo_step": photos,
        "dashboard_not_cached": cold_dashboard,
        "targets": [{"target": label, "value": value, "met": met} for label, value, met in checks],
    }


def dashboard_cold(site, repeat):
    """The admin's first page for a supervisor with the cache emptied before each request: the
    every-office figures (enrollment/dashboard.py keeps them two minutes) read from the database."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client(headers={"Accept-Language": "zh-hans"})
    from tools import staff_sessions

    staff_sessions.force_login(client, site.supervisor)
    url = reverse("admin:index")
    client.get(url)
    times = []
    for _ in range(repeat):
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    results = {"queries": len(queries), "median_ms": round(statistics.median(times), 1)}
    print(f"  {results['queries']} queries {results['median_ms']:.1f} ms", flush=True)
    return results


def photo_step_weight(site):
    """A newborn's household register step with its three documents uploaded as phone photos
    (12 megapixels, about 4.5 MB each): KB transferred for the page (HTML, CSS, JS, gzip) and
    the previews its <img> tags load, beside what the originals would have cost."""
    import datetime

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from enrollment import wizard
    from enrollment.models import Document
    from tools import factories
    from tools.fake import phone_photo_bytes

    application = factories.make_application(
        site.parent,
        site.draft.office,
        before=wizard.FeeStep,
        born=timezone.localdate() - datetime.timedelta(days=10),
        first_enrollment=True,
    )
    photo = phone_photo_bytes()
    kinds = [
        Document.Kind.REGISTER_HEAD_PAGE,
        Document.Kind.REGISTER_CHILD_PAGE,
        Document.Kind.BIRTH_CERTIFICATE,
    ]
    for kind in kinds:
        factories.store_document(
            application, kind, factories.upload("IMG_0001.jpg", photo, "image/jpeg")
        )
    client = Client(headers={"Accept-Language": "zh-hans"})
    client.force_login(site.parent)
    page = client.get(
        reverse("enrollment:step", args=[application.public_id, "household-register"])
    )
    html = page.content.decode()
    page_bytes = len(gzip.compress(page.content, 6)) + static_weight(html)
    previews = [
        len(b"".join(client.get(src.replace("&amp;", "&")).streaming_content))
        for src in re.findall(r'<img src="([^"]*/documents/[^"]*)"', html)
    ]
    assert len(previews) == len(kinds), previews
    results = {
        "photo_kb": round(len(photo) / 1024),
        "page_kb": round(page_bytes / 1024, 1),
        "preview_kb": [round(size / 1024, 1) for size in previews],
        "kb_transferred": round((page_bytes + sum(previews)) / 1024, 1),
        "kb_with_originals_as_previews": round((page_bytes + len(kinds) * len(photo)) / 1024),
    }
    print(
        f"  page {results['page_kb']} KB + previews {results['preview_kb']} KB = "
        f"{results['kb_transferred']} KB (originals as previews: "
        f"{results['kb_with_originals_as_previews']:,} KB)",
        flush=True,
    )
    return results


IMPORT_ROWS = 10_000


def import_timings(row_count):
    """A tax authority's list of `row_count` rows for one office, uploaded, previewed and
    confirmed by its staff through the admin, as a browser would: seconds and queries of each.

    Runs last: its children are registered from applications made in bulk without the wizard's
    parts, which the pages measured above would not expect. Most rows match a year due from
    a renewal (the family is told by a notice of the year); a fifth pay the last year of a
    verified application (which moves to "fee paid"); 1% each differ in amount, match no one,
    or repeat a row with another ticket."""
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from enrollment.models import (
        Application,
        CommunityOffice,
        CoverYear,
        FeeSchedule,
        InsuredChild,
        Notice,
        PaymentImport,
    )
    from portal.models import User
    from tools import factories
    from tools.fake import resident_id

    office = CommunityOffice.objects.order_by("pk").first()
    office = factories.make_office(
        name_zh_hans="缴费清单导入社区", name_en="Payment list office", region=office.region
    )
    staff = factories.make_staff(office, "import-bench@example.com")
    schedule = FeeSchedule.objects.filter(region=office.region).order_by("-year").first()
    now, today = timezone.now(), timezone.localdate()
    password = make_password(None)
    parents = User.objects.bulk_create(
        User(email=f"import{n}@example.com", password=password, email_confirmed_at=now)
        for n in range(row_count)
    )
    children = InsuredChild.objects.bulk_create(
        InsuredChild(
            id_number=resident_id(
                today - datetime.timedelta(days=400 + n // 400),
                serial=n % 400,
                male=n % 2 == 0,
                region="310101",  # apart from the seeded children, all of Beijing
            ),
            full_name=f"王{n}",
            date_of_birth=today - datetime.timedelta(days=400 + n // 400),
            sex="M" if n % 2 == 0 else "F",
            office=office,
            registered_on=today,
        )
        for n in range(row_count)
    )
    applications = Application.objects.bulk_create(
        Application(
            owner=parent,
            office=office,
            status=Application.Status.VERIFIED if n % 5 == 0 else Application.Status.CARD_ISSUED,
            reference_number=f"IMP-{n:06d}",
            submitted_at=now,
            fee_schedule=schedule,
            fee_due=schedule.individual_contribution,
            insured_child=child,
        )
        for n, (parent, child) in enumerate(zip(parents, children, strict=True))
    )
    CoverYear.objects.bulk_create(
        CoverYear(
            child=child,
            year=schedule.year,
            application=application,
            fee_schedule=schedule,
            contribution=schedule.individual_contribution,
            amount_due=schedule.individual_contribution,
            pay_by=schedule.enrollment_closes,
            rule=CoverYear.Rule.FROM_JANUARY,
            cover_starts=datetime.date(schedule.year, 1, 1),
            cover_ends=datetime.date(schedule.year, 12, 31),
            status=CoverYear.Status.DUE,
        )
        for child, application in zip(children, applications, strict=True)
    )
    lines = ["证件号码,姓名,缴费年度,实缴金额,缴费日期,电子税票号码"]
    for n, child in enumerate(children):
        amount, id_number = schedule.individual_contribution, child.id_number
        if n % 100 == 1:
            amount += 50
        if n % 100 == 2:
            id_number = resident_id(datetime.date(2015, 1, 1), serial=n % 499)
        lines.append(f"{id_number},{child.full_name},{schedule.year},{amount},{today},3{n:017d}")
        if n % 100 == 3:
            lines.append(
                f"{id_number},{child.full_name},{schedule.year},{amount},{today},4{n:017d}"
            )
    content = ("\r\n".join(lines[: row_count + 1]) + "\r\n").encode("gb18030")
    client = Client(headers={"Accept-Language": "zh-hans"})
    from tools import staff_sessions

    staff_sessions.force_login(client, staff)

    def timed(request):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = request()
            seconds = time.perf_counter() - started
        assert response.status_code in (200, 302), response.status_code
        return response, round(seconds, 2), len(queries)

    upload = SimpleUploadedFile("缴费清单.csv", content)
    _, upload_seconds, upload_queries = timed(
        lambda: client.post(reverse("admin:enrollment_paymentimport_add"), {"payment_list": upload})
    )
    imported = PaymentImport.objects.get(office=office)
    page = reverse("admin:enrollment_paymentimport_change", args=[imported.pk])
    _, page_seconds, page_queries = timed(lambda: client.get(page))
    notices_before = Notice.objects.count()
    _, confirm_seconds, confirm_queries = timed(
        lambda: client.post(reverse("admin:enrollment_paymentimport_confirm", args=[imported.pk]))
    )
    imported.refresh_from_db()
    results = {
        "rows": row_count,
        "kb": round(len(content) / 1024),
        "counts": imported.counts,
        "recorded": imported.recorded_count,
        "notices": Notice.objects.count() - notices_before,
        "upload_and_check_seconds": upload_seconds,
        "upload_and_check_queries": upload_queries,
        "preview_page_seconds": page_seconds,
        "preview_page_queries": page_queries,
        "preview_seconds": round(upload_seconds + page_seconds, 2),
        "confirm_seconds": confirm_seconds,
        "confirm_queries": confirm_queries,
    }
    print(
        f"  upload and check {upload_seconds:.2f} s ({upload_queries} queries), "
        f"preview page {page_seconds:.2f} s ({page_queries} queries), "
        f"confirm {confirm_seconds:.2f} s ({confirm_queries} queries): "
        f"{results['recorded']:,} payments recorded, {results['notices']:,} notices",
        flush=True,
    )
    return results


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
    forms = results["child_step_forms"]
    print(
        "\nchild step, crispy-forms beside the renderer of before: in process "
        f"{forms['crispy-forms_median_ms']:.2f} ms vs {forms['before_median_ms']:.2f} ms "
        f"({forms['ratio']:.2f} x); through gunicorn "
        f"{rates['wizard step (child)']:.0f} vs "
        f"{rates['wizard step (child), forms before crispy']:.0f} requests/second "
        f"(ratio to the bare view {results['throughput_ratio']:.2f} vs "
        f"{results['throughput_ratio_forms_before_crispy']:.2f})"
    )
    imports = results["payment_import"]
    print(
        f"\npayment list import, {imports['rows']:,} rows ({imports['kb']} KB): "
        f"preview {imports['preview_seconds']:.2f} s (upload and check "
        f"{imports['upload_and_check_seconds']:.2f} s, {imports['upload_and_check_queries']} "
        f"queries; preview page {imports['preview_page_seconds']:.2f} s, "
        f"{imports['preview_page_queries']} queries), confirm {imports['confirm_seconds']:.2f} s "
        f"({imports['confirm_queries']} queries, {imports['recorded']:,} payments recorded)"
    )
    photos = results["photo_step"]
    print(
        f"\nwizard step with three phone photos ({photos['photo_kb']:,} KB each): page "
        f"{photos['page_kb']} KB + previews {photos['preview_kb']} KB = "
        f"{photos['kb_transferred']} KB transferred"
    )
    print(f"\ntargets ({results['applications']:,} applications on {results['database']}):")
    for target in results["targets"]:
        print(
            f"  {'met    ' if target['met'] else 'NOT MET'}  {target['target']}: {target['value']}"
        )


if __name__ == "__main__":
    main()
