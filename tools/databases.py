"""Throwaway databases for the load test and the benchmark, on SQLite or the project's PostgreSQL."""

import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def fresh_database(kind, folder: Path, prefix: str):
    """The URL of an empty database, removed afterwards: a file in `folder` for "sqlite", a new
    database on the cluster `scripts/ensure_postgres.sh` runs for "postgres"."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'{prefix}.sqlite3'}"
        return
    server = subprocess.run(
        ["bash", str(ROOT / "scripts/ensure_postgres.sh")],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.strip()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
