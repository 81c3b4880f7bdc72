"""The demo host's own pages: the contract list, a contract page, the user switcher."""

from __future__ import annotations

from urllib.parse import unquote
from urllib.parse import urlsplit

from flask import Blueprint
from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from werkzeug.wrappers import Response

from sroi_plugin.demo.models import HostContract
from sroi_plugin.demo.models import db
from sroi_plugin.demo.users import DEMO_USERS

demo = Blueprint("demo", __name__)


@demo.app_errorhandler(404)
def not_found(_error: Exception) -> tuple[str, int]:
    """A Dutch page for addresses that match nothing (the plugin answers its own 404s)."""
    return render_template("demo/not_found.html"), 404


@demo.get("/")
def index() -> Response:
    """The register is the demo's home page."""
    return redirect(url_for("demo.contracts"))


@demo.get("/contracten")
def contracts() -> str:
    """Contract list with search (ref, title, supplier) and a category filter."""
    query = request.args.get("q", "").strip()
    category = request.args.get("categorie", "").strip()
    statement = select(HostContract).order_by(HostContract.ref)
    if query:
        pattern = f"%{query.lower()}%"
        statement = statement.where(
            or_(
                func.lower(HostContract.ref).like(pattern),
                func.lower(HostContract.title).like(pattern),
                func.lower(HostContract.supplier_name).like(pattern),
            )
        )
    if category:
        statement = statement.where(HostContract.category == category)
    categories = db.session.scalars(
        select(HostContract.category).distinct().order_by(HostContract.category)
    ).all()
    return render_template(
        "demo/contracts.html",
        contracts=db.session.scalars(statement).all(),
        categories=categories,
        query=query,
        category=category,
    )


@demo.get("/contracten/<path:ref>")
def contract(ref: str) -> str:
    """The host's contract page with the SROI panel area."""
    found = db.session.scalars(select(HostContract).where(HostContract.ref == ref)).first()
    if found is None:
        abort(404)
    return render_template("demo/contract.html", contract=found)


#: The longest return address the user switcher follows (the demo's own URLs are far shorter).
MAX_RETURN_PATH = 2000


def is_same_site_path(target: str) -> bool:
    """``target`` is a path on this site that a browser cannot read as another site.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so
    ``/<TAB>/evil.example`` and ``/\\evil.example`` go to ``evil.example``: a target with any
    control character or backslash is refused outright. What is left must start with one ``/``
    not followed by ``/``, also once percent-decoded (``/%2F/evil``), and carry neither scheme
    nor host for :func:`urllib.parse.urlsplit`.
    """
    if not target or len(target) > MAX_RETURN_PATH or "\\" in target:
        return False
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in target):
        return False
    for form in (target, unquote(target)):
        if not form.startswith("/") or form[1:2] in ("/", "\\"):
            return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


@demo.post("/demo/gebruiker")
def switch_user() -> Response:
    """Demo only: act as another role."""
    key = request.form.get("gebruiker", "")
    if key in DEMO_USERS or key == "anonymous":
        session["demo_user"] = key
    target = request.form.get("terug", "")
    return redirect(target if is_same_site_path(target) else url_for("demo.contracts"))
