"""Dutch notation and text folding shared by the rules' explanations and the web layer.

Pure helpers, no rules: ``€ 1.234.567``, ``31-12-2026``, ``2,5%``, ``25-11-2026 14:03`` (a
stored UTC moment in Dutch time), and the case- and accent-insensitive form of Dutch text that
the word lists match against.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import tzinfo
from decimal import ROUND_HALF_UP
from decimal import Decimal
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

_CENT = Decimal("0.01")

try:
    #: Dutch civil time, for showing stored UTC moments.
    LOCAL_TIME: tzinfo = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # pragma: no cover - a machine without a tz database
    LOCAL_TIME = UTC


def _group_thousands(whole: int) -> str:
    return f"{whole:,}".replace(",", ".")


def format_eur(amount: Decimal | int | None, *, cents: bool | None = False) -> str:
    """``€ 1.234.567``; empty for ``None``.

    :param cents: ``False`` rounds to whole euros (panels), ``True`` always shows cents
        (``€ 1.234.567,00``, legal amounts), ``None`` shows cents only when there are any.
    """
    if amount is None:
        return ""
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    rounded = abs(value).quantize(_CENT, ROUND_HALF_UP)
    if cents is False:
        whole_euros = int(abs(value).quantize(Decimal(1), ROUND_HALF_UP))
        return f"€ {sign}{_group_thousands(whole_euros)}"
    whole, fraction = divmod(rounded, 1)
    if cents is None and fraction == 0:
        return f"€ {sign}{_group_thousands(int(whole))}"
    return f"€ {sign}{_group_thousands(int(whole))},{int(fraction * 100):02d}"


def format_date(value: date | None) -> str:
    """``31-12-2026``; empty for ``None``."""
    return value.strftime("%d-%m-%Y") if value is not None else ""


def local_moment(value: datetime) -> datetime:
    """A stored moment in Dutch time; stored timestamps are UTC (SQLite hands them back naive)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TIME)


def format_moment(value: datetime | None) -> str:
    """``25-11-2026 14:03`` in Dutch time; empty for ``None``."""
    return local_moment(value).strftime("%d-%m-%Y %H:%M") if value is not None else ""


def format_pct(value: Decimal | float | int | None) -> str:
    """A percentage in points as ``5%`` or ``2,5%``; empty for ``None``."""
    if value is None:
        return ""
    text = f"{Decimal(str(value)).normalize():f}".replace(".", ",")
    return f"{text}%"


def fold(text: str) -> str:
    """Case- and accent-insensitive form of Dutch text ("Eén" → "een"): NFKD, no marks, casefold."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
