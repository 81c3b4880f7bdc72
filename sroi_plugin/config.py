"""The ``SROI_*`` settings, their defaults and their start-up checks.

Each key is documented in the README's configuration table; a docs test keeps the two in step.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from typing import TypeVar

from sroi_plugin.errors import ConfigError
from sroi_plugin.rules.field_owners import field_owners
from sroi_plugin.rules.monitoring import default_monitoring_settings
from sroi_plugin.rules.monitoring import load_monitoring_settings
from sroi_plugin.rules.norms import load_norms
from sroi_plugin.rules.portfolio_sync import DEFAULT_MAX_MISSING_SHARE
from sroi_plugin.rules.task_deadlines import load_task_due_days
from sroi_plugin.rules.thresholds import load_threshold_table
from sroi_plugin.rules.valuation import ValuationTable
from sroi_plugin.rules.valuation import parse_table
from sroi_plugin.rules.valuation import shipped_table_data
from sroi_plugin.rules.valuation import shipped_table_names

#: Every setting the plugin reads, with its default. ``init_app`` fills them with ``setdefault``.
DEFAULTS: Mapping[str, Any] = {
    "SROI_URL_PREFIX": "/sroi",
    "SROI_LAYOUT_TEMPLATE": "sroi/layout.html",
    "SROI_DATABASE_URI": None,
    "SROI_TRUSTED_HEADERS": False,
    "SROI_HEADER_USER_ID": "X-Remote-User",
    "SROI_HEADER_USER_NAME": "X-Remote-Name",
    "SROI_HEADER_ROLES": "X-Remote-Roles",
    "SROI_TODAY": None,
    "SROI_MAX_UPLOAD_MB": 50,
    # share of the active portfolio a portfolio import may mark "niet in laatste export"
    # without an explicit confirmation (rules.portfolio_sync.missing_needs_confirmation)
    "SROI_IMPORT_MAX_MISSING_SHARE": DEFAULT_MAX_MISSING_SHARE,
    # the work one portfolio upload may take, in cells (rows × columns); the byte limits on
    # the workbook's sheets and shared strings follow from it (importing.safety.ReadBudget;
    # the same number as its DEFAULT_PORTFOLIO_MAX_CELLS, which a test keeps in step)
    "SROI_IMPORT_MAX_CELLS": 10_000_000,
    # uploads with more rows than this are read and previewed as a background job
    "SROI_BACKGROUND_IMPORT_ROWS": 5_000,
    # where background jobs run: "thread" (in the web process) or "rq" (RQ workers via Redis)
    "SROI_JOB_RUNNER": "thread",
    # the Redis server of the "rq" runner, e.g. "redis://127.0.0.1:6379/0"
    "SROI_REDIS_URL": None,
    # organisation overrides of the EU thresholds / modification limits; the shape of
    # rules/data/eu_thresholds.json, passed to rules.thresholds.load_threshold_table
    "SROI_THRESHOLDS": MappingProxyType({}),
    # organisation overrides of the social-return norms: a flat mapping with the keys
    # of rules/data/norms.json's "norms" object, passed to rules.norms.load_norms
    "SROI_NORMS": MappingProxyType({}),
    # monitoring: overrides for rules.monitoring.load_monitoring_settings (norms such
    # as hours_per_job_week and small_number_threshold, and valuation rates per placement type)
    "SROI_MONITORING": MappingProxyType({}),
    # organisation target of banenafspraak jobs on the monitoring dashboard; 0 = no target shown
    "SROI_BANENAFSPRAAK_TARGET_JOBS": 0,
    # bouwblokken valuation of monitoring reports: the name of a shipped table
    # (rules/data/valuation/<name>.json) or the path of a JSON file; None = the reported costs
    "SROI_VALUATION_TABLE": None,
    # days after the date of a change allowed with publication by which its modification
    # notice is due: the organisation's own term (the law sets none)
    "SROI_NOTICE_DAYS": 30,
    # days from the start of a partnership step to its tasks' due date, per step; overrides
    # of rules.task_deadlines.DEFAULT_TASK_DUE_DAYS (e.g. {"3": 120})
    "SROI_TASK_DUE_DAYS": MappingProxyType({}),
    # who owns a contract field on a register import: "register" (the export wins) or
    # "plugin" (an edit in a panel is kept until procurement chooses); overrides of
    # rules.field_owners.DEFAULT_OWNERS, e.g. {"sr_percentage": "register"}
    "SROI_FIELD_OWNERS": MappingProxyType({}),
}


def check_config(config: Mapping[str, Any]) -> None:
    """Fail at start-up, naming the key, when a setting cannot work."""
    prefix = config["SROI_URL_PREFIX"]
    if not isinstance(prefix, str) or not prefix.startswith("/") or prefix.endswith("/"):
        raise ConfigError(
            f"SROI_URL_PREFIX must start with '/' and not end with one, got {prefix!r}"
        )
    today = config["SROI_TODAY"]
    if today is not None and not isinstance(today, date):
        try:
            date.fromisoformat(str(today))
        except ValueError as exc:
            raise ConfigError(
                f"SROI_TODAY must be an ISO date (YYYY-MM-DD), got {today!r}"
            ) from exc
    max_mb = config["SROI_MAX_UPLOAD_MB"]
    if not isinstance(max_mb, int | float) or max_mb <= 0:
        raise ConfigError(f"SROI_MAX_UPLOAD_MB must be a positive number, got {max_mb!r}")
    _check_share("SROI_IMPORT_MAX_MISSING_SHARE", config["SROI_IMPORT_MAX_MISSING_SHARE"])
    max_cells = config["SROI_IMPORT_MAX_CELLS"]
    if isinstance(max_cells, bool) or not isinstance(max_cells, int) or max_cells <= 0:
        raise ConfigError(
            f"SROI_IMPORT_MAX_CELLS must be a positive whole number, got {max_cells!r}"
        )
    notice_days = config["SROI_NOTICE_DAYS"]
    if (
        isinstance(notice_days, bool)
        or not isinstance(notice_days, int)
        or not 1 <= notice_days <= 366
    ):
        raise ConfigError(
            f"SROI_NOTICE_DAYS must be a whole number of days from 1 to 366, got {notice_days!r}"
        )
    _check_jobs(config)
    _check_thresholds(config["SROI_THRESHOLDS"])
    task_due_days(config)
    _check_norms(config["SROI_NORMS"])
    _check_monitoring(config["SROI_MONITORING"], config["SROI_BANENAFSPRAAK_TARGET_JOBS"])
    valuation_table(config)
    field_owners(config["SROI_FIELD_OWNERS"])
    if not config.get("SECRET_KEY"):
        raise ConfigError("SECRET_KEY is required: the plugin signs CSRF tokens with it")


def _check_share(key: str, value: object) -> None:
    """A share: a number from 0 to 1 (``0.2`` = 20%)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ConfigError(f"{key} must be a number from 0 to 1 (0.2 = 20%), got {value!r}")
    share = Decimal(str(value))
    if not share.is_finite() or not 0 <= share <= 1:
        raise ConfigError(f"{key} must be a number from 0 to 1 (0.2 = 20%), got {value!r}")


