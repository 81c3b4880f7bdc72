"""``flask sroi import-portfolio --json --dry-run`` maps real exports as a person would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.models import Contract
from tests.helpers import corpus
from tests.helpers.corpus import CorpusFile
from tests.helpers.corpus import build
from tests.helpers.portfolio import count


def dry_run(app: Flask, tmp_path: Path, corpus_file: CorpusFile) -> dict[str, Any]:
    path = tmp_path / f"{corpus_file.name}.xlsx"
    path.write_bytes(build(corpus_file))
    result = app.test_cli_runner().invoke(
        args=["sroi", "import-portfolio", str(path), "--json", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


@pytest.mark.parametrize(
    "corpus_file", [corpus.CLM_ENGLISH, corpus.PROVINCE], ids=lambda item: item.name
)
def test_dry_run_maps_every_column_a_person_would_map(
    app: Flask, tmp_path: Path, session: Session, corpus_file: CorpusFile
) -> None:
    out = dry_run(app, tmp_path, corpus_file)
    assert out["mapped_columns"] == dict(corpus_file.mapping)
    assert out["unmapped_columns"] == list(corpus_file.unmapped)
    assert out["unmapped_fields"] == [
        spec.name for spec in FIELDS if spec.name != "ref" and spec.name not in corpus_file.mapping
    ]
    assert out["counts"]["new"] == len(corpus_file.values)
    assert out["committed"] is False
    assert count(session, Contract) == 0


def test_dry_run_says_which_fields_are_missing_and_what_that_costs(
    app: Flask, tmp_path: Path
) -> None:
    out = dry_run(app, tmp_path, corpus.CLM_ENGLISH)
    assert out["suggestions"] == {}
    assert [warning.split(":")[0] for warning in out["missing_field_warnings"]] == [
        "Geen kolom voor de jaarwaarde",
        "Geen kolom voor het social-returnpercentage",
        "Geen kolom voor het loonaandeel",
    ]
    assert "voor 2 nieuwe contracten" in out["missing_field_warnings"][0]
