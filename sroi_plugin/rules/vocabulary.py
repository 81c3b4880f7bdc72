"""The domain's closed lists, defined once: stored code, Dutch label, and the words people use.

Every closed list of the plugin (contract kind, authority type, social-return answer, basis and
form, modification grounds, verdicts, legal decisions, roles) is a :class:`Term` enum here. A
member is its stored code (English, ``snake_case``; the database's CHECK constraints are built
from these enums), carries the Dutch ``label`` the screens show and the ``synonyms`` people
write for it in exports, forms and JSON (Dutch, English, abbreviations). The importer, the
forms, the monitoring reader and every ``--json`` CLI read words through :meth:`Term.lookup`
(or :func:`sroi_plugin.rules.values.parse_term`, which adds the Dutch error message), so a word
accepted in one place is accepted in all.

Modelled on :class:`http.HTTPStatus`: an enum whose members carry their phrase.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any
from typing import Self

from sroi_plugin.rules.dutch import fold

__all__ = [
    "AuthorityType",
    "ContractKind",
    "ContractStatus",
    "Decision",
    "Ground",
    "Role",
    "SrApplies",
    "SrBasis",
    "SrForm",
    "Term",
    "Verdict",
    "term_key",
]

_NOT_KEY = re.compile(r"[^0-9a-z%]+")


def term_key(text: str) -> str:
    """Comparison key of a word: accents, case, spaces and punctuation removed (n.v.t. → nvt)."""
    return _NOT_KEY.sub("", fold(text))


class Term(StrEnum):
    """A closed-list value: its stored code, its Dutch label and the words that mean it.

    Members are declared as ``NAME = code, label, (synonym, ...)``. The code and the label are
    always accepted as well.
    """

    label: str
    synonyms: tuple[str, ...]

    def __new__(cls, code: str, label: str = "", synonyms: tuple[str, ...] = ()) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label or code
        member.synonyms = synonyms
        return member

    @classmethod
    def _index(cls) -> Mapping[str, Self]:
        """Key of every accepted word → member, built once per enum."""
        index: dict[str, Any] | None = cls.__dict__.get("_word_index")
        if index is None:
            index = {}
            for member in cls:
                for word in (member.value, member.label, *member.synonyms):
                    key = term_key(word)
                    if not key or index.setdefault(key, member) is not member:
                        raise TypeError(f"{cls.__name__}: '{word}' is empty or means two members")
            type.__setattr__(cls, "_word_index", index)
        return index

    @classmethod
    def lookup(cls, text: str) -> Self | None:
        """The member ``text`` names (code, label or synonym, in any case/punctuation)."""
        return cls._index().get(term_key(text))

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """The stored codes, in declaration order (for CHECK constraints and JSON schemas)."""
        return tuple(member.value for member in cls)

    @classmethod
    def labels_nl(cls) -> str:
        """The Dutch labels as a user should type them: ``werk, dienst of levering``."""
        labels = [member.label for member in cls]
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} of {labels[-1]}"


class ContractKind(Term):
    """What is procured (Aw 2012 art. 1.1: werk, levering, dienst); decides thresholds."""

    WORKS = "works", "werk", ("werken", "work", "bouw", "w")
    SERVICES = "services", "dienst", ("diensten", "service", "dienstverlening", "d")
    SUPPLIES = "supplies", "levering", ("leveringen", "supply", "goods", "goederen", "l")
    #: sociale en andere specifieke diensten (Aw 2012 art. 2.38, Dir. 2014/24 annex XIV)
    SOCIAL_SERVICES = (
        "social_services",
        "sociale en andere specifieke diensten",
        ("sociale diensten", "social services", "specifieke diensten", "bijlage xiv"),
    )


class AuthorityType(Term):
    """Who procures: central government has lower thresholds (Dir. 2014/24 art. 4)."""

    CENTRAL = "central", "centrale overheid", (
        "centraal",
        "central government",
        "rijk",
        "rijksoverheid",
        "ministerie",
    )
    OTHER = "other", "overige overheid", (
        "overig",
        "overige",
        "decentraal",
        "decentrale overheid",
        "gemeente",
        "provincie",
        "waterschap",
        "other authority",
        "local government",
    )
    SPECIAL_SECTOR = "special_sector", "speciale sector", (
        "speciale sectoren",
        "special sector",
        "special sectors",
        "utilities",
        "nutssector",
    )


class SrApplies(Term):
    """Whether a contract has a social-return demand.

    *nee* and *onbekend* differ: a contract known to have none is a candidate to add it to
    (handreiking stap 2Ba), one of unknown status first needs the register checked.
    """

    YES = "yes", "ja", ("j", "y", "x", "true", "waar", "wel", "v", "1")
    NO = "no", "nee", ("n", "false", "onwaar", "niet", "geen", "0", "none")
    NOT_APPLICABLE = "not_applicable", "n.v.t.", (
        "niet van toepassing",
        "not applicable",
        "na",
    )
    UNKNOWN = "unknown", "onbekend", ("weet niet", "weet ik niet", "nog onbekend", "tbd")


class SrBasis(Term):
    """What the social-return percentage is taken of (handreiking stap 2Ac)."""

    PROJECT_SUM = "project_sum", "projectsom", (
        "project sum",
        "aanneemsom",
        "opdrachtwaarde",
        "opdrachtsom",
        "contractwaarde",
        "contract value",
        "contractsom",
        "omzet",
    )
    WAGE_SUM = "wage_sum", "loonsom", (
        "wage sum",
        "loonkosten",
        "labour costs",
        "labor costs",
        "arbeidskosten",
        "payroll",
    )


class SrForm(Term):
    """How the social-return demand is laid down in the tender (handreiking stap 2Ac)."""

    CONTRACT_CLAUSE = "contract_clause", "contractbepaling", (
        "contractvoorwaarde",
        "bijzondere uitvoeringsvoorwaarde",
        "uitvoeringsvoorwaarde",
        "contract clause",
        "contract condition",
        "contract performance condition",
    )
    AWARD_CRITERION = "award_criterion", "gunningscriterium", (
        "gunningscriteria",
        "award criterion",
        "award criteria",
        "emvi",
        "beste prijs-kwaliteitverhouding",
    )
    MINIMUM_REQUIREMENT = "minimum_requirement", "minimumeis", (
        "minimum eis",
        "minimum requirement",
        "knock-out",
        "ko-eis",
    )
    SUITABILITY_REQUIREMENT = "suitability_requirement", "geschiktheidseis", (
        "geschiktheidseisen",
        "suitability requirement",
        "selection criterion",
        "selectiecriterium",
    )


class ContractStatus(Term):
    """Where a contract stands in the register as the plugin last saw it."""

    ACTIVE = "active", "actief", ("lopend", "running")
    ENDED = "ended", "beëindigd", ("afgelopen", "verlopen", "expired")
    MISSING = "missing", "niet in laatste export", ()


class Ground(Term):
    """The ground invoked for a modification (Dir. 2014/24 art. 72(1) and (2); Aw 2012 2.163a–g)."""

    DE_MINIMIS = "de_minimis", (
        "De-minimis: kleine wijziging (onder 10%/15% van de waarde én de EU-drempel)"
    ), ("de minimis", "2.163b")
    REVIEW_CLAUSE = "review_clause", "Herzieningsclausule of optie in het contract", (
        "herzieningsclausule",
        "wijzigingsclausule",
        "optie",
        "review clause",
        "2.163c",
    )
    ADDITIONAL_WORKS = "additional_works", (
        "Aanvullende werken, diensten of leveringen door dezelfde opdrachtnemer"
    ), (
        "aanvullende werken",
        "aanvullende diensten",
        "aanvullende leveringen",
        "additional works",
        "2.163d",
    )
    UNFORESEEABLE = "unforeseeable", "Onvoorziene omstandigheden", (
        "onvoorzien",
        "onvoorziene omstandigheden",
        "unforeseeable circumstances",
        "2.163e",
    )
    CONTRACTOR_REPLACEMENT = "contractor_replacement", "Vervanging van de opdrachtnemer", (
        "vervanging opdrachtnemer",
        "nieuwe opdrachtnemer",
        "contractor replacement",
        "2.163f",
    )
    NONE = "none", "Geen van deze / weet ik niet (toets op wezenlijkheid)", (
        "geen",
        "weet ik niet",
        "onbekend",
        "unknown",
    )


class Verdict(Term):
    """The significance check's answer; only the two ``allowed*`` values mean "no new procedure"."""

    ALLOWED = "allowed", "Toegestaan", ("toelaatbaar",)
    ALLOWED_WITH_PUBLICATION = (
        "allowed_with_publication",
        "Toegestaan, met aankondiging van de wijziging",
        ("toegestaan met aankondiging", "allowed with publication"),
    )
    NEEDS_LEGAL_REVIEW = "needs_legal_review", "Juridische beoordeling nodig", (
        "juridisch beoordelen",
        "needs legal review",
        "legal review",
    )
    SUBSTANTIAL_NEW_PROCEDURE_REQUIRED = (
        "substantial_new_procedure_required",
        "Wezenlijke wijziging — nieuwe aanbesteding nodig",
        ("wezenlijke wijziging", "substantial", "new procedure required"),
    )


