"""Svidok: documenting forced conscription of residents of occupied territories."""

__version__ = "0.1.0"

__all__ = ["__version__"]
