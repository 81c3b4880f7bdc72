"""The demo host's own contract table (a host system keeps its own register)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

#: The host's Flask-SQLAlchemy; the plugin finds it and shares its session.
db = SQLAlchemy()


class HostContract(db.Model):  # type: ignore[name-defined,misc]
    """A contract as the host register shows it."""

    __tablename__ = "demo_contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    supplier_name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    procedure: Mapped[str] = mapped_column(String(100))
    value_total: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    contract_manager: Mapped[str] = mapped_column(String(100))
