"""Large portfolio uploads, read and previewed in the background with a progress page.

An upload of more than ``SROI_BACKGROUND_IMPORT_ROWS`` rows (:func:`in_background`, counted
cheaply by :mod:`~sroi_plugin.importing.row_count`) is kept under its token as usual, and an
:class:`~sroi_plugin.models.ImportJob` with the same token is handed to the configured runner
(:mod:`~sroi_plugin.importing.jobs`). :func:`run_job` — in a thread of this process or in an RQ
worker — reads the file, runs the preview and keeps it under the token exactly as the upload
request does for a small file, reporting its progress in the job row. The job page
(``/import/<token>/voortgang``) polls that row with htmx every second (or a refresh without
JavaScript) and, when the job is done, sends the user to the usual preview (or the column
mapping). The import page lists the user's jobs, so they can leave and come back.

Confirming such an upload runs in the background too (:func:`confirm_later`): the confirm
request answers what the preview's findings decide at once (a checkbox, a conflict choice),
then queues the commit on the same job (phase ``vastleggen``) and sends the user to the same
job page. The job calls :func:`~sroi_plugin.web.portfolio.sync.confirm_upload`, the function
the request path calls, and stores its outcome in the job row: the job page then goes on to
the import's done page, or shows the refusal exactly as the confirm request would have.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import timedelta
from typing import Any
from typing import Final

from flask import abort
from flask import current_app
from flask import redirect
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from sroi_plugin.db import current_session
from sroi_plugin.errors import ImportFileError
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing import jobs
from sroi_plugin.importing import uploads
from sroi_plugin.importing.profiles import find_profile
from sroi_plugin.importing.progress import Phase
from sroi_plugin.importing.progress import Progress
from sroi_plugin.importing.read import ColumnsNotFound
from sroi_plugin.importing.read import read_portfolio
from sroi_plugin.importing.row_count import estimate_rows
from sroi_plugin.importing.safety import check_xlsx_bytes
from sroi_plugin.importing.stored_plan import encode_plan
from sroi_plugin.models import ImportJob
from sroi_plugin.models import utcnow
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.htmx import client_redirect
from sroi_plugin.web.htmx import is_htmx
from sroi_plugin.web.portfolio import sync
from sroi_plugin.web.portfolio.forms import ConfirmForm
from sroi_plugin.web.portfolio.preview_lists import posted_choices
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Dutch message of a job that failed for a reason other than the file (a bug, the database).
FAILED_MESSAGE: Final = (
    "De import is mislukt door een fout in de verwerking; er is niets opgeslagen. Probeer het "
    "opnieuw; blijft het misgaan, meld het dan aan de beheerder."
)
#: Dutch message of a job whose upload was cancelled or expired before it ran.
GONE_MESSAGE: Final = "Het bestand is intussen geannuleerd of verlopen; upload het opnieuw."
#: Dutch message of a job the runner could not take (the job queue is unreachable).
UNAVAILABLE_MESSAGE: Final = (
    "De verwerking op de achtergrond is nu niet bereikbaar; er is niets opgeslagen. Probeer het "
    "later opnieuw, of meld het aan de beheerder."
)
#: How long the import page lists a user's jobs.
LISTED_FOR: Final = timedelta(days=1)
#: Dutch names of the job states.
STATE_LABELS: Final = {
    jobs.QUEUED: "in de wachtrij",
    jobs.RUNNING: "bezig",
    jobs.DONE: "klaar",
    jobs.FAILED: "mislukt",
}

_log = logging.getLogger(__name__)


def _runner() -> jobs.JobRunner:
    """The app's runner (``SROI_JOB_RUNNER``), made once per app."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    runner: jobs.JobRunner | None = app.extensions.get("sroi_import_jobs")
    if runner is None:
        if app.config["SROI_JOB_RUNNER"] == "rq":
            runner = jobs.RqRunner(app.config["SROI_REDIS_URL"])
        else:
            runner = jobs.ThreadRunner(app, run_job)
        app.extensions["sroi_import_jobs"] = runner
    return runner


