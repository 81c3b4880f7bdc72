"""A tiny host that already uses Flask-SQLAlchemy for its own tables."""

from __future__ import annotations

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from sroi_plugin import SroiPlugin
from sroi_plugin import SroiUser


def create_fsa_host(database_uri: str) -> tuple[Flask, SQLAlchemy, type]:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="fsa", SQLALCHEMY_DATABASE_URI=database_uri, SROI_TODAY="2026-11-25"
    )
    db = SQLAlchemy(app)

    class Supplier(db.Model):  # type: ignore[name-defined,misc]
        __tablename__ = "host_supplier"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(100))

    sroi = SroiPlugin(app)

    @sroi.user_loader
    def load_user() -> SroiUser:
        return SroiUser("u1", "Test Gebruiker", frozenset({"contract_manager"}))

    return app, db, Supplier
