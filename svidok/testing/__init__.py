"""Helpers for svidok's own test suite (fixtures, throwaway servers).

Nothing here is imported by the rest of the package, and nothing here requires pytest at
import time.
"""

__all__: list[str] = []