def _check_thresholds(overrides: object) -> None:
    """``SROI_THRESHOLDS`` must build a valid threshold table."""
    if not isinstance(overrides, Mapping):
        raise ConfigError(
            f"SROI_THRESHOLDS must be a mapping like eu_thresholds.json, got {overrides!r}"
        )
    try:
        load_threshold_table(overrides)
    except ConfigError as exc:
        raise ConfigError(f"SROI_THRESHOLDS: {exc}") from exc


def _check_norms(overrides: object) -> None:
    """``SROI_NORMS`` must build valid norms: known keys, usable values."""
    if not isinstance(overrides, Mapping):
        raise ConfigError(
            f"SROI_NORMS must be a mapping of norm overrides like norms.json, got {overrides!r}"
        )
    try:
        load_norms(overrides)
    except ConfigError as exc:
        raise ConfigError(f"SROI_NORMS: {exc}") from exc


def _check_monitoring(overrides: object, target_jobs: object) -> None:
    """``SROI_MONITORING`` must build valid monitoring settings; the job target is a number ≥ 0."""
    if not isinstance(overrides, Mapping):
        raise ConfigError(
            "SROI_MONITORING must be a mapping of monitoring settings "
            f"(e.g. {{'small_number_threshold': 5}}), got {overrides!r}"
        )
    try:
        load_monitoring_settings(overrides)
    except ConfigError as exc:
        raise ConfigError(f"SROI_MONITORING: {exc}") from exc
    if isinstance(target_jobs, bool) or not isinstance(target_jobs, int | float | Decimal):
        raise ConfigError(
            f"SROI_BANENAFSPRAAK_TARGET_JOBS must be a number of jobs (0 = no target), "
            f"got {target_jobs!r}"
        )
    if not Decimal(str(target_jobs)).is_finite() or target_jobs < 0:
        raise ConfigError(
            f"SROI_BANENAFSPRAAK_TARGET_JOBS must be 0 or more, got {target_jobs!r}"
        )


