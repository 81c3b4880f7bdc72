"""The wheel carries templates, migrations and static files, and renders a panel installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RENDER_FROM_WHEEL = """
import sys, sroi_plugin
from decimal import Decimal
from pathlib import Path
assert Path(sroi_plugin.__file__).is_relative_to(Path(sys.argv[1])), sroi_plugin.__file__
from sroi_plugin.models import Contract
from sroi_plugin.migrating import upgrade_database
from tests_host import create_plain_host
app, _ = create_plain_host("sqlite:///" + sys.argv[2])
upgrade_database(app)
with app.app_context():
    s = app.extensions["sroi"].db.session
    s.add(Contract(ref="W-1", title="Wiel", value_total=Decimal("500000"),
                   sr_percentage=Decimal("4")))
    s.commit()
html = app.test_client().get("/sroi/contracten/W-1/overzicht").get_data(as_text=True)
assert "€ 20.000" in html and "<!doctype html>" in html, html
css = app.test_client().get("/sroi/static/sroi.css")
assert css.status_code == 200
print("rendered-from-wheel")
"""


def test_installed_wheel_renders_a_panel(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(dist.glob("sroi_plugin-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "sroi_plugin/templates/sroi/panels/overview.html" in names
    assert "sroi_plugin/migrations/env.py" in names
    assert "sroi_plugin/static/htmx-2.0.11.min.js" in names
    assert "sroi_plugin/fixtures/demo_contracts.json" in names

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    host_dir = tmp_path / "host"
    host_dir.mkdir()
    (host_dir / "tests_host.py").write_text((ROOT / "tests/hosts/plain_host.py").read_text())
    result = subprocess.run(
        [sys.executable, "-c", RENDER_FROM_WHEEL, str(target), str(tmp_path / "w.sqlite")],
        cwd=host_dir,
        env={"PYTHONPATH": f"{target}:{host_dir}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "rendered-from-wheel" in result.stdout
