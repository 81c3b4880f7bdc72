"""The plugin's copy of a host contract."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import Integer
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from sroi_plugin.db import Base
from sroi_plugin.models.base import MONEY
from sroi_plugin.models.base import one_of
from sroi_plugin.models.base import utcnow
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import ContractStatus
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm

# The stored codes of the closed lists (rules/vocabulary.py is the one definition; the CHECK
# constraints below are built from the same enums).
#: works / services / supplies / social services — the Aanbestedingswet's kinds of contract
CONTRACT_KINDS = ContractKind.codes()
#: central government, other authorities, special sectors (different EU thresholds)
AUTHORITY_TYPES = AuthorityType.codes()
#: what the social-return percentage is taken of (handreiking stap 2Ac)
SR_BASES = SrBasis.codes()
#: how the social-return demand is laid down in the tender (handreiking stap 2Ac)
SR_FORMS = SrForm.codes()
#: active / ended / not in the last portfolio export
CONTRACT_STATUSES = ContractStatus.codes()
#: whether a contract has social return: yes / no / not_applicable / unknown
SR_ANSWERS = SrApplies.codes()


def ref_key(ref: str) -> str:
    """Normalise a host contract key for matching: trimmed and case-folded."""
    return ref.strip().casefold()


class Contract(Base):
    """The plugin's copy of a host contract: the fields the SR rules need.

    ``version`` is the optimistic-lock counter: a save based on an older version fails.
    """

    __tablename__ = "sroi_contract"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the host's key, as the host writes it (trimmed)
    ref: Mapped[str] = mapped_column(String(64))
    #: ``ref`` trimmed and case-folded: the unique matching key
    ref_key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    supplier_name: Mapped[str | None] = mapped_column(String(200))
    supplier_kvk: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(100), index=True)
    #: a :class:`ContractKind` code
    kind: Mapped[str | None] = mapped_column(String(20))
    procedure: Mapped[str | None] = mapped_column(String(100))
    #: an :class:`AuthorityType` code
    authority_type: Mapped[str] = mapped_column(String(20), default=AuthorityType.OTHER.value)
    value_total: Mapped[Decimal | None] = mapped_column(MONEY)
    #: the value at award (excl. btw): the base of the 10%/15% and 50% tests, never the value
    #: after modifications (Richtlijn 2014/24 art. 72 lid 2)
    initial_value: Mapped[Decimal | None] = mapped_column(MONEY)
    #: ``initial_value`` was filled from the oldest known revision, not confirmed by a person
    initial_value_derived: Mapped[bool] = mapped_column(Boolean, default=False)
    award_date: Mapped[date | None] = mapped_column(Date)
    #: the contract has an indexation clause: price revisions under it raise the reference
    #: value of the 10%/15% and 50% tests (Richtlijn 2014/24 art. 72 lid 3)
    has_indexation_clause: Mapped[bool] = mapped_column(Boolean, default=False)
    value_annual: Mapped[Decimal | None] = mapped_column(MONEY)
    wage_sum: Mapped[Decimal | None] = mapped_column(MONEY)
    #: share of wages in the project sum, 0..1
    wage_share: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    extension_options: Mapped[str | None] = mapped_column(String(200))
    is_framework: Mapped[bool] = mapped_column(Boolean, default=False)
    department: Mapped[str | None] = mapped_column(String(100), index=True)
    contract_manager: Mapped[str | None] = mapped_column(String(100))
    #: social-return percentage, e.g. 5 for 5%
    sr_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    #: whether the contract has social return, an :class:`SrApplies` code; ``None`` = never
    #: said. *no* (known to have none) and *unknown* (to be checked) differ
    has_sr: Mapped[str | None] = mapped_column(String(20))
    #: an :class:`SrBasis` code
    sr_basis: Mapped[str | None] = mapped_column(String(20))
    #: an :class:`SrForm` code
    sr_form: Mapped[str | None] = mapped_column(String(30))
    sr_clause_text: Mapped[str | None] = mapped_column(Text)
    #: a :class:`ContractStatus` code
    status: Mapped[str] = mapped_column(String(10), default=ContractStatus.ACTIVE.value, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        one_of("kind", ContractKind, nullable=True),
        one_of("authority_type", AuthorityType),
        one_of("has_sr", SrApplies, nullable=True),
        one_of("sr_basis", SrBasis, nullable=True),
        one_of("sr_form", SrForm, nullable=True),
        one_of("status", ContractStatus),
    )

    def __init__(self, *, ref: str, **fields: object) -> None:
        """A new contract; without an initial value its value is taken as one, marked derived
        (the portfolio import does the same for the rows it inserts)."""
        if fields.get("initial_value") is None and fields.get("value_total") is not None:
            fields["initial_value"] = fields["value_total"]
            fields["initial_value_derived"] = True
        super().__init__(ref=ref.strip(), ref_key=ref_key(ref), **fields)

    def __repr__(self) -> str:
        return f"<Contract {self.ref}>"
