"""sroi_plugin: social-return (SROI) panels for a contract-management system."""

from __future__ import annotations

from sroi_plugin.errors import SroiError
from sroi_plugin.extension import SroiPlugin
from sroi_plugin.hostspec import ROLES
from sroi_plugin.hostspec import SroiUser

__version__ = "0.1.0"

__all__ = ["ROLES", "SroiError", "SroiPlugin", "SroiUser", "__version__"]
