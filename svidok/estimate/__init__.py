"""Counting and estimating: capture histories, log-linear models (Rcapture / SparseMSE style),
Bayesian decomposable graphical models (dga), LCMCR, stratified totals. Pure numeric code:
nothing here reads the store."""

from svidok.estimate.result import Estimate
from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = ["CaptureTable", "CaptureTableError", "Estimate"]
