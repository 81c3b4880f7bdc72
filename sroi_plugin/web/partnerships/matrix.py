"""The organisation's Bijlage II matrix: the grid and the admins' edits.

The matrix ships with the guide's cells, each marked ``seed`` (from the table) or ``afgeleid``
(reconstructed from the step chapters). An admin rewords a cell for the organisation; every
edit is a new :class:`~sroi_plugin.models.MatrixEdit` row with who and when, and the effective
matrix is ``load_matrix().with_edits(...)``. Edits apply to partnerships started afterwards.
"""

from __future__ import annotations

from flask import abort
from flask import request
from flask import url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from sroi_plugin.db import current_session
from sroi_plugin.models import MatrixEdit
from sroi_plugin.models import effective_matrix
from sroi_plugin.rules.matrix import ROLE_KEYS
from sroi_plugin.rules.matrix import STEPS
from sroi_plugin.rules.matrix import load_matrix
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.partnerships.access import commit_or_conflict
from sroi_plugin.web.partnerships.forms import MatrixCellForm
from sroi_plugin.web.partnerships.forms import labels
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Dutch names of the cell origins.
ORIGIN_LABELS = {
    "seed": "handreiking",
    "afgeleid": "afgeleid",
    "edited": "aangepast",
}


def _latest_edits() -> dict[tuple[str, str], MatrixEdit]:
    latest: dict[tuple[str, str], MatrixEdit] = {}
    for edit in current_session().scalars(
        select(MatrixEdit).order_by(MatrixEdit.edited_at, MatrixEdit.id)
    ):
        latest[(edit.step, edit.role)] = edit
    return latest


@bp.get("/matrix")
@require_roles(*ANY_ROLE)
def matrix() -> Response:
    """The organisation's matrix: every step × role, with the cell's origin and last edit."""
    return render_panel(
        "partnerships/matrix",
        matrix=effective_matrix(current_session()),
        steps=STEPS,
        roles=ROLE_KEYS,
        latest=_latest_edits(),
        can_edit=acting_user().has_any("admin"),
        origins=ORIGIN_LABELS,
        labels=labels(),
    )


def _cell_page(step: str, role: str, form: MatrixCellForm, status: int = 200) -> Response:
    history = (
        current_session()
        .scalars(
            select(MatrixEdit)
            .where(MatrixEdit.step == step, MatrixEdit.role == role)
            .order_by(MatrixEdit.edited_at.desc(), MatrixEdit.id.desc())
        )
        .all()
    )
    return render_panel(
        "partnerships/matrix_cell",
        http_status=status,
        step=step,
        role=role,
        shipped=load_matrix().cell(step, role),
        current=effective_matrix(current_session()).cell(step, role),
        history=history,
        form=form,
        origins=ORIGIN_LABELS,
        labels=labels(),
    )


@bp.route("/matrix/<step>/<role>", methods=["GET", "POST"])
@require_roles("admin")
def matrix_cell(step: str, role: str) -> Response:
    """Reword one cell for the organisation (blank drops the task), or go back to the guide."""
    if step not in STEPS or role not in ROLE_KEYS:
        abort(404, description=f"De matrix heeft geen cel voor stap {step!r} en rol {role!r}.")
    current = effective_matrix(current_session()).cell(step, role)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        return _cell_page(step, role, MatrixCellForm(data={"text": current.text or ""}))
    form = MatrixCellForm(request.form)
    if not form.validate():
        return _cell_page(step, role, form, 422)
    user = acting_user()
    current_session().add(
        MatrixEdit(
            step=step,
            role=role,
            text="" if form.revert.data else (form.text.data or "").strip(),
            reverted=bool(form.revert.data),
            edited_by_id=user.id,
            edited_by_name=user.name,
        )
    )
    commit_or_conflict()
    return respond_after_post(
        url_for("sroi.matrix") + f"#cel-{step}-{role}",
        lambda: _cell_page(
            step,
            role,
            MatrixCellForm(
                data={"text": effective_matrix(current_session()).cell(step, role).text or ""}
            ),
        ),
    )
