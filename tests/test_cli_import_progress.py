"""``flask sroi import-portfolio`` stays synchronous and shows a progress bar on a terminal's
stderr only: not when stderr is no terminal, never with ``--json``."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from flask import Flask

from sroi_plugin.cli import _TerminalProgress
from sroi_plugin.importing.progress import Phase
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_rows_counted_then_the_comparison(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = _TerminalProgress(xlsx([row(f"T-{n}") for n in range(999)]))  # 1,000 rows

    bar(Phase.READING, 0, 0)
    bar(Phase.CHECKING, 501, 500)
    bar(Phase.CHECKING, 999, 999)
    bar(Phase.COMPARING, 999, 999)

    shown = terminal.getvalue()
    assert "Controleren" in shown
    assert "50%" in shown
    assert "100%" in shown
    assert shown.rstrip().endswith("Vergelijken met het register …")


@pytest.mark.parametrize("options", [(), ("--json",)])
def test_no_bar_without_a_terminal_or_with_json(
    app: Flask, tmp_path: Path, options: tuple[str, ...]
) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(xlsx([row(f"T-{n}") for n in range(1_200)]))

    result = app.test_cli_runner().invoke(
        args=["sroi", "import-portfolio", str(path), "--dry-run", *options]
    )

    assert result.exit_code == 0, result.output
    assert "Controleren" not in result.stderr
    assert "Vergelijken" not in result.stderr
    if options:
        assert json.loads(result.stdout)["counts"]["new"] == 1_200
