"""Monitoring engine, apart from the web: template, reader, importer, figures, exports.

:mod:`.template` writes the reporting template a contractor fills in; :mod:`.report` reads a
filled one through the importer's safety module and the AVG guard; :mod:`.importer` runs the
all-or-nothing import (preview = the real import, rolled back), whose upload waits under a
token between preview and confirm in :mod:`sroi_plugin.importing.uploads`; :mod:`.figures`
aggregates reports in SQL for the panel and the dashboard; :mod:`.chart` lays out the period
chart; :mod:`.exports` writes the management reports. The rules themselves live in
:mod:`sroi_plugin.rules.monitoring` and :mod:`sroi_plugin.rules.privacy`.
"""

from __future__ import annotations
