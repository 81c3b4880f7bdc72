"""Factories and helpers the test modules share.

Test modules import from here (and fixtures come from ``conftest.py``); a test module never
imports another test module or a ``conftest`` (``tests/test_test_layout.py`` checks this).

- :mod:`.clock`: the date the tests treat as today.
- :mod:`.web`: the HTMX header, fragments, CSRF tokens, following a redirect.
- :mod:`.partnerships`: starting a partnership, adding people, planning meetings (over HTTP).
- :mod:`.legal`: a proposed change for the legal queue, its review and decision URLs.
- :mod:`.import_page`: the portfolio import page (upload, preview, confirm).
- :mod:`.portfolio`: portfolio exports and running the import engine on them.
- :mod:`.xlsx`: xlsx files built byte by byte (odd shapes no writer library produces).
- :mod:`.corpus`: exports in the styles real host systems produce.
- :mod:`.monitoring`: monitoring templates, filled reports, seeded report lines.
- :mod:`.concurrency`: threads that report back, hooks that pause a transaction.
- :mod:`.routes`: every route of the blueprint, and a seeded world its URLs point into.
"""