def _store() -> jobs.JobStore:
    return jobs.JobStore(current_app.extensions["sroi"].db.engine)


def in_background(data: bytes) -> int | None:
    """The file's estimated row count when it is to be imported in the background, else None.

    A file the guards refuse without parsing (a zip bomb, too many cells, not an xlsx) is
    refused here, in the request, before a job or a kept upload exists.

    :raises ImportFileError: with the guard's Dutch message
    """
    check_xlsx_bytes(data, budget=sync._budget())
    limit = current_app.config["SROI_BACKGROUND_IMPORT_ROWS"]
    rows = estimate_rows(data, max_xml_bytes=sync._budget().max_xml_bytes)
    return rows if rows is not None and rows > limit else None


def start(data: bytes, file_name: str, sheet: str | None, rows: int) -> Response:
    """Keep the upload, create its job, hand it to the runner; answer with the job page."""
    user = acting_user()
    token = uploads.keep(
        sync._instance(),
        sync._KIND,
        user_id=user.id,
        file_name=file_name,
        data=data,
        meta={"stage": "job", "sheet": sheet},
    )
    runner = _runner()
    session = current_session()
    job = ImportJob(
        token=token,
        file_name=file_name[:255],
        state=jobs.QUEUED,
        phase="",
        rows_total=rows,
        rows_read=0,
        rows_checked=0,
        runner=runner.name,
        created_by_id=user.id,
        created_by_name=user.name[:200],
    )
    session.add(job)
    session.commit()
    if not _submit(job):
        uploads.discard(sync._instance(), sync._KIND, token)
    return respond_after_post(url_for("sroi.portfolio_job", token=token))


def _submit(job: ImportJob) -> bool:
    """Hand the job to the runner; a runner that cannot take it (Redis unreachable) fails the
    job with :data:`UNAVAILABLE_MESSAGE`, nothing written."""
    session = current_session()
    try:
        job.runner_job_id = _runner().submit(job.id)
    except Exception:  # e.g. Redis unreachable: say so on the job's page
        _log.exception("background import %s could not be queued", job.id)
        session.rollback()
        _store().fail(job.id, UNAVAILABLE_MESSAGE)
        return False
    session.commit()
    return True


def confirms_in_background(upload: uploads.PendingUpload) -> bool:
    """Whether the confirm of ``upload`` is committed by a job: it was previewed as one, or it
    counts more rows than ``SROI_BACKGROUND_IMPORT_ROWS``."""
    found = current_session().scalar(select(ImportJob.id).where(ImportJob.token == upload.token))
    limit = current_app.config["SROI_BACKGROUND_IMPORT_ROWS"]
    return found is not None or _rows_of(upload) > limit


def _rows_of(upload: uploads.PendingUpload) -> int:
    """The rows the preview compared (valid and invalid)."""
    counts = upload.meta["summary"]["counts"]
    return sum(counts[key] for key in ("new", "changed", "unchanged", "invalid"))


def _posted(formdata: Any) -> dict[str, str]:
    """What the job needs of the confirm as posted: the two checkboxes, the conflict choices."""
    posted = posted_choices(formdata)
    form = ConfirmForm(formdata)
    for name in ("allow_invalid", "allow_mass_missing"):
        if form[name].data:
            posted[name] = "y"
    return posted


def confirm_later(upload: uploads.PendingUpload, formdata: Any) -> Response:
    """Queue the commit of ``upload`` on its job (made now when it was previewed in the
    request) and answer with the job page; a second click finds the commit under way."""
    session = current_session()
    job = session.scalar(select(ImportJob).where(ImportJob.token == upload.token))
    if job is None:
        user = acting_user()
        job = ImportJob(
            token=upload.token,
            file_name=upload.file_name[:255],
            state=jobs.DONE,
            phase=Phase.DONE.value,
            rows_total=_rows_of(upload),
            rows_read=0,
            rows_checked=0,
            runner=_runner().name,
            created_by_id=user.id,
            created_by_name=user.name[:200],
        )
        session.add(job)
        session.commit()
    url = url_for("sroi.portfolio_job", token=upload.token)
    if _store().queue_commit(job.id, _posted(formdata), _runner().name):
        session.expire(job)
        _submit(job)
    return respond_after_post(url)


