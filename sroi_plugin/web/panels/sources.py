"""What the clause and overview panels say about where a value comes from.

* "export differs": procurement kept a panel edit over the register's export, so the
  contract manager reads that the export says something else, and who chose when;
* "taken from the export": an import took the export's value over a panel edit;
* the overview's obligation ("5% van de loonsom") names each part's source when the
  percentage and its basis come from different sources (:func:`mixed_sources`).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import local_moment
from sroi_plugin.services.field_sources import PLUGIN_SOURCE
from sroi_plugin.services.field_sources import FieldSource
from sroi_plugin.services.field_sources import field_sources
from sroi_plugin.web.portfolio.sync import FIELD_LABELS
from sroi_plugin.web.portfolio.sync import display_value

__all__ = ["OBLIGATION_FIELDS", "SourceLine", "mixed_sources", "source_lines", "sources_of"]

#: the overview's obligation: a percentage of a basis
OBLIGATION_FIELDS: Final = ("sr_percentage", "sr_basis")
#: values longer than this (a clause text) are cut in a line
_SHOWN_LENGTH: Final = 80


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One sentence on a field's source (plain text; the template escapes it)."""

    field: str
    text: str
    #: the export says something else than the plugin keeps
    differs: bool


def _shown(name: str, value: object) -> str:
    text = display_value(name, value)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def _when(source: FieldSource) -> str:
    return format_date(local_moment(source.at).date()) if source.at is not None else ""


def sources_of(contract: Contract, fields: Iterable[str]) -> Mapping[str, FieldSource]:
    """The source of each of ``fields`` of ``contract`` (see :func:`field_sources`)."""
    return field_sources(current_session(), contract.id, fields)


def source_lines(contract: Contract, sources: Mapping[str, FieldSource]) -> list[SourceLine]:
    """Lines for the fields whose export differs or whose export value replaced an edit."""
    lines: list[SourceLine] = []
    for name, source in sources.items():
        label = FIELD_LABELS.get(name, name)
        current = _shown(name, getattr(contract, name))
        if source.export_differs:
            lines.append(
                SourceLine(
                    name,
                    f"{label}: de export zegt {_shown(name, source.export_value)}; in "
                    f"de plugin staat {current} (gekozen door {source.by} op {_when(source)}).",
                    True,
                )
            )
        elif source.took_export:
            lines.append(
                SourceLine(
                    name,
                    f"{label}: de waarde uit de export ({current}) is overgenomen in plaats van "
                    f"de wijziging in de plugin (gekozen door {source.by} op {_when(source)}).",
                    False,
                )
            )
    return lines


def mixed_sources(sources: Mapping[str, FieldSource]) -> Mapping[str, str] | None:
    """Per part of the obligation its source label, when percentage and basis come from
    different sources; ``None`` when they share one (nothing to say).

    :param sources: at least the percentage's and the basis's (:func:`sources_of`)
    """
    obligation = {name: sources[name] for name in OBLIGATION_FIELDS}
    kinds = {source.source for source in obligation.values()}
    if len(kinds) < 2:
        return None
    return {
        name: (f"in de plugin, {source.by}" if source.by else "in de plugin")
        if source.source == PLUGIN_SOURCE
        else "uit het contractregister"
        for name, source in obligation.items()
    }
