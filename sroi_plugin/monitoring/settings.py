"""The organisation's monitoring settings, read from the app config."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sroi_plugin.config import memoise_per_overrides
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import load_monitoring_settings

_settings_for = memoise_per_overrides(load_monitoring_settings)


def monitoring_settings(config: Mapping[str, Any]) -> MonitoringSettings:
    """Norms, rates and vocabulary after ``SROI_MONITORING`` (checked at start-up)."""
    return _settings_for(config.get("SROI_MONITORING") or {})


def target_jobs(config: Mapping[str, Any]) -> Decimal | None:
    """``SROI_BANENAFSPRAAK_TARGET_JOBS`` as a number, ``None`` when 0 (no target shown)."""
    value = Decimal(str(config.get("SROI_BANENAFSPRAAK_TARGET_JOBS") or 0))
    return value if value > 0 else None


def max_upload_bytes(config: Mapping[str, Any]) -> int:
    """``SROI_MAX_UPLOAD_MB`` in bytes."""
    return int(Decimal(str(config["SROI_MAX_UPLOAD_MB"])) * 1024 * 1024)
