"""Demo-only users and the switcher to act as one of them (a real host has a login)."""

from __future__ import annotations

from flask import Flask
from flask import g
from flask import session
from flask import url_for
from sqlalchemy import select

from sroi_plugin import SroiPlugin
from sroi_plugin import SroiUser
from sroi_plugin.demo.models import HostContract
from sroi_plugin.demo.models import db
from sroi_plugin.rules.vocabulary import Role

#: The people of the demo, one per role; the key is kept in the session.
DEMO_USERS: dict[str, SroiUser] = {
    "contract_manager": SroiUser("u-sanne", "Sanne de Vries", frozenset({"contract_manager"})),
    "procurement": SroiUser("u-pieter", "Pieter Jansen", frozenset({"procurement"})),
    "legal_reviewer": SroiUser("u-fatima", "Fatima El Amrani", frozenset({"legal_reviewer"})),
    "sr_coordinator": SroiUser("u-ilse", "Ilse Vermeulen", frozenset({"sr_coordinator"})),
    "hr": SroiUser("u-mohamed", "Mohamed Ouali", frozenset({"hr"})),
    "viewer": SroiUser("u-kees", "Kees Bakker", frozenset({"viewer"})),
    "admin": SroiUser("u-beheer", "Functioneel beheer", frozenset({"admin"})),
}
#: Who the demo acts as until someone switches.
DEFAULT_DEMO_USER = "contract_manager"
#: Dutch labels for the switcher: the vocabulary's role names.
DEMO_USER_LABELS = {
    key: Role(key).label + (" (alleen lezen)" if key == Role.VIEWER else "") for key in DEMO_USERS
}


def current_demo_user_key() -> str:
    """The switcher's choice, or the default; ``anonymous`` means logged out."""
    key = session.get("demo_user", DEFAULT_DEMO_USER)
    return key if key in DEMO_USERS or key == "anonymous" else DEFAULT_DEMO_USER


def in_register(ref: str) -> bool:
    """Whether the demo's register holds ``ref``, read at most twice per request whatever its
    size: the first contract asked for is looked up alone (a panel links one contract, and a
    host's register holds tens of thousands), a page that asks for a second one reads every
    contract number once (a list links many)."""
    known: dict[str, bool] | frozenset[str] | None = g.get("demo_register_refs")
    if isinstance(known, frozenset):
        return ref in known
    if known is None:
        found = db.session.scalar(select(HostContract.id).where(HostContract.ref == ref))
        g.demo_register_refs = {ref: found is not None}
        return found is not None
    if ref in known:
        return known[ref]
    refs = frozenset(db.session.scalars(select(HostContract.ref)))
    g.demo_register_refs = refs
    return ref in refs


def register_demo_users(app: Flask, sroi: SroiPlugin) -> None:
    """Hand the plugin the demo's user loader and contract URLs (the host contract)."""

    @sroi.user_loader
    def load_user() -> SroiUser | None:
        return DEMO_USERS.get(current_demo_user_key())

    @sroi.contract_url
    def contract_url(ref: str) -> str | None:
        # only contracts in the demo's register have a page here; the plugin links its own
        # contract page for the others
        return url_for("demo.contract", ref=ref) if in_register(ref) else None

    @app.context_processor
    def demo_user_context() -> dict[str, object]:
        key = current_demo_user_key()
        return {
            "demo_user_key": key,
            "demo_user": DEMO_USERS.get(key),
            "demo_user_labels": DEMO_USER_LABELS,
        }
