"""``flask sroi matrix``: the organisation's matrix, as JSON exactly ``Matrix.as_dict()``."""

from __future__ import annotations

import json

from flask import Flask

from sroi_plugin.models import MatrixEdit
from sroi_plugin.rules.matrix import ROLE_KEYS
from sroi_plugin.rules.matrix import STEPS
from sroi_plugin.rules.matrix import load_matrix


def test_json_is_the_shipped_matrix_without_edits(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["sroi", "matrix", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == load_matrix().as_dict()
    assert data["steps"] == list(STEPS) and data["roles"] == list(ROLE_KEYS)
    assert set(data["cells"]["2B"]["hr_expert"]) == {"text", "origin"}


def test_json_applies_the_latest_edits(app: Flask) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        session.add_all(
            [
                MatrixEdit(
                    step="3",
                    role="hr_expert",
                    text="Eerste versie",
                    edited_by_id="u-beheer",
                    edited_by_name="Beheer",
                ),
                MatrixEdit(
                    step="3",
                    role="hr_expert",
                    text="Tweede versie",
                    edited_by_id="u-beheer",
                    edited_by_name="Beheer",
                ),
                MatrixEdit(
                    step="4",
                    role="contractor",
                    text="",
                    edited_by_id="u-beheer",
                    edited_by_name="Beheer",
                ),
                MatrixEdit(
                    step="5",
                    role="executive",
                    text="Weg",
                    edited_by_id="u-beheer",
                    edited_by_name="Beheer",
                ),
                MatrixEdit(
                    step="5",
                    role="executive",
                    text="",
                    reverted=True,
                    edited_by_id="u-beheer",
                    edited_by_name="Beheer",
                ),
            ]
        )
        session.commit()
    result = app.test_cli_runner().invoke(args=["sroi", "matrix", "--json"])
    assert result.exit_code == 0, result.output
    expected = load_matrix().with_edits(
        {("3", "hr_expert"): "Tweede versie", ("4", "contractor"): ""}
    )
    assert json.loads(result.output) == expected.as_dict()
    cells = json.loads(result.output)["cells"]
    assert cells["3"]["hr_expert"] == {"text": "Tweede versie", "origin": "edited"}
    assert cells["4"]["contractor"] == {"text": None, "origin": "edited"}
    assert cells["5"]["executive"] == {
        "text": load_matrix().cell("5", "executive").text,
        "origin": "seed",
    }


def test_plain_output_is_readable(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["sroi", "matrix"])
    assert result.exit_code == 0, result.output
    assert "Stap 2B — Verken de mogelijkheden binnen bestaande overeenkomsten" in result.output
    assert "  HR-expert [seed]: " in result.output
    assert "  Opdrachtnemer [afgeleid]: —" in result.output  # step 1 has no contractor task
