"""The contract fields an import reads and an export writes, declared once.

Each :class:`FieldSpec` names a :class:`ContractRecord` attribute (equal to the contract
model's column), its Dutch label (the export's header and the name in error messages),
its converter and the header spellings the column mapper recognises. The label is always
recognised too, so an exported file re-imports without a saved profile.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from sroi_plugin.importing import converters as conv
from sroi_plugin.models.contract import ref_key
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm

__all__ = [
    "FIELDS",
    "FIELDS_BY_NAME",
    "MODEL_FIELD_NAMES",
    "REF_FIELD",
    "ContractRecord",
    "FieldSpec",
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One importable contract field."""

    #: attribute of :class:`ContractRecord`; the contract model's column of the same name
    name: str
    #: Dutch column header for exports and error messages
    label: str
    #: converter from a raw cell value (see :mod:`.converters`); columns whose values
    #: repeat from row to row (kinds, dates, ja/nee, suppliers, departments) use a memoised one
    clean: Callable[[object], object]
    #: header spellings besides the label, matched case/space/punctuation-insensitively
    synonyms: tuple[str, ...] = ()
    #: a row without a value here is invalid
    required: bool = False
    #: False for values that feed other fields but have no model column of their own
    model_column: bool = True


REF_FIELD: Final = "ref"

