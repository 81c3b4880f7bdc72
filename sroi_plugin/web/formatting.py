"""Dutch presentation for templates: the rules' notations plus HTML moments and code labels.

``format_eur``, ``format_date``, ``format_pct`` and ``format_moment`` live in
:mod:`sroi_plugin.rules.dutch` (the rules and the monitoring exports word their text with them)
and are re-exported here for the web layer; below ``web`` import them from there.
"""

from __future__ import annotations

__all__ = [
    "LOCAL_TIME",
    "TERM_FIELDS",
    "format_date",
    "format_eur",
    "format_import_value",
    "format_moment",
    "format_pct",
    "moment_html",
    "term_label",
]

from datetime import datetime

from markupsafe import Markup

from sroi_plugin.rules.dutch import LOCAL_TIME
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.dutch import format_moment
from sroi_plugin.rules.dutch import format_pct
from sroi_plugin.rules.dutch import local_moment
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import ContractStatus
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.rules.vocabulary import Ground
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm
from sroi_plugin.rules.vocabulary import Term
from sroi_plugin.rules.vocabulary import Verdict
from sroi_plugin.services.change_drafts import parse_amount_text
from sroi_plugin.services.change_drafts import parse_date_text


def moment_html(value: datetime | None) -> Markup:
    """:func:`format_moment` in a ``<time>`` that does not wrap (the ``sroi_moment`` filter)."""
    if value is None:
        return Markup("")
    local = local_moment(value)
    return Markup('<time class="sroi-nowrap" datetime="{}">{}</time>').format(
        local.isoformat(timespec="minutes"), local.strftime("%d-%m-%Y %H:%M")
    )


#: The stored fields that hold a closed-list code, with their vocabulary.
TERM_FIELDS: dict[str, type[Term]] = {
    "kind": ContractKind,
    "authority_type": AuthorityType,
    "has_sr": SrApplies,
    "sr_basis": SrBasis,
    "sr_form": SrForm,
    "status": ContractStatus,
    "decision": Decision,
    "ground": Ground,
    "verdict": Verdict,
}


def term_label(value: object, field: str) -> str:
    """The Dutch label of a stored code (template filter ``sroi_term``): ``works`` → ``werk``.

    Any word of the list gives its label too (history text written before the codes were
    English); ``""`` for empty, an unknown value as it is.
    """
    if value is None or value == "":
        return ""
    term = TERM_FIELDS[field].lookup(str(value))
    return term.label if term is not None else str(value)


def format_import_value(text: str | None) -> str:
    """An old or new value a re-import saw, in Dutch notation when it is a date or an amount
    (template filter ``sroi_import_value``)."""
    if not text:
        return "—"
    day = parse_date_text(text)
    if day is not None:
        return format_date(day)
    amount = parse_amount_text(text)
    if amount is not None:
        return format_eur(amount, cents=amount != amount.to_integral_value())
    return text
