"""The ``Content-Disposition`` header of every file the plugin hands out.

A file name may hold anything a contract number or an uploaded file's name holds: letters
outside Latin-1 (which a WSGI server cannot write in a header), quotes, or a CR/LF (which would
end the header). :func:`content_disposition` writes it as RFC 6266 asks: an ASCII fallback in
``filename`` and the exact name, UTF-8 and percent-encoded, in ``filename*``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from sroi_plugin.rules import values

#: What the ASCII fallback keeps; anything else becomes ``_``.
_UNSAFE_IN_FALLBACK = re.compile(r"[^A-Za-z0-9 ._()+-]")
#: RFC 5987 ``attr-char`` beyond letters and digits, which ``filename*`` writes as they are.
_ATTR_CHARS = "!#$&+-.^_`|~"
#: Longest name written (a file system's limit).
_MAX_CHARS = 255


def content_disposition(filename: str) -> str:
    """``attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>`` for ``filename``.

    Control characters are dropped and runs of white space (CR/LF included) become one space;
    the fallback keeps ASCII letters, digits and ``._()+-`` (accents lose their mark: ``Ü`` →
    ``U``), the rest becomes ``_``.
    """
    name = " ".join(values.strip_control_chars(filename).split())[:_MAX_CHARS] or "download"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = _UNSAFE_IN_FALLBACK.sub("_", ascii_name)
    encoded = quote(name, safe=_ATTR_CHARS, encoding="utf-8")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