FIELDS: Final[tuple[FieldSpec, ...]] = (
    FieldSpec(
        REF_FIELD,
        "Contractnummer",
        conv.clean_ref,
        (
            "Contractnr.",
            "Contractno",
            "Contract number",
            "Contract ID",
            "Contractcode",
            "Contract ref",
            "Contract reference",
            "Contractreferentie",
            "Contractkenmerk",
            "Kenmerk",
            "Referentie",
            "Reference",
            "Ref",
            "Nr",
            "Nummer",
            "Contract",
            "Dossiernummer",
        ),
        required=True,
    ),
    FieldSpec(
        "title",
        "Omschrijving",
        conv.clean_text,
        (
            "Contractnaam",
            "Naam contract",
            "Titel",
            "Onderwerp",
            "Contractomschrijving",
            "Omschrijving opdracht",
            "Omschr",
            "Naam opdracht",
            "Opdrachtnaam",
            "Naam aanbesteding",
            "Title",
            "Contract name",
            "Contract title",
            "Description",
            "Subject",
        ),
    ),
    FieldSpec(
        "supplier_name",
        "Leverancier",
        conv.memoised(conv.clean_text),
        (
            "Opdrachtnemer",
            "Naam leverancier",
            "Leveranciersnaam",
            "Contractant",
            "Contractpartij",
            "Crediteur",
            "Crediteurnaam",
            "Wie levert",
            "Supplier",
            "Supplier name",
            "Vendor",
            "Contractor",
        ),
    ),
    FieldSpec(
        "supplier_kvk",
        "KvK-nummer",
        conv.memoised(conv.clean_kvk),
        (
            "KvK",
            "KvK nr",
            "KvK leverancier",
            "KvK-nummer leverancier",
            "Kamer van Koophandel",
            "Chamber of Commerce number",
            "CoC number",
        ),
    ),
    FieldSpec(
        "category",
        "Inkoopcategorie",
        conv.memoised(conv.clean_text),
        (
            "Categorie",
            "Inkooppakket",
            "Productgroep",
            "Productcategorie",
            "Category",
            "Procurement category",
        ),
    ),
    FieldSpec(
        "kind",
        "Soort opdracht",
        conv.memoised(conv.clean_kind),
        (
            "Soort",
            "Type opdracht",
            "Opdrachttype",
            "Aard opdracht",
            "Aard van de opdracht",
            "Werk/dienst/levering",
            "Werken, diensten, leveringen",
            "Kind",
            "Contract kind",
            "Works/services/supplies",
        ),
    ),
    FieldSpec(
        "procedure",
        "Procedure",
        conv.memoised(conv.clean_text),
        (
            "Aanbestedingsprocedure",
            "Inkoopprocedure",
            "Proceduresoort",
            "Soort procedure",
            "Aanbestedingsvorm",
            "Procurement procedure",
            "Tender procedure",
        ),
    ),
    FieldSpec(
        "authority_type",
        "Soort aanbestedende dienst",
        conv.memoised(conv.clean_authority_type),
        (
            "Type aanbestedende dienst",
            "Authority type",
            "Contracting authority type",
        ),
    ),
    FieldSpec(
        "value_total",
        "Contractwaarde",
        conv.clean_amount,
        (
            "Waarde (excl. btw)",
            "Waarde",
            "Totale waarde",
            "Totale contractwaarde",
            "Geraamde waarde",
            "Opdrachtwaarde",
            "Projectsom",
            "Aanneemsom",
            "Streefwaarde",
            "Contract value",
            "Total value",
            "Value",
        ),
    ),
    FieldSpec(
        "initial_value",
        "Initiële waarde",
        conv.clean_amount,
        (
            "Initiele waarde",
            "Waarde bij gunning",
            "Gunningswaarde",
            "Oorspronkelijke waarde",
            "Oorspronkelijke contractwaarde",
            "Oorspronkelijke opdrachtwaarde",
            "Initiële contractwaarde",
            "Initial value",
            "Initial contract value",
            "Original value",
            "Original contract value",
            "Value at award",
            "Award value",
        ),
    ),
    FieldSpec(
        "award_date",
        "Gunningsdatum",
        conv.memoised(conv.clean_date),
        (
            "Datum gunning",
            "Datum van gunning",
            "Gegund op",
            "Award date",
            "Date of award",
            "Contract award date",
            "Awarded on",
        ),
    ),
    FieldSpec(
        "has_indexation_clause",
        "Indexatieclausule",
        conv.memoised(conv.clean_bool),
        (
            "Indexatie",
            "Indexering",
            "Indexeringsclausule",
            "Indexatiebepaling",
            "Prijsindexatie",
            "Indexatie ja/nee",
            "Indexation clause",
            "Indexation",
            "Price indexation",
        ),
    ),
    FieldSpec(
        "value_annual",
        "Jaarwaarde",
        conv.clean_amount,
        (
            "Waarde per jaar",
            "Jaarlijkse waarde",
            "Gemiddelde jaarwaarde",
            "Jaarbedrag",
            "Spend per jaar",
            "Jaarspend",
            "Annual value",
            "Yearly value",
            "Value per year",
        ),
    ),
    FieldSpec(
        "wage_sum",
        "Loonsom",
        conv.clean_amount,
        ("Loonkosten", "Wage sum", "Labour costs"),
    ),
    FieldSpec(
        "wage_share",
        "Loonaandeel",
        conv.memoised(conv.clean_wage_share),
        (
            "Aandeel loonsom",
            "Aandeel loonkosten",
            "Loonkostenaandeel",
            "Aandeel arbeid",
            "Wage share",
            "Labour share",
        ),
    ),
    FieldSpec(
        "start_date",
        "Startdatum",
        conv.memoised(conv.clean_date),
        (
            "Begindatum",
            "Ingangsdatum",
            "Aanvangsdatum",
            "Datum ingang",
            "Geldig van",
            "Geldig vanaf",
            "Loopt vanaf",
            "Looptijd van",
            "Start",
            "Begin",
            "Ingang",
            "Start date",
            "Contract start",
        ),
    ),
    FieldSpec(
        "end_date",
        "Einddatum",
        conv.memoised(conv.clean_date),
        (
            "Einddatum (excl. opties)",
            "Huidige einddatum",
            "Afloopdatum",
            "Vervaldatum",
            "Datum einde",
            "Looptijd tot",
            "Looptijd tot en met",
            "Geldig tot",
            "Geldig t/m",
            "Loopt tot",
            "Einde",
            "Eind",
            "End date",
            "Expiry date",
            "Expiration date",
            "Contract end",
        ),
    ),
    FieldSpec(
        "extension_options",
        "Verlengingsopties",
        conv.memoised(conv.clean_extension_options),
        (
            "Verlengingsoptie",
            "Verlengingen",
            "Verlenging",
            "Verlengingsmogelijkheden",
            "Opties tot verlenging",
            "Optiejaren",
            "Extension options",
            "Extensions",
            "Renewal options",
        ),
    ),
    FieldSpec(
        "is_framework",
        "Raamovereenkomst",
        conv.memoised(conv.clean_framework),
        (
            "Raamcontract",
            "Raamovereenkomst ja/nee",
            "Is raamovereenkomst",
            "Framework",
            "Framework agreement",
        ),
    ),
    FieldSpec(
        "department",
        "Afdeling",
        conv.memoised(conv.clean_text),
        ("Directie", "Organisatieonderdeel", "Department", "Business unit"),
    ),
    FieldSpec(
        "contract_manager",
        "Contractmanager",
        conv.memoised(conv.clean_text),
        (
            "Contractbeheerder",
            "Contracteigenaar",
            "Contractverantwoordelijke",
            "Contract owner",
        ),
    ),
    FieldSpec(
        "has_sr",
        "Social return",
        conv.memoised(conv.clean_sr),
        (
            "SR",
            "SROI",
            "Social return ja/nee",
            "SR ja/nee",
            "SR van toepassing",
            "Social return van toepassing",
            "SR-verplichting",
            "SR-eis",
            "Social return eis",
            "Social return on investment",
        ),
    ),
    FieldSpec(
        "sr_percentage",
        "SR-percentage",
        conv.memoised(conv.clean_sr),
        (
            "SR %",
            "SROI %",
            "SROI-percentage",
            "Social return %",
            "Social return percentage",
            "Percentage SR",
            "Percentage social return",
        ),
    ),
    FieldSpec(
        "sr_basis",
        "SR-grondslag",
        conv.memoised(conv.clean_sr_basis),
        (
            "Grondslag",
            "Grondslag SR",
            "Grondslag social return",
            "Berekeningsgrondslag",
            "SR basis",
            "SR-percentage van",
        ),
    ),
    FieldSpec(
        "sr_form",
        "SR-vorm",
        conv.memoised(conv.clean_sr_form),
        (
            "Vorm SR",
            "Vorm social return",
            "Social return vorm",
            "SR-instrument",
            "SR form",
        ),
    ),
    FieldSpec(
        "sr_clause_text",
        "SR-bepaling",
        conv.clean_text,
        (
            "SR-clausule",
            "Social return bepaling",
            "Social return clausule",
            "Tekst SR-bepaling",
            "SR clause",
            "SR clause text",
        ),
    ),
)

