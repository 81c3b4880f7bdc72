"""What the import preview names: new and missing contracts, conflicts and overwrites.

The preview's findings are kept with the upload as plain JSON (:meth:`ImportResult.summary
<sroi_plugin.importing.result.ImportResult.summary>`); this module turns them into rows the
template shows, each with a link to its contract (:func:`~sroi_plugin.web.contract_links.
contract_link`), and reads procurement's choices on the conflicts back from the confirm form.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from typing import Final

from sroi_plugin.importing.conflicts import CHOICES
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur

__all__ = [
    "CHOOSE_ALL_FIELD",
    "PreviewLists",
    "choice_field",
    "conflict_choices",
    "posted_choices",
    "preview_lists",
    "unresolved_notice",
]

#: the confirm form's field that chooses for every conflict at once
CHOOSE_ALL_FIELD: Final = "keuze_alle"
_CHOICE_PREFIX: Final = "keuze:"
#: longer values (a clause text) are cut in the preview's lists
_SHOWN_LENGTH: Final = 160


def choice_field(key: str) -> str:
    """The confirm form's field of one conflict (its value ``plugin`` or ``export``)."""
    return _CHOICE_PREFIX + key


@dataclass(frozen=True, slots=True)
class PreviewLists:
    """The rows of the preview's lists (display text; user and file text still unescaped)."""

    new: list[dict[str, Any]]
    #: missing contracts whose end date lies before today: they simply ended
    ended: list[dict[str, Any]]
    #: missing contracts that still run (or have no end date): vanished from the register
    vanished: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    overwrites: list[dict[str, Any]]


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def _day(text: str | None) -> str:
    return format_date(date.fromisoformat(text)) if text else ""


def preview_lists(
    summary: Mapping[str, Any],
    *,
    link: Callable[[str], str],
    show: Callable[[str, Any], str],
    labels: Mapping[str, str],
) -> PreviewLists:
    """The preview's lists from the kept summary.

    :param link: contract number → the page to link (the host's, else the plugin's)
    :param show: field, value → the value as Dutch users read it
    :param labels: field → its Dutch name
    """
    new = [
        {
            **item,
            "link": link(item["ref"]),
            "value": "—"
            if item["value_total"] is None
            else format_eur(Decimal(item["value_total"]), cents=None),
        }
        for item in summary.get("new_contracts", [])
    ]
    missing = [
        {**item, "link": link(item["ref"]), "end": _day(item["end_date"]) or "geen einddatum"}
        for item in summary.get("missing_contracts", [])
    ]

    def edited(item: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **item,
            "link": link(item["ref"]),
            "label": labels.get(item["field"], item["field"]),
            "plugin": _cut(show(item["field"], item["plugin_value"])),
            "export": _cut(show(item["field"], item["export_value"])),
            "on": _day(item["edited_at"]),
        }

    return PreviewLists(
        new=new,
        ended=[item for item in missing if item["ended"]],
        vanished=[item for item in missing if not item["ended"]],
        conflicts=[
            {**edited(item), "name": choice_field(item["key"])}
            for item in summary.get("conflicts", [])
        ],
        overwrites=[edited(item) for item in summary.get("overwrites", [])],
    )


def conflict_choices(
    form: Mapping[str, str], summary: Mapping[str, Any]
) -> tuple[dict[str, str], str | None]:
    """Procurement's choices from the confirm form: per conflict key, and for all.

    Only the conflicts the preview showed and the two choices count; anything else posted is
    ignored (as if not chosen).
    """
    keys = [item["key"] for item in summary.get("conflicts", [])]
    choices = {
        key: form[choice_field(key)] for key in keys if form.get(choice_field(key)) in CHOICES
    }
    choose_all = form.get(CHOOSE_ALL_FIELD)
    return choices, choose_all if choose_all in CHOICES else None


def posted_choices(form: Mapping[str, str]) -> dict[str, str]:
    """The choice fields as posted, so a refused confirm shows them chosen again."""
    return {
        name: form[name]
        for name in form
        if (name == CHOOSE_ALL_FIELD or name.startswith(_CHOICE_PREFIX)) and form[name] in CHOICES
    }


def unresolved_notice(result: ImportResult, summary: Mapping[str, Any]) -> str | None:
    """The Dutch message of a confirm with conflicts nobody chose on (``None`` when none)."""
    return open_conflicts_notice([item.key for item in result.unresolved_conflicts()], summary)


def open_conflicts_notice(open_keys: Sequence[str], summary: Mapping[str, Any]) -> str | None:
    """The Dutch message of a confirm that leaves the conflicts ``open_keys`` unchosen."""
    if not open_keys:
        return None
    shown = {item["key"] for item in summary.get("conflicts", [])}
    message = (
        f"Er is niets opgeslagen: kies bij {len(open_keys)} conflict(en) of de waarde uit "
        "de plugin blijft of de waarde uit de export wordt overgenomen (per conflict of voor "
        "alle conflicten tegelijk)."
    )
    if any(key not in shown for key in open_keys):
        message += " Na de voorvertoning is er in de plugin nog een veld gewijzigd; het staat "
        message += "nu bij de conflicten."
    return message
