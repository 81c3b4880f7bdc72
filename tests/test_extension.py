"""The extension in both host styles, its config checks and the host contract."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from sroi_plugin import SroiPlugin
from sroi_plugin.db import Base
from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import HostContractError
from sroi_plugin.models import Contract
from tests.helpers.web import HTMX
from tests.hosts.fsa_host import create_fsa_host
from tests.hosts.plain_host import create_plain_host


def test_host_without_flask_sqlalchemy_gets_its_own_engine(tmp_path: Path) -> None:
    app, _ = create_plain_host(f"sqlite:///{tmp_path / 'plain.sqlite'}")
    with app.app_context():
        database = app.extensions["sroi"].db
        Base.metadata.create_all(database.engine)
        database.session.add(
            Contract(
                ref=" PL-1 ",
                title="Groenonderhoud",
                value_total=Decimal("400000"),
                sr_percentage=Decimal("5"),
                sr_basis="project_sum",
            )
        )
        database.session.commit()
    client = app.test_client()
    page = client.get("/contract/pl-1").get_data(as_text=True)
    assert 'hx-get="/sroi/contracten/pl-1/overzicht"' in page
    assert "htmx-2.0.11.min.js" in page
    panel = client.get("/sroi/contracten/pl-1/overzicht", headers=HTMX)
    assert panel.status_code == 200
    assert "€ 20.000" in panel.get_data(as_text=True)


def test_host_with_flask_sqlalchemy_shares_its_session(tmp_path: Path) -> None:
    app, db, supplier_model = create_fsa_host(f"sqlite:///{tmp_path / 'fsa.sqlite'}")
    with app.app_context():
        assert app.extensions["sroi"].db.session is db.session
        db.create_all()
        Base.metadata.create_all(db.engine)
        db.session.add(supplier_model(name="Groen B.V."))
        db.session.add(Contract(ref="FS-1", title="Maaiwerk", value_total=Decimal("100000")))
        db.session.commit()  # one transaction covers the host's row and the plugin's
        assert db.session.scalars(select(Contract.ref)).all() == ["FS-1"]
        assert all(name.startswith("sroi_") for name in Base.metadata.tables)
        assert "host_supplier" in db.metadata.tables
    response = app.test_client().get("/sroi/contracten/FS-1/overzicht")
    assert response.status_code == 200
    assert "Geen social-returnafspraak" in response.get_data(as_text=True)


def test_registering_twice_is_refused(tmp_path: Path) -> None:
    app, sroi = create_plain_host(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with pytest.raises(RuntimeError, match="already registered"):
        sroi.init_app(app)


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ({"SROI_URL_PREFIX": "sroi"}, "SROI_URL_PREFIX"),
        ({"SROI_URL_PREFIX": "/sroi/"}, "SROI_URL_PREFIX"),
        ({"SROI_TODAY": "25-11-2026"}, "SROI_TODAY"),
        ({"SROI_MAX_UPLOAD_MB": 0}, "SROI_MAX_UPLOAD_MB"),
        ({"SROI_TASK_DUE_DAYS": {"3": 0}}, "SROI_TASK_DUE_DAYS"),
        ({"SROI_TASK_DUE_DAYS": 30}, "SROI_TASK_DUE_DAYS"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
    ],
)
def test_bad_config_fails_at_start_naming_the_key(config: dict[str, object], key: str) -> None:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k", SROI_DATABASE_URI="sqlite://")
    app.config.update(config)
    with pytest.raises(ConfigError, match=key):
        SroiPlugin(app)


def test_custom_url_prefix(tmp_path: Path) -> None:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="k",
        SROI_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite'}",
        SROI_URL_PREFIX="/sociaal",
    )
    SroiPlugin(app)
    assert any(r.rule.startswith("/sociaal/contracten/") for r in app.url_map.iter_rules())
    assert not any(r.rule.startswith("/sroi/") for r in app.url_map.iter_rules())


def test_missing_user_loader_names_the_method(tmp_path: Path) -> None:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k", SROI_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite'}")
    SroiPlugin(app)
    app.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(HostContractError, match="@sroi.user_loader"):
        app.test_client().get("/sroi/contracten/X/overzicht")
