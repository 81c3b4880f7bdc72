"""Findings: what a rule tells a user, as data (code, severity, Dutch text, source)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How urgent a finding is; ordered ``error`` > ``warning`` > ``info``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Sort key: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One observation about a contract or clause.

    ``code`` is stable (tests and hosts rely on it); ``title`` and ``explanation`` are Dutch
    (what is wrong, why it matters, what to do); ``source`` names the handreiking step or the
    article; ``evidence`` is the clause sentence that triggered a text-based finding.
    """

    code: str
    severity: Severity
    title: str
    explanation: str
    source: str
    evidence: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """JSON-ready form used by the CLI (``--json``)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "title": self.title,
            "explanation": self.explanation,
            "source": self.source,
            "evidence": self.evidence,
        }