def run_job(job_id: int) -> None:
    """The job: read the kept upload reporting progress, preview it, keep the preview; or,
    once confirmed, commit it (:func:`_commit`).

    Runs in an app context (a runner's thread, or an RQ worker). Ends the job ``done`` (the
    preview, or the column mapping, waits under the token) or ``failed`` with a Dutch message
    and the upload deleted.
    """
    store = _store()
    session = current_session()
    job = session.get(ImportJob, job_id, populate_existing=True)
    if job is not None and job.confirm_form is not None:
        session.rollback()
        _commit(store, job_id)
        return
    session.rollback()
    if not store.claim(job_id):
        return
    job = session.get(ImportJob, job_id, populate_existing=True)
    assert job is not None  # claimed just now
    token = job.token
    user = SroiUser(job.created_by_id, job.created_by_name)
    session.rollback()
    instance = sync._instance()
    upload = uploads.load(instance, sync._KIND, token)
    if upload is None:
        store.fail(job_id, GONE_MESSAGE)
        return
    try:
        meta, rows = _preview(session, upload, user, store.progress(job_id))
    except ImportFileError as exc:
        uploads.discard(instance, sync._KIND, token)
        store.fail(job_id, str(exc))
        return
    except Exception:
        _log.exception("background import %s failed", job_id)
        session.rollback()
        uploads.discard(instance, sync._KIND, token)
        store.fail(job_id, FAILED_MESSAGE)
        return
    if rows is not None:
        uploads.save_rows(instance, sync._KIND, token, rows)
    if not uploads.update_meta(instance, sync._KIND, token, meta):
        uploads.discard(instance, sync._KIND, token)
        store.fail(job_id, GONE_MESSAGE)
        return
    store.done(job_id)


def _commit(store: jobs.JobStore, job_id: int) -> None:
    """Commit a confirmed job's upload with :func:`sync.confirm_upload`, as its uploader, and
    store the outcome; a failure ends the job ``failed`` with nothing written (one
    transaction) and the upload kept, so the preview can be confirmed again."""
    if not store.claim(job_id, Phase.COMMITTING):
        return
    session = current_session()
    job = session.get(ImportJob, job_id, populate_existing=True)
    assert job is not None and job.confirm_form is not None  # claimed just now
    user = SroiUser(job.created_by_id, job.created_by_name)
    formdata = MultiDict(job.confirm_form)
    token = job.token
    session.rollback()
    upload = uploads.load(sync._instance(), sync._KIND, token)
    if upload is None:
        store.fail(job_id, GONE_MESSAGE)
        return
    try:
        outcome = sync.confirm_upload(upload, formdata, user)
    except Exception:
        _log.exception("background confirm %s failed", job_id)
        session.rollback()
        store.fail(job_id, FAILED_MESSAGE)
        return
    store.committed(job_id, asdict(outcome), outcome.import_id)


def _preview(
    session: Session, upload: uploads.PendingUpload, user: SroiUser, progress: Progress
) -> tuple[dict[str, Any], bytes | None]:
    """What the upload request keeps for a small file: the preview's meta and the rows read,
    or the mapping step's meta (no rows) when the columns are not recognised."""
    sheet = upload.meta.get("sheet")
    try:
        read = read_portfolio(
            upload.data,
            file_name=upload.file_name,
            max_bytes=sync._max_bytes(),
            budget=sync._budget(),
            sheet=sheet,
            find_profile=lambda signatures: find_profile(session, signatures),
            progress=progress,
        )
    except ColumnsNotFound as exc:
        meta = {
            "stage": "mapping",
            "sheet": sheet,
            "mapping": None,
            "columns": sync._candidate_meta(exc.candidate),
            "message": str(exc),
        }
        return meta, None
    session.rollback()  # the profile lookup's read; the comparison opens its own transaction
    result = sync._rolled_back(session, read, user=user, progress=progress)
    meta = sync._preview_meta(read, result, sheet=sheet, mapping=None)
    if read.profile is not None:
        meta["profile"] = [read.profile.id, read.profile.name]
    return meta, encode_plan(result.plan)