class Decision(Term):
    """What a legal reviewer decides about a flagged modification (handreiking stap 3a)."""

    ALLOWED = "allowed", "Toegestaan", ("toelaatbaar", "akkoord")
    ALLOWED_WITH_PUBLICATION = "allowed_with_publication", "Toegestaan met aankondiging", (
        "allowed with publication",
        "toegestaan_met_aankondiging",
    )
    SUBSTANTIAL = "substantial", "Wezenlijk — nieuwe aanbesteding nodig", (
        "wezenlijk",
        "wezenlijke wijziging",
        "substantial modification",
        "nieuwe aanbesteding",
    )


class Role(Term):
    """A right the host grants a user (the host's ``user_loader`` names these codes)."""

    VIEWER = "viewer", "raadpleger", ("lezer", "kijker", "read only", "alleen lezen")
    CONTRACT_MANAGER = "contract_manager", "contractmanager", (
        "contract manager",
        "contractbeheerder",
    )
    PROCUREMENT = "procurement", "inkoper", ("inkoop", "purchasing", "procurement officer")
    LEGAL_REVIEWER = "legal_reviewer", "aanbestedingsjurist", (
        "jurist",
        "legal reviewer",
        "lawyer",
    )
    SR_COORDINATOR = "sr_coordinator", "social-returncoördinator", (
        "sr coordinator",
        "social return coordinator",
        "sroi coordinator",
    )
    HR = "hr", "HR-adviseur", ("hr adviseur", "personeelszaken", "p&o", "human resources")
    ADMIN = "admin", "beheerder", ("applicatiebeheerder", "administrator")
