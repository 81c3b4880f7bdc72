"""The rule tables with the organisation's overrides, memoised per override value.

The EU thresholds (``SROI_THRESHOLDS``) and the norms (``SROI_NORMS``) are checked at start-up
(:func:`sroi_plugin.config.check_config`); views and the CLI read them here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

from sroi_plugin.config import memoise_per_overrides
from sroi_plugin.rules.norms import Norms
from sroi_plugin.rules.norms import load_norms
from sroi_plugin.rules.thresholds import ThresholdTable
from sroi_plugin.rules.thresholds import load_threshold_table

_table_for = memoise_per_overrides(load_threshold_table)


def threshold_table() -> ThresholdTable:
    """The EU thresholds and limits with ``SROI_THRESHOLDS`` applied (checked at start-up)."""
    return _table_for(current_app.config["SROI_THRESHOLDS"])


_norms_for = memoise_per_overrides(load_norms)


def norms_from(config: Mapping[str, Any]) -> Norms:
    """The norms with the organisation's ``SROI_NORMS`` overrides applied."""
    return _norms_for(config["SROI_NORMS"])


def current_norms() -> Norms:
    """The norms of the current app (views and CLI)."""
    return norms_from(current_app.config)
