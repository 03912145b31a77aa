"""vendorscore: score, rank and stress-test customer-service outsourcing vendors."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
