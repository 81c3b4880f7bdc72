"""Where the shipped non-Python files live, in a source checkout and in an installed wheel.

The repository keeps ``templates/``, ``migrations/`` and ``fixtures/`` at its top level;
the wheel force-includes them inside the package. Looking inside the package first and then one
level up finds them in both cases without copying anything in a checkout.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """Return the directory ``name`` (``templates``, ``migrations``, ``fixtures``).

    :raises FileNotFoundError: when neither the wheel nor the checkout location exists.
    """
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"sroi_plugin: shipped directory '{name}' not found")


TEMPLATES_DIR = shipped_dir("templates")
MIGRATIONS_DIR = shipped_dir("migrations")
FIXTURES_DIR = shipped_dir("fixtures")
STATIC_DIR = _PACKAGE_DIR / "static"
