"""Dutch presentation of amounts, dates and percentages (``€ 1.234.567``, ``31-12-2026``)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal


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