# --- views ----------------------------------------------------------------------------------


def _own_job_or_404(token: str) -> ImportJob:
    job = current_session().scalar(
        select(ImportJob)
        .where(ImportJob.token == token)
        .execution_options(populate_existing=True)  # the runner changes it from elsewhere
    )
    if job is None or job.created_by_id != acting_user().id:
        abort(404, description="Deze import bestaat niet (meer). Upload het bestand opnieuw.")
    return job


def recent_jobs(session: Session, user_id: str) -> list[dict[str, Any]]:
    """The user's jobs of the last day, newest first, for the import page."""
    since = utcnow() - LISTED_FOR
    found = session.scalars(
        select(ImportJob)
        .where(ImportJob.created_by_id == user_id, ImportJob.created_at >= since)
        .order_by(ImportJob.created_at.desc(), ImportJob.id.desc())
        .limit(sync.RECENT_IMPORTS)
    ).all()
    directory = uploads.upload_dir(sync._instance(), sync._KIND)
    return [
        {
            "job": job,
            "state": STATE_LABELS.get(job.state, job.state),
            "waiting": (directory / f"{job.token}.xlsx").is_file(),
        }
        for job in found
    ]


def _finished_url(token: str) -> str | None:
    """Where a done job's upload waits: its preview or its column mapping; None when gone."""
    upload = uploads.load(sync._instance(), sync._KIND, token)
    if upload is None:
        return None
    if upload.meta.get("stage") == "preview":
        return url_for("sroi.portfolio_preview", token=token)
    return url_for("sroi.portfolio_mapping", token=token)


@bp.get("/import/<token>/voortgang")
@require_roles(*sync.IMPORT_ROLES)
def portfolio_job(token: str) -> Response:
    """How far a background import is; when done, on to its preview."""
    job = _own_job_or_404(token)
    if jobs.stalled(job, utcnow()):
        if job.confirm_form is None:
            _store().fail(job.id, jobs.STALLED_MESSAGE)
            uploads.discard(sync._instance(), sync._KIND, token)
        else:  # the commit's transaction died with it: the preview may be confirmed again
            _store().fail(job.id, jobs.STALLED_COMMIT_MESSAGE)
        current_session().refresh(job)
    if job.state == jobs.DONE and job.confirm_form is not None:
        return _confirmed(job)
    if job.state == jobs.DONE:
        target = _finished_url(token)
        if target is not None:
            return client_redirect(target) if is_htmx() else redirect(target, code=303)
    total = max(job.rows_total or 0, job.rows_read, 1)
    return render_panel(
        "portfolio/import_job",
        job=job,
        gone=job.state == jobs.DONE,
        polling=job.state in (jobs.QUEUED, jobs.RUNNING),
        state=STATE_LABELS.get(job.state, job.state),
        total=total,
        comparing=job.phase in (Phase.COMPARING.value, Phase.COMMITTING.value),
        committing=job.confirm_form is not None,
        waiting=job.state == jobs.FAILED and _finished_url(token) is not None,
        percent=min(100, job.rows_checked * 100 // total),
        url=url_for("sroi.portfolio_job", token=token),
    )


def _confirmed(job: ImportJob) -> Response:
    """A finished background confirm: on to the import's done page, or its refusal as the
    confirm request would have shown it (a poll loads this page in full to show it)."""
    if job.import_id is not None:
        target = url_for("sroi.portfolio_import_done", import_id=job.import_id)
        return client_redirect(target) if is_htmx() else redirect(target, code=303)
    if is_htmx():
        return client_redirect(url_for("sroi.portfolio_job", token=job.token))
    outcome = sync.ConfirmOutcome(**(job.outcome or {}))
    return sync.render_confirm(job.token, outcome, MultiDict(job.confirm_form or {}))
