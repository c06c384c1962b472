"""Counting and estimating: capture histories, log-linear models (Rcapture / SparseMSE style),
Bayesian decomposable graphical models (dga), latent-class MLE, LCMCR, stratified totals.
Pure numeric code: nothing here reads the store."""

from svidok.estimate.closedp import best_model, closedp, closedp_model, closedp_ms
from svidok.estimate.dga import (
    DgaPosterior,
    default_nmissing_grid,
    dga,
    dga_delta_sensitivity,
    dga_posterior,
    negative_binomial_prior,
)
from svidok.estimate.diagnostics import ess_bulk, ess_tail, rhat
from svidok.estimate.latentclass import latent_class
from svidok.estimate.lcmcr import LcmcrDraws, lcmcr, lcmcr_draws
from svidok.estimate.loglinear import fit_loglinear
from svidok.estimate.result import Estimate
from svidok.estimate.sparse import ModelCheck, bca_bootstrap, check_model, fit_pairs, stepwise
from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = [
    "CaptureTable",
    "CaptureTableError",
    "DgaPosterior",
    "Estimate",
    "LcmcrDraws",
    "ModelCheck",
    "bca_bootstrap",
    "best_model",
    "check_model",
    "closedp",
    "closedp_model",
    "closedp_ms",
    "default_nmissing_grid",
    "dga",
    "dga_delta_sensitivity",
    "dga_posterior",
    "ess_bulk",
    "ess_tail",
    "fit_loglinear",
    "fit_pairs",
    "latent_class",
    "lcmcr",
    "lcmcr_draws",
    "negative_binomial_prior",
    "rhat",
    "stepwise",
]
