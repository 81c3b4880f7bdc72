"""Dutch display of monitoring figures: moments (``25-11-2026 14:05``) and numbers (``1.234,5``)."""

from __future__ import annotations

from datetime import UTC
from datetime import tzinfo
from decimal import ROUND_HALF_UP
from decimal import Decimal
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

try:
    _LOCAL: tzinfo = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without tz data shows UTC
    _LOCAL = UTC


def format_number(value: Decimal | int | None, places: int = 2) -> str:
    """``1.234,5``: thousands with dots, a decimal comma, at most ``places`` decimals."""
    if value is None:
        return ""
    number = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
