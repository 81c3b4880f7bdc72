"""A site served by a real server, driven over HTTP as a browser would (cookies, CSRF, the
demo's user switcher, a multipart upload), with the standard library only."""

from __future__ import annotations

import http.client
import re
import secrets
import time
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlencode

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
#: No request to the site may take longer (a worker timeout shows as a failed request).
REQUEST_TIMEOUT = 60.0


@dataclass
class Answer:
    status_code: int
    headers: dict[str, str]
    text: str
    seconds: float

    def get_data(self, as_text: bool = True) -> str:
        return self.text


@dataclass
class Browser:
    """One user's cookie jar on ``127.0.0.1:port``; every answer and its time are kept."""

    port: int
    cookie: str = ""
    answers: list[Answer] = field(default_factory=list)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        sent = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        answer = Answer(
            response.status, dict(response.getheaders()), text, time.monotonic() - started
        )
        self.answers.append(answer)
        return answer

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def csrf(self, page: str) -> str:
        found = _CSRF.search(self.get(page).text)
        assert found, f"no CSRF token on {page}"
        return found.group(1)

    def post(self, path: str, form: dict[str, str], page: str) -> Answer:
        data = urlencode({"csrf_token": self.csrf(page), **form}).encode()
        return self.request(
            "POST", path, data, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def act_as(self, role: str) -> None:
        """Switch the demo's user (its switcher form is on every demo page)."""
        answer = self.post("/demo/gebruiker", {"gebruiker": role, "terug": "/"}, "/contracten")
        assert answer.status_code == 302, answer.status_code

    def upload(self, path: str, page: str, file_name: str, data: bytes) -> Answer:
        boundary = secrets.token_hex(16)
        token = self.csrf(page)
        body = b"".join(
            [
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
                f"{token}\r\n".encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="bestand"; '
                f'filename="{file_name}"\r\n'.encode(),
                b"Content-Type: application/octet-stream\r\n\r\n",
                data,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        return self.request(
            "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
