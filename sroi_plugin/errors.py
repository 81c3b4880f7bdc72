"""The plugin's exceptions: one base class, narrow subclasses that say what to fix.

Config problems raise at ``init_app``; bad data becomes a result (a finding, an invalid
row); bugs propagate. Messages are Dutch when a user reads them, English for developers.
"""

from __future__ import annotations


class SroiError(Exception):
    """Base class of every error the plugin raises on purpose."""


class ConfigError(SroiError):
    """A ``SROI_*`` setting is missing or has a value the plugin cannot use."""


class HostContractError(SroiError):
    """The host did not supply a callable the plugin needs (the message names the method)."""


class ImportFileError(SroiError):
    """An uploaded file cannot be read at all (not xlsx, corrupt, too large, encrypted …)."""


class RuleInputError(SroiError):
    """Input to a rule is missing or malformed; ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        #: dotted name of the offending input field, e.g. ``modification.ground``
        self.field = field
        #: what is wrong with it
        self.message = message
