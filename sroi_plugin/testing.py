"""A test helper for hosts: assert that a host page embeds the SROI panels (like FlaskLoginClient).

Use it in the host's own tests::

    from sroi_plugin.testing import assert_embeds_panels

    def test_contract_page_has_sroi(client):
        html = client.get("/contracts/C-1").get_data(as_text=True)
        assert_embeds_panels(html, "C-1")            # every registered panel
        assert_embeds_panels(html, "C-1", ["overview"])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape

from sroi_plugin.web.panels.registry import PANELS

_SLOT = re.compile(
    r'<div class="sroi-slot" id="sroi-slot-(?P<name>[\w-]+)" hx-get="(?P<url>[^"]+)"'
)


def embedded_panels(html: str) -> dict[str, str]:
    """Panel name → URL of every SROI placeholder in ``html``."""
    return {m["name"]: unescape(m["url"]) for m in _SLOT.finditer(html)}


def assert_embeds_panels(html: str, ref: str, names: Iterable[str] | None = None) -> None:
    """Fail with a readable message unless ``html`` embeds the panels for contract ``ref``.

    :param names: panels that must be present; all registered panels when omitted.
    """
    wanted = list(PANELS) if names is None else list(names)
    found = embedded_panels(html)
    missing = [name for name in wanted if name not in found]
    if missing:
        raise AssertionError(
            f"SROI panels not embedded: {', '.join(missing)} (found: {sorted(found)})"
        )
    wrong = {name: found[name] for name in wanted if f"/{ref}/" not in found[name]}
    if wrong:
        raise AssertionError(f"SROI panels embedded for another contract than {ref!r}: {wrong}")
