"""Organisation settings are built once per override set, and a changed override is seen."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sroi_plugin.config import memoise_per_overrides
from sroi_plugin.monitoring.settings import monitoring_settings


def test_same_overrides_build_once_changed_overrides_build_again() -> None:
    calls: list[Mapping[str, Any]] = []

    def load(overrides: Mapping[str, Any]) -> tuple[str, ...]:
        calls.append(overrides)
        return tuple(sorted(overrides))

    cached = memoise_per_overrides(load)
    first = cached({"valuation": {"leerwerkplek": {"amount": "30"}}})
    again = cached({"valuation": {"leerwerkplek": {"amount": "30"}}})
    changed = cached({"valuation": {"leerwerkplek": {"amount": "35"}}})
    assert first is again
    assert len(calls) == 2
    assert changed == ("valuation",)


def test_monitoring_settings_follow_the_app_config() -> None:
    config: dict[str, Any] = {"SROI_MONITORING": {}}
    default = monitoring_settings(config)
    config["SROI_MONITORING"] = {"hours_per_job_week": "30"}
    assert monitoring_settings(config).hours_per_job_week == Decimal("30")
    config["SROI_MONITORING"] = {}
    assert monitoring_settings(config) is default
