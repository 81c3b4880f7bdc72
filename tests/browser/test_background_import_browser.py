"""In a real browser: a file above the background threshold shows a progress bar that htmx
refreshes, the user leaves and comes back through the import page, and the preview opens by
itself when the job is done; the confirm shows the same job page committing, which opens the
import's done page by itself."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from sroi_plugin.importing import jobs
from sroi_plugin.importing.progress import Phase
from sroi_plugin.importing.progress import Progress
from sroi_plugin.models import Contract
from sroi_plugin.web.portfolio import sync
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx

pytestmark = pytest.mark.browser

ROWS = 3_000
#: how long each stored report holds the job up, so a person could watch it
PAUSE = 0.4
#: how long the commit is held up, likewise
COMMIT_PAUSE = 2.0


@pytest.fixture
def slow_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commit takes a while (3,000 rows commit before the page could show it)."""
    commit = sync.confirm_upload

    def slowly(*args: Any, **kwargs: Any) -> sync.ConfirmOutcome:
        time.sleep(COMMIT_PAUSE)
        return commit(*args, **kwargs)

    monkeypatch.setattr(sync, "confirm_upload", slowly)


@pytest.fixture
def slow_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every stored progress report takes a while (the file is small; the job would be done
    before the page could show it)."""
    stores = jobs.JobStore.progress

    def progress(self: jobs.JobStore, job_id: int) -> Progress:
        report = stores(self, job_id)

        def slowly(phase: Phase, rows_read: int, rows_checked: int) -> None:
            report(phase, rows_read, rows_checked)
            time.sleep(PAUSE)

        return slowly

    monkeypatch.setattr(jobs, "WRITE_INTERVAL", 0.0)
    monkeypatch.setattr(jobs.JobStore, "progress", progress)


def test_progress_leave_come_back_and_confirm(
    app: Flask,
    live_server: str,
    page: Any,
    tmp_path: Path,
    slow_reports: None,
    slow_commit: None,
) -> None:
    app.config["SROI_BACKGROUND_IMPORT_ROWS"] = 1_000
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    export = tmp_path / "groot-register.xlsx"
    export.write_bytes(xlsx([row(f"BR-{number:05d}") for number in range(1, ROWS + 1)]))
    page.goto(f"{live_server}/contracten")
    page.select_option("#demo-gebruiker", "procurement")
    page.click("text=Wissel")
    page.goto(f"{live_server}/sroi/import")
    page.set_input_files("input[type=file]", str(export))
    page.click("text=Uploaden en controleren")

    job = page.locator("#sroi-panel-import-job")
    job.wait_for()
    assert "Import op de achtergrond — groot-register.xlsx" in job.inner_text()
    assert page.locator("progress.sroi-import-progress").count() == 1
    page.wait_for_function(
        "() => /[1-9][\\d.]* van [\\d.]+ rijen gelezen/.test("
        "document.querySelector('#sroi-import-job-status')?.textContent || '')"
    )
    job_url = page.url

    page.goto(f"{live_server}/contracten")  # away …
    page.goto(f"{live_server}/sroi/import")  # … and back
    listed = page.locator(".sroi-import-jobs")
    assert "groot-register.xlsx" in listed.inner_text()
    page.click(".sroi-import-jobs >> text=groot-register.xlsx")

    preview = page.locator("#sroi-panel-import-preview")
    preview.wait_for(timeout=60_000)  # htmx moves on to the preview when the job is done
    assert "Voorvertoning import — groot-register.xlsx" in preview.inner_text()
    assert "3000 nieuw" in " ".join(preview.inner_text().split()).replace(".", "")
    page.click("text=Import bevestigen")

    job.wait_for()  # the same job page, now committing
    assert page.url == job_url
    assert "vastleggen" in job.inner_text()
    page.locator("#sroi-panel-import-done").wait_for(timeout=60_000)  # htmx moves on

    with app.app_context():
        assert app.extensions["sroi"].db.session.query(Contract).count() == ROWS
    page.goto(job_url)  # the job's URL stays valid after the confirm: its done page
    page.locator("#sroi-panel-import-done").wait_for()
    assert "groot-register.xlsx" in page.inner_text("#sroi-panel-import-done")
    assert problems == []
