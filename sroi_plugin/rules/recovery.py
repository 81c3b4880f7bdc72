"""From "achter op schema" to a conversation: the progress meeting's agenda item.

Handreiking stap 4a: monitoring is part of the partnership — progress is discussed in the
partnership's progress meetings, where the action plan guides the agenda; and stap 1: a
partnership rests on trust, not on percentages and fines. When realisation lags, the next
progress meeting gets one item with the figures; what is agreed there to catch up is recorded
as the meeting's action items, which every later agenda carries until they are done.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from sroi_plugin.rules.agendas import AgendaItem
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.dutch import format_pct
from sroi_plugin.rules.monitoring import Progress

#: the meeting kind whose agenda gets the item
PROGRESS_MEETING = "voortgang"
#: stored as the item's ``source``: one item per contract and meeting, updated, never doubled
SOURCE_PREFIX = "monitoring: achter op schema"
#: the agenda item's source column holds 300 characters
_SOURCE_MAX = 300


def _whole(fraction: Decimal) -> Decimal:
    return (fraction * 100).quantize(Decimal(1), ROUND_HALF_UP)


def recovery_source(contract_ref: str) -> str:
    """The ``source`` of a contract's item: ``monitoring: achter op schema (GEM-2025-0001)``."""
    return f"{SOURCE_PREFIX} ({contract_ref})"[:_SOURCE_MAX]


def recovery_item(contract_ref: str, result: Progress, today: date) -> AgendaItem:
    """The agenda item for a contract behind schedule, with the figures of ``today``.

    Source: handreiking stap 4a (discuss progress in the progress meetings; the action plan
    guides the agenda) and stap 1 (steer on the partnership, not on the percentage).
    """
    return AgendaItem(
        title=f"Social return achter op schema: contract {contract_ref}",
        description=(
            f"Gerealiseerd {format_eur(result.realised)} van de verplichting van "
            f"{format_eur(result.obligation)} ({format_pct(_whole(result.fraction_realised))}), "
            f"terwijl {format_pct(_whole(result.fraction_elapsed))} van de looptijd voorbij is "
            f"(stand {format_date(today)})."
        ),
        source=recovery_source(contract_ref),
        points=(
            "Waar knelt het bij de opdrachtnemer, en waar bij ons?",
            "Welke acties uit het actieplan helpen om bij te komen (stap 3a: vacatures, "
            "werkervaringsplaatsen, personeelsschouw)?",
            "Leg de afgesproken herstelacties vast als actiepunt met eigenaar en termijn.",
        ),
    )