FIELDS_BY_NAME: Final[Mapping[str, FieldSpec]] = {spec.name: spec for spec in FIELDS}


@dataclass(frozen=True, slots=True)
class ContractRecord:
    """One contract as read from a portfolio export: typed, checked, not yet matched.

    Attribute names equal the contract model's columns; closed lists are the vocabulary's
    enums (their value is the stored code). ``has_sr`` is the merged social-return answer
    (ja/nee/n.v.t./onbekend, implied by a percentage where no column says it).
    ``wage_share`` is a fraction 0..1; ``sr_percentage`` is in percentage points (5 means 5%).
    ``None`` means the file left the cell empty.
    """

    ref: str
    title: str | None = None
    supplier_name: str | None = None
    supplier_kvk: str | None = None
    category: str | None = None
    kind: ContractKind | None = None
    procedure: str | None = None
    authority_type: AuthorityType | None = None
    value_total: Decimal | None = None
    initial_value: Decimal | None = None
    award_date: date | None = None
    has_indexation_clause: bool | None = None
    value_annual: Decimal | None = None
    wage_sum: Decimal | None = None
    wage_share: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    extension_options: str | None = None
    is_framework: bool | None = None
    department: str | None = None
    contract_manager: str | None = None
    has_sr: SrApplies | None = None
    sr_percentage: Decimal | None = None
    sr_basis: SrBasis | None = None
    sr_form: SrForm | None = None
    sr_clause_text: str | None = None

    @property
    def ref_key(self) -> str:
        """The key contracts are matched on (see :func:`ref_key`)."""
        return ref_key(self.ref)


#: Fields a diff compares and a commit writes, in declaration order.
MODEL_FIELD_NAMES: Final[tuple[str, ...]] = tuple(s.name for s in FIELDS if s.model_column)
