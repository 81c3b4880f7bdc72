"""The host test helper recognises embedded panels and names what is missing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from sroi_plugin.models import Contract
from sroi_plugin.testing import assert_embeds_panels
from sroi_plugin.testing import embedded_panels


def test_demo_contract_page_embeds_every_panel(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref="GEM-2025-0001")
    html = client.get("/contracten/GEM-2025-0001").get_data(as_text=True)
    assert_embeds_panels(html, "GEM-2025-0001")
    assert embedded_panels(html)["overview"] == "/sroi/contracten/GEM-2025-0001/overzicht"


def test_missing_panel_and_wrong_contract_are_reported() -> None:
    html = '<div class="sroi-slot" id="sroi-slot-overview" hx-get="/sroi/contracten/A-1/overzicht">'
    with pytest.raises(AssertionError, match="not embedded: nonexistent"):
        assert_embeds_panels(html, "A-1", ["overview", "nonexistent"])
    with pytest.raises(AssertionError, match="another contract"):
        assert_embeds_panels(html, "B-2", ["overview"])
    with pytest.raises(AssertionError, match="not embedded"):
        assert_embeds_panels("<p>geen panelen</p>", "A-1", ["overview"])


def test_panels_come_in_reading_order(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref="GEM-2025-0001")
    html = client.get("/contracten/GEM-2025-0001").get_data(as_text=True)
    names = list(embedded_panels(html))
    assert names[0] == "overview"
    known = [
        name
        for name in ("overview", "monitoring", "clauses", "changes", "partnership", "history")
        if name in names
    ]
    assert [name for name in names if name in known] == known
