"""Dutch presentation for templates: the rules' notations plus HTML moments and code labels.

``format_eur``, ``format_date``, ``format_pct`` and ``format_moment`` live in
:mod:`sroi_plugin.rules.dutch` (the rules and the monitoring exports word their text with them)
and are re-exported here for the web layer; below ``web`` import them from there.
"""

from __future__ import annotations

__all__ = [
    "BIDI_CONTROLS",
    "BIDI_NOTICE",
    "LOCAL_TIME",
    "TERM_FIELDS",
    "format_date",
    "format_eur",
    "format_import_value",
    "format_moment",
    "format_pct",
    "isolate",
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

#: The fixed parts of the ``sroi_moment`` and ``sroi_isolate`` markup, joined to escaped text.
_TIME_OPEN = Markup('<time class="sroi-nowrap" datetime="')
_TIME_MIDDLE = Markup('">')
_TIME_CLOSE = Markup("</time>")
_BDI_OPEN = Markup("<bdi>")
_BDI_CLOSE = Markup("</bdi>")


def moment_html(value: datetime | None) -> Markup:
    """:func:`format_moment` in a ``<time>`` that does not wrap (the ``sroi_moment`` filter)."""
    if value is None:
        return Markup("")
    local = local_moment(value)
    # joined, not ``Markup.format``: that costs more than the rest of the filter
    stamp, shown = local.isoformat(timespec="minutes"), local.strftime("%d-%m-%Y %H:%M")
    return _TIME_OPEN + stamp + _TIME_MIDDLE + shown + _TIME_CLOSE


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


#: The bidirectional controls that can reorder what is shown: embeddings and overrides
#: (U+202A-U+202E), isolates (U+2066-U+2069) and the marks U+200E/U+200F (and U+061C).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

#: The notice shown before a text that holds such a control.
BIDI_NOTICE = "bevat tekens die de leesrichting omdraaien"


def isolate(value: object) -> Markup:
    """User- or file-supplied text, escaped, in a ``<bdi>`` (template filter ``sroi_isolate``).

    The ``<bdi>`` keeps the text's direction from spilling onto what surrounds it. A
    bidirectional control inside is shown as its code point (``‹U+202E›``) instead of acting,
    after a ⚠ with :data:`BIDI_NOTICE`, so ``factuur`` + U+202E + ``cod.exe`` cannot pass for
    ``factuurexe.doc``. The stored text stays as given; other characters (an emoji's zero-width
    joiner) are shown unchanged. ``None`` shows as nothing.
    """
    if value is None:
        return Markup("")
    escaped = Markup.escape(value)
    if BIDI_CONTROLS.isdisjoint(escaped):
        return _BDI_OPEN + escaped + _BDI_CLOSE  # joined: ``Markup.format`` costs more
    # The controls are no part of HTML's syntax: replacing them in the escaped text (or in a
    # message that is markup already) leaves the rest as it was.
    shown = escaped
    for control in sorted(BIDI_CONTROLS & set(escaped)):
        code = Markup('<span class="sroi-bidi-code">‹U+{:04X}›</span>').format(ord(control))
        shown = shown.replace(control, code)
    return Markup(
        '<bdi class="sroi-bidi" title="Let op: {notice}">'
        '<span class="sroi-bidi-notice">⚠ <span class="sroi-bidi-said">{notice}: </span></span>'
        "{shown}</bdi>"
    ).format(notice=BIDI_NOTICE, shown=shown)
