"""Report data (pure): counts, tables and their provenance."""

from .stats import StatRow, count_events, period_label

__all__ = ["StatRow", "count_events", "period_label"]
