"""Load test: N parents at once, each through the whole wizard, against gunicorn.

    python -m tools.loadtest --database sqlite      (a fresh SQLite file, WAL)
    python -m tools.loadtest --database postgres    (a fresh database on the local PostgreSQL)

Passes when no request failed and every parent's application is stored exactly once. `make
loadtest` runs both. Figures: requests, errors, seconds, median and 95th percentile latency.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tools.databases import fresh_database
from tools.http_parent import ROOT, Gunicorn, HttpParent, JourneyError, manage, portal_environment


def stored_applications(env):
    script = (
        "import django, json; django.setup();"
        "from enrollment.models import Application;"
        "rows = list(Application.objects.values_list('owner__email', 'child__id_number', 'status', 'reference_number'));"
        "print(json.dumps(rows))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def run(kind, parents, workers, threads):
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(kind, Path(folder), prefix="loadtest") as url,
    ):
        folder = Path(folder)
        env = portal_environment(url, folder / "media")
        manage("migrate", "--no-input", env=env)
        manage("load_demo_data", env=env)
        server = Gunicorn(env, workers=workers, threads=threads).start()
        results, errors, timings = {}, [], []
        lock = threading.Lock()
        start_line = threading.Barrier(parents)

        def one_parent(serial):
            parent = HttpParent(server.base_url, f"load{serial}@example.com")
            start_line.wait()
            try:
                reference = parent.whole_journey(
                    office_id=1, serial=serial, outbox=env["EMAIL_FILE_PATH"]
                )
                with lock:
                    results[parent.email] = reference
            except (JourneyError, OSError) as error:
                with lock:
                    errors.append(f"{parent.email}: {error}")
            finally:
                with lock:
                    timings.extend(parent.timings)

        started = time.perf_counter()
        crowd = [threading.Thread(target=one_parent, args=(n,)) for n in range(parents)]
        for thread in crowd:
            thread.start()
        for thread in crowd:
            thread.join()
        elapsed = time.perf_counter() - started
        server.stop()
        stored = stored_applications(env)

    submitted = [row for row in stored if row[2] == "submitted"]
    per_parent = {}
    for email, *_ in stored:
        per_parent[email] = per_parent.get(email, 0) + 1
    lost = parents - len(submitted)
    duplicated = sum(count - 1 for count in per_parent.values() if count > 1)
    timings.sort()
    print(
        f"\n[{kind}] {parents} parents at once through the whole wizard, gunicorn {workers}x{threads}"
    )
    print(
        f"  requests {len(timings)}, errors {len(errors)}, {elapsed:.1f} s, {len(timings) / elapsed:.0f} req/s"
    )
    print(
        f"  latency median {statistics.median(timings) * 1000:.0f} ms, "
        f"95th percentile {timings[int(len(timings) * 0.95)] * 1000:.0f} ms, max {timings[-1] * 1000:.0f} ms"
    )
    print(
        f"  applications stored {len(stored)}, submitted {len(submitted)}, lost {lost}, duplicated {duplicated}"
    )
    print(f"  reference numbers distinct: {len({row[3] for row in submitted}) == len(submitted)}")
    for error in errors[:10]:
        print("  error:", error)
    return not errors and lost == 0 and duplicated == 0 and len(stored) == parents


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--parents", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    os.chdir(ROOT)
    outcomes = [
        run(kind, args.parents, args.workers, args.threads)
        for kind in args.database or ["sqlite", "postgres"]
    ]
    sys.exit(0 if all(outcomes) else 1)


if __name__ == "__main__":
    main()
