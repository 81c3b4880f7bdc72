"""The import page's confirm applies the preview's plan: a panel edit of a contract the plan
changes, made after the preview, makes the plan stale and shows a fresh preview with the edit
as a conflict; nothing is saved until procurement confirms that one."""

from __future__ import annotations

from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sroi_plugin.models import PortfolioImport
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import token_of
from tests.helpers.import_page import upload
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.register_sync import edit_in_panel
from tests.helpers.register_sync import run_with
from tests.helpers.web import Login
from tests.helpers.web import follow
from tests.helpers.web import text_of


def test_a_panel_edit_after_the_preview_gives_a_fresh_preview_with_the_conflict(
    client: FlaskClient, login: Login, session: Session
) -> None:
    run_with(session, xlsx([row("GEM-1", {"SR-percentage": "12%"})]))
    login("procurement")
    _url, html = follow(client, upload(client, xlsx([row("GEM-1")])))
    assert "conflict" not in text_of(html).lower()
    edit_in_panel(session, "GEM-1", "sr_percentage", Decimal("2.5"), text="2.5")
    refused = client.post(confirm_url(html), data={"csrf_token": token_of(client)})
    assert refused.status_code == 409
    page = text_of(refused.get_data(as_text=True))
    assert "na de voorvertoning in de plugin gewijzigd: GEM-1" in page
    assert "Sanne de Vries" in page  # the fresh preview lists the edit as a conflict
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")
    assert count(session, PortfolioImport) == 1
