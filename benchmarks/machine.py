"""The machine a benchmark ran on, for its report: CPU, cores, RAM, Python and the database.

Figures from another machine (or the same one under other people's load) are not comparable;
``make bench`` prints this first so every table carries where it was measured.
"""

from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import text


def _proc_field(path: str, name: str) -> str | None:
    """The first ``name: value`` line of a ``/proc`` file (Linux), or ``None``."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def database_version(url: str | None) -> str:
    """``SQLite 3.x`` for the default database, or the server's version for ``url``."""
    if not url or url.startswith("sqlite"):
        return f"SQLite {sqlite3.sqlite_version}"
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SELECT version()")).scalar_one())
    finally:
        engine.dispose()


def describe(database_url: str | None) -> list[str]:
    """One line each: CPU model, cores, RAM, Python, database."""
    cpu = _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown"
    memory = _proc_field("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB" if memory else "unknown"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"cpu: {cpu}",
        f"cores: {os.cpu_count()} (load average at start: {load})",
        f"ram: {ram}",
        f"python: {platform.python_implementation()} {platform.python_version()}",
        f"database: {database_version(database_url)}",
    ]


if __name__ == "__main__":
    print("\n".join(describe(os.environ.get("DATABASE_URL"))))