@cache
def _valuation_table(spec: str) -> ValuationTable:
    """Read and check a table once per process (a shipped name, else a file path)."""
    raw = shipped_table_data(spec)
    if raw is None:
        path = Path(spec)
        if not path.is_file():
            raise ConfigError(
                f"SROI_VALUATION_TABLE: {spec!r} is no shipped table "
                f"({', '.join(shipped_table_names())}) and no readable JSON file"
            )
        try:
            raw = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(f"SROI_VALUATION_TABLE: {spec!r} cannot be read: {exc}") from exc
    groups = default_monitoring_settings().target_groups
    return parse_table(raw, target_groups=groups, origin=spec)


def valuation_table(config: Mapping[str, Any]) -> ValuationTable | None:
    """The bouwblokken table of ``SROI_VALUATION_TABLE``; ``None`` when none is configured.

    :raises ConfigError: unknown name, unreadable file or invalid table (checked at start-up).
    """
    spec = config.get("SROI_VALUATION_TABLE")
    if spec is None or spec == "":
        return None
    if not isinstance(spec, str | Path):
        raise ConfigError(f"SROI_VALUATION_TABLE must be a table name or a path, got {spec!r}")
    return _valuation_table(str(spec))


def task_due_days(config: Mapping[str, Any]) -> Mapping[str, int]:
    """Days from a step's start to its tasks' due date (``SROI_TASK_DUE_DAYS`` over the
    defaults of :mod:`~sroi_plugin.rules.task_deadlines`).

    :raises ConfigError: naming the key, for a value that is no mapping of steps to days.
    """
    overrides = config["SROI_TASK_DUE_DAYS"]
    if not isinstance(overrides, Mapping):
        raise ConfigError(
            f"SROI_TASK_DUE_DAYS must be a mapping of step to days, got {overrides!r}"
        )
    return load_task_due_days(overrides)


def _check_jobs(config: Mapping[str, Any]) -> None:
    """The background-import settings: a row count, a known runner, Redis for ``rq``."""
    rows = config["SROI_BACKGROUND_IMPORT_ROWS"]
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
        raise ConfigError(
            f"SROI_BACKGROUND_IMPORT_ROWS must be a whole number of rows (0 or more), got {rows!r}"
        )
    runner = config["SROI_JOB_RUNNER"]
    if runner not in ("thread", "rq"):
        raise ConfigError(f"SROI_JOB_RUNNER must be 'thread' or 'rq', got {runner!r}")
    if runner == "rq" and not config["SROI_REDIS_URL"]:
        raise ConfigError("SROI_REDIS_URL is required when SROI_JOB_RUNNER is 'rq'")


def today_from(config: Mapping[str, Any]) -> date:
    """The date the rules treat as today: ``SROI_TODAY`` if set (demos, tests), else the clock."""
    value = config["SROI_TODAY"]
    if value is None:
        return date.today()
    return value if isinstance(value, date) else date.fromisoformat(str(value))


_Settings = TypeVar("_Settings")
#: distinct override sets kept per loader (tests switch between a few; production has one)
_MEMO_SIZE = 8


def _frozen(value: object) -> Hashable:
    """A hashable snapshot of an overrides value (mappings, lists, numbers, text)."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(key), _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value if isinstance(value, Hashable) else repr(value)


def memoise_per_overrides(
    load: Callable[[Mapping[str, Any]], _Settings],
) -> Callable[[Mapping[str, Any]], _Settings]:
    """Build the settings of one override mapping once per process, not on every request.

    The loaders read a JSON file and validate every override (the monitoring vocabulary alone
    costs about 1 ms); their results are frozen dataclasses, so sharing them is safe. The cache
    key is the overrides' content, so a changed ``app.config`` value is picked up.
    """
    built: dict[Hashable, _Settings] = {}

    def cached(overrides: Mapping[str, Any]) -> _Settings:
        key = _frozen(overrides)
        if key not in built:
            if len(built) >= _MEMO_SIZE:
                built.clear()
            built[key] = load(overrides)
        return built[key]

    return cached
