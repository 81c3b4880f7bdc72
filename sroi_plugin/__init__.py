"""sroi_plugin: social-return (SROI) panels for a contract-management system."""

from __future__ import annotations

__version__ = "0.1.0"
