"""The package's layers (``[tool.importlinter]`` in pyproject.toml) hold, and ``lint-imports``
really refuses an import that goes up a layer."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
LAYERS = "Layers: rules <- models <- engines and services <- web <- extension, cli <- demo"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package under ``root``, with the contracts of its pyproject.toml."""
    if not LINT_IMPORTS.exists():  # pragma: no cover - the test extra installs it
        pytest.fail(f"lint-imports is not installed beside {sys.executable}")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_tree_keeps_every_import_contract() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(re.escape(LAYERS) + r"\s*KEPT", result.stdout), result.stdout
    assert "0 broken" in result.stdout


def test_a_rules_module_importing_the_web_layer_breaks_the_layers(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "sroi_plugin",
        tmp_path / "sroi_plugin",
        ignore=shutil.ignore_patterns("__pycache__", "static"),
    )
    dutch = tmp_path / "sroi_plugin" / "rules" / "dutch.py"
    dutch.write_text(
        dutch.read_text(encoding="utf-8") + "\nfrom sroi_plugin.web import formatting  # noqa\n",
        encoding="utf-8",
    )

    result = _lint_imports(tmp_path)

    output = " ".join(result.stdout.split())
    assert result.returncode != 0, output
    assert re.search(re.escape(LAYERS) + r"\s*BROKEN", output), output
    assert "sroi_plugin.rules is not allowed to import sroi_plugin.web" in output
    assert "sroi_plugin.rules.dutch -> sroi_plugin.web.formatting" in output
