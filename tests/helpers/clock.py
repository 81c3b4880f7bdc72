"""The date the tests treat as today."""

from __future__ import annotations

from datetime import date

#: The date the tests treat as today (SROI_TODAY), so term calculations are stable.
TODAY = date(2026, 11, 25)
