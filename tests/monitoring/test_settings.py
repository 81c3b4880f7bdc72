"""``SROI_MONITORING`` is checked at start-up; the panel and the import use its values."""

from __future__ import annotations

import pytest

from sroi_plugin.demo import create_app
from sroi_plugin.errors import ConfigError


def _app(database_url: str, **config: object) -> object:
    return create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_url, **config})


def test_defaults_are_an_empty_mapping_and_no_target(database_url: str) -> None:
    app = _app(database_url)
    assert dict(app.config["SROI_MONITORING"]) == {}  # type: ignore[attr-defined]
    assert app.config["SROI_BANENAFSPRAAK_TARGET_JOBS"] == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"hours_per_week": 25}, "SROI_MONITORING: Unknown SROI monitoring settings"),
        (
            {"small_number_threshold": 0},
            "SROI_MONITORING: SROI monitoring setting 'small_number_threshold'",
        ),
        ({"valuation": {"zwemles": {"amount": 1}}}, "unknown placement types"),
        ("25.5", "SROI_MONITORING must be a mapping"),
    ],
)
def test_bad_settings_fail_at_start_up_naming_the_key(
    database_url: str, value: object, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        _app(database_url, SROI_MONITORING=value)


def test_good_overrides_are_accepted(database_url: str) -> None:
    app = _app(
        database_url,
        SROI_MONITORING={
            "small_number_threshold": 5,
            "valuation": {"leerwerkplek": {"amount": "0.5"}},
        },
        SROI_BANENAFSPRAAK_TARGET_JOBS=12.5,
    )
    assert app.config["SROI_MONITORING"]["small_number_threshold"] == 5  # type: ignore[attr-defined]
