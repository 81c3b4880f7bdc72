"""What an RQ worker runs for the plugin: ``rq worker sroi --url redis://…``.

The worker needs the host's app (its database, instance folder and ``SROI_*`` settings). Point
``SROI_APP`` at the host's app factory the way ``flask --app`` takes it, e.g.
``SROI_APP='yourhost:create_app()' rq worker sroi --url redis://127.0.0.1:6379/0``. RQ forks a
work horse per job, so the app is made in that process, and no database connection is shared
with the worker's parent. When an app context is active already (a ``SimpleWorker`` in the
same process as the app, as the tests run it), that app is used.
"""

from __future__ import annotations

import os

from flask import Flask
from flask import has_app_context
from flask.cli import ScriptInfo

from sroi_plugin.web.portfolio.import_jobs import run_job

__all__ = ["run_import_job"]


def _app() -> Flask:
    path = os.environ.get("SROI_APP") or os.environ.get("FLASK_APP")
    if not path:
        raise RuntimeError(
            "SROI_APP is not set: name the host's app factory, "
            "e.g. SROI_APP='yourhost:create_app()'"
        )
    return ScriptInfo(app_import_path=path).load_app()


def run_import_job(job_id: int) -> None:
    """Run background import ``job_id`` (see :mod:`sroi_plugin.web.portfolio.import_jobs`)."""
    if has_app_context():
        run_job(job_id)
        return
    app = _app()
    with app.app_context():
        run_job(job_id)
