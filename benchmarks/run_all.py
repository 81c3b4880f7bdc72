"""``make bench``: the import benchmark, then the panel benchmark, then their figures.

Each benchmark runs as its own process (its peak memory is its own) and prints its table; the
options of ``BENCH_ARGS`` go to the benchmark that knows them (``--repeat`` to both). The
output ends with the figure lines: the background import's ``progress_overhead_pct=X.X`` and
``background_import_s=X.XX`` (``background_bench.py``, given the import benchmark's options),
then ``import_ratio=X.XX``, ``preview_ratio=X.XX``, ``panel_p95_ratio=Y.YY`` and
``page_p95_ratio=Z.ZZ``. The machine (CPU, cores, RAM, Python, database) is printed first.

Run: ``python benchmarks/run_all.py [--repeat N] [--database-url URL] [...]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.machine import describe  # noqa: E402

HERE = Path(__file__).resolve().parent
#: Options only the import benchmark takes (flags without a value are marked ``False``).
IMPORT_OPTIONS = {"--rows": True, "--cache-dir": True, "--tracemalloc": False}
#: Options only the panel benchmark takes.
PANEL_OPTIONS = {
    "--database-url": True,
    "--requests": True,
    "--warmup": True,
    "--clients": True,
    "--workers": True,
    "--threads": True,
    "--contracts": True,
    "--seed": True,
    "--time-limit": True,
    "--loads": True,
    "--browsers": True,
}
#: Options both take.
SHARED_OPTIONS = {"--repeat": True}


def split_args(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``BENCH_ARGS`` split into the import benchmark's and the panel benchmark's."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    for name, takes_value in {**IMPORT_OPTIONS, **PANEL_OPTIONS, **SHARED_OPTIONS}.items():
        parser.add_argument(name, action="store" if takes_value else "store_true")
    given = vars(parser.parse_args(argv))

    def pick(options: dict[str, bool]) -> list[str]:
        picked: list[str] = []
        for name, takes_value in {**options, **SHARED_OPTIONS}.items():
            value = given[name.removeprefix("--").replace("-", "_")]
            if takes_value and value is not None:
                picked += [name, value]
            elif not takes_value and value:
                picked.append(name)
        return picked

    return pick(IMPORT_OPTIONS), pick(PANEL_OPTIONS)


def run(script: str, args: Sequence[str], *prefixes: str) -> list[str]:
    """Run a benchmark, echo its output except its figure lines, and return those lines in the
    order of ``prefixes`` (the last line of each)."""
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, str(HERE / script), *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    figures: dict[str, str] = {}
    for line in process.stdout:
        prefix = next((prefix for prefix in prefixes if line.startswith(prefix)), None)
        if prefix is not None:
            figures[prefix] = line.strip()
        else:
            print(line, end="", flush=True)
    missing = [prefix for prefix in prefixes if prefix not in figures]
    if process.wait() != 0 or missing:
        raise SystemExit(f"{script} failed (exit {process.returncode}); no {', '.join(missing)}")
    return [figures[prefix] for prefix in prefixes]


def main() -> None:
    import_args, panel_args = split_args(sys.argv[1:])
    given = dict(zip(panel_args[::2], panel_args[1::2], strict=False))
    print("== machine", *describe(given.get("--database-url")), sep="\n", flush=True)
    print("== import benchmark (benchmarks/import_bench.py)", flush=True)
    import_figures = run("import_bench.py", import_args, "import_ratio=", "preview_ratio=")
    print("\n== background import (benchmarks/background_bench.py)", flush=True)
    background_figures = run(
        "background_bench.py", import_args, "progress_overhead_pct=", "background_import_s="
    )
    print("\n== panel benchmark (benchmarks/panel_bench.py)", flush=True)
    panel_figures = run("panel_bench.py", panel_args, "panel_p95_ratio=", "page_p95_ratio=")
    for figure in (*background_figures, *import_figures, *panel_figures):
        print(figure)


if __name__ == "__main__":
    main()
