"""Dutch presentation of amounts, dates, moments and percentages (`€ 1.234.567`, `31-12-2026`)."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import tzinfo
from decimal import ROUND_HALF_UP
from decimal import Decimal
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

from markupsafe import Markup

try:
    #: Dutch civil time, for showing stored UTC moments.
    LOCAL_TIME: tzinfo = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # pragma: no cover - a machine without a tz database
    LOCAL_TIME = UTC


def _group_thousands(whole: int) -> str:
    return f"{whole:,}".replace(",", ".")


def format_eur(amount: Decimal | int | None, *, cents: bool = False) -> str:
    """``€ 1.234.567`` (whole euros) or ``€ 1.234.567,89`` with ``cents``; empty for ``None``."""
    if amount is None:
        return ""
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if not cents:
        return f"€ {sign}{_group_thousands(int(value.quantize(Decimal(1), ROUND_HALF_UP)))}"
    rounded = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    whole, fraction = divmod(rounded, 1)
    return f"€ {sign}{_group_thousands(int(whole))},{int(fraction * 100):02d}"


def format_date(value: date | None) -> str:
    """``31-12-2026``; empty for ``None``."""
    return value.strftime("%d-%m-%Y") if value is not None else ""


def format_pct(value: Decimal | float | int | None) -> str:
    """``5%``, ``2,5%``; empty for ``None``."""
    if value is None:
        return ""
    text = f"{Decimal(str(value)).normalize():f}".replace(".", ",")
    return f"{text}%"


def _local(value: datetime) -> datetime:
    """Stored timestamps are UTC; SQLite hands them back without a zone."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TIME)


def format_moment(value: datetime | None) -> str:
    """``25-11-2026 14:03`` in Dutch time; empty for ``None``."""
    return _local(value).strftime("%d-%m-%Y %H:%M") if value is not None else ""


def moment_html(value: datetime | None) -> Markup:
    """:func:`format_moment` in a ``<time>`` that does not wrap (the ``sroi_moment`` filter)."""
    if value is None:
        return Markup("")
    local = _local(value)
    return Markup('<time class="sroi-nowrap" datetime="{}">{}</time>').format(
        local.isoformat(timespec="minutes"), local.strftime("%d-%m-%Y %H:%M")
    )
