"""A real browser opens a demo contract page, reads what needs attention, folds a panel, and
finds it still folded after a reload."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sroi_plugin.models import Contract

pytestmark = pytest.mark.browser

REF = "GEM-2025-0001"


def test_attention_lines_and_a_folded_panel_that_stays_folded(
    live_server: str, page: Any, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    make_contract(ref=REF)  # 5% from 2025 and nothing reported: behind schedule
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server}/contracten/{REF}")
    summary = page.locator("#sroi-attention")
    summary.wait_for()
    lines = summary.locator("li").all_inner_texts()
    assert [line.split(":")[0].lstrip("⚠✓ \n") for line in lines] == [
        "Monitoring",
        "Clausule",
        "Wijzigingen",
        "Partnership",
    ]
    assert any("achter op schema" in line for line in lines)
    monitoring = page.locator("#sroi-panel-monitoring")
    monitoring.wait_for()
    page.screenshot(path=str(tmp_path / "contract-open.png"), full_page=True)

    button = page.get_by_role("button", name="Social return — monitoring: inklappen")
    button.click()
    unfold = page.get_by_role("button", name="Social return — monitoring: uitklappen")
    unfold.wait_for()
    assert monitoring.count() == 0  # htmx replaced the slot: the panel is gone
    assert unfold.get_attribute("aria-expanded") == "false"

    page.reload()
    page.locator("#sroi-attention").wait_for()
    page.locator("#sroi-panel-overview").wait_for()
    assert page.get_by_role("button", name="Social return — monitoring: uitklappen").count() == 1
    assert page.locator("#sroi-panel-monitoring").count() == 0  # still folded: not loaded
    assert page.locator("#sroi-slot-monitoring").is_hidden()
    page.screenshot(path=str(tmp_path / "contract-folded.png"), full_page=True)

    page.get_by_role("button", name="Social return — monitoring: uitklappen").click()
    page.locator("#sroi-panel-monitoring").wait_for()
    page.reload()
    page.locator("#sroi-panel-monitoring").wait_for()
    assert errors == []
