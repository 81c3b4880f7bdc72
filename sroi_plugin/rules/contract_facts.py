"""The facts about one contract that the clause checks and the promising score read.

:class:`ContractFacts` lives below both ``rules/clauses.py`` (which parses it from the CLI's
JSON and checks it) and ``rules/portfolio.py`` (which scores it and owns the timing helpers the
clause checks share), so neither needs the other to name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules import values
from sroi_plugin.rules.dutch import fold
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm


@dataclass(frozen=True)
class ContractFacts:
    """What the clause checks and the promising score need to know about one contract.

    The fields are those of the CLI's JSON input; :func:`.clauses.parse_contract_facts` builds
    one from it.
    """

    #: works, services, supplies or social services
    kind: ContractKind
    #: central government (Rijksoverheid), other or special sector
    authority: AuthorityType
    #: total contract value (projectsom), excl. VAT
    value_total_eur: Decimal
    #: value per year
    value_annual_eur: Decimal
    #: wage sum (loonsom), if known
    wage_sum_eur: Decimal | None
    #: wage share of the project sum, 0..1, if known
    wage_share: Decimal | None
    start_date: date
    #: inclusive end date; None for open-ended
    end_date: date | None
    #: extension options as typed, e.g. "2x 1 jaar", "1+1+1", "geen"
    extension_options: str | None
    #: a framework agreement (raamovereenkomst)
    framework: bool
    #: procurement category (inkoopcategorie), e.g. "schoonmaak"
    category: str
    #: social-return percentage, 0..100
    sr_percentage: Decimal | None
    #: project sum or wage sum
    sr_basis: SrBasis | None
    #: contract clause, award criterion, minimum or suitability requirement
    sr_form: SrForm | None
    #: the social-return clause as written in the contract
    clause_text: str | None
    #: reference date for the timing checks
    today: date
    #: whether the contract has social return as someone said it (ja/nee/n.v.t./onbekend);
    #: ``None`` = never said. *nee* and *onbekend* differ: see :func:`.portfolio.sr_status`
    has_sr: SrApplies | None = None

    @property
    def has_sr_demand(self) -> bool:
        """A percentage above zero is asked, or there is clause text."""
        asks_percentage = self.sr_percentage is not None and self.sr_percentage > 0
        return asks_percentage or bool(self.clause_text and self.clause_text.strip())

    @property
    def extension_months(self) -> list[int]:
        """Length of each extension option in months (see :func:`parse_extension_options`)."""
        return parse_extension_options(self.extension_options)


# ----------------------------------------------------------------------- extension options


def parse_extension_options(text: str | None) -> list[int]:
    """Length in months of each extension option, in order (handreiking stap 2Ba: verlenging).

    ``2x 1 jaar`` → [12, 12]; ``1+1+1`` → [12, 12, 12] (bare numbers are years); ``2 x 6
    maanden`` → [6, 6]; ``geen``, ``n.v.t.``, empty or None → []. Read by
    :func:`.values.extension_option_months`, the importer's parser too, so the import refuses
    what these checks cannot read.

    :raises RuleInputError: (field ``extension_options``) for text it cannot read, such as
        "ja" or a bare "2", rather than guessing.
    """
    try:
        return values.extension_option_months(text)
    except values.ValueParseError as exc:
        raise RuleInputError("extension_options", f"{exc.message}.") from None


# ----------------------------------------------------------------------- the contractor

#: Length of the stored contractor key (``sroi_promising_mark.contractor_key``).
CONTRACTOR_KEY_LENGTH = 200
#: How a contractor key starts: by KvK number, or by name.
KVK_PREFIX = "kvk:"
NAME_PREFIX = "naam:"


def contractor_key(kvk: str | None, name: str | None) -> str | None:
    """The contractor (opdrachtnemer) a contract belongs to, so contracts of one contractor
    group together (handreiking stap 2Ba: "Maak gezamenlijk een top 3 van opdrachtnemers").

    ``kvk:<number>`` (whitespace removed) when the KvK number is known, else ``naam:<name>``
    folded (case and accents) with runs of whitespace made one space; ``None`` when neither is
    known. The monitoring profiles of contractors key the same way.
    """
    number = "".join((kvk or "").split())
    if number:
        return f"{KVK_PREFIX}{number}"[:CONTRACTOR_KEY_LENGTH]
    folded = " ".join(fold(name or "").split())
    return f"{NAME_PREFIX}{folded}"[:CONTRACTOR_KEY_LENGTH] if folded else None


def is_contractor_key(text: str) -> bool:
    """Whether ``text`` is a :func:`contractor_key` (and not, say, a contract's reference)."""
    return text.startswith((KVK_PREFIX, NAME_PREFIX))
