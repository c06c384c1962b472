"""Running several estimators on one table, and which result to put first.

No single method is right for every table; HRDAG and others compare several and say which
they trust and why. :func:`estimate_all` runs the chosen methods and :func:`recommend`
applies a documented rule:

- 2 lists: only the independence (Lincoln-Petersen) model can be fitted; it is shown with a
  warning that list dependence cannot be checked with two lists.
- 3 or more lists: LCMCR (latent classes absorb heterogeneous capture, the usual failure of
  simple models in this field) when its chains converged — on the table with two lists merged
  when one pair of lists is far more associated than the others (one list copying another's
  members, a dependence latent classes do not explain: :mod:`svidok.estimate.dependence`),
  when that run converged; otherwise dga (3-5 lists);
  otherwise the SparseMSE stepwise log-linear model; otherwise the Rcapture models, the
  latent-class MLE (when asked for), independence.
A method that refused is never recommended; if all refused, nothing is.

The latent-class MLE (``latentclass``, not run by default) was tried first in the rule: on
simulated two-group populations its profile-likelihood intervals cover the true N far more
often than LCMCR's (whose uniform priors shrink the weakly identified hidden group; see
docs/benchmarks.md), but it finds no upper bound for about one table in five there, none for 9
of the 16 published tables, and on some of the others answers far above the published analyses
(UK 2013: at least 20,024 where the published analyses give about 10,000-13,000). A figure that overstates
can do as much harm as one that understates, so it is offered for comparison, not put first.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import Any

from svidok.estimate.result import Estimate
from svidok.estimate.table import CaptureTable, CaptureTableError

__all__ = ["DEFAULT_METHODS", "METHODS", "estimate_all", "recommend"]


def _independence(table: CaptureTable, seed: int, options: dict[str, Any]) -> Estimate:
    from svidok.estimate.loglinear import fit_loglinear

    return fit_loglinear(table, (), interval="profile")


def _stepwise(table: CaptureTable, seed: int, options: dict[str, Any]) -> Estimate:
    from svidok.estimate.sparse import stepwise

    return stepwise(table)


def _bootstrap(table: CaptureTable, seed: int, options: dict[str, Any]) -> Estimate:
    from svidok.estimate.sparse import bca_bootstrap

    return bca_bootstrap(table, int(options.get("bootstrap", 1000)), seed=seed)


def _closedp(table: CaptureTable, seed: int, options: dict[str, Any]) -> Estimate:
    from svidok.estimate.closedp import best_model, closedp

    if table.j < 3:
        return _refusal(table, "Rcapture models need at least 3 lists (occasions)", "closedp")
    return best_model(closedp(table, interval="profile"))


def _dga(table: CaptureTable, seed: int, options: dict[str, Any]) -> Estimate:
    from svidok.estimate.dga import dga

    return dga(table, seed=seed)


def _latentclass(table: CaptureTable, seed: int, options: dict[str, Any]) -> Estimate:
    from svidok.estimate.latentclass import latent_class

    return latent_class(table, seed=seed, max_classes=int(options.get("max_classes", 3)))


def _lcmcr(table: CaptureTable, seed: int, options: dict[str, Any]) -> Estimate:
    from svidok.estimate.lcmcr import JEFFREYS, lcmcr

    settings = {
        "classes": int(options.get("classes", 10)),
        "chains": int(options.get("chains", 4)),
        "burnin": int(options.get("burnin", 10_000)),
        "samples": int(options.get("samples", 1_000)),
        "thinning": int(options.get("thinning", 10)),
    }
    prior = float(options.get("prior", JEFFREYS))

    def run(seed: int, s: dict[str, int]) -> Estimate:
        return lcmcr(
            table,
            seed=seed,
            classes=s["classes"],
            chains=s["chains"],
            burnin=s["burnin"],
            samples=s["samples"],
            thinning=s["thinning"],
            prior=prior,
        )

    first = run(seed, settings)
    if first.ok or not options.get("retry", True):
        return first
    # Chains that disagree often only needed longer: run twice as many, four times as long,
    # once, before giving up (the refusal then stands, with both attempts' diagnostics).
    longer = {
        **settings,
        "chains": 2 * settings["chains"],
        "burnin": 4 * settings["burnin"],
        "samples": 2 * settings["samples"],
    }
    second = run(seed + 7919, longer)
    attempts = {"first_attempt": {"refused": first.refused, **_brief(first.diagnostics)}}
    if second.ok or not _slow_mixing(second):
        return dataclasses.replace(second, diagnostics={**second.diagnostics, **attempts})
    # The chains agree (R-hat <= 1.1) but move slowly in N (bulk ESS < 100): under strong
    # heterogeneity the hidden class's size trades off against its small capture probabilities,
    # and the sampler crawls along that ridge. Keeping every 50th sweep instead of every 10th
    # gives the same chains five times the effective draws (docs/benchmarks.md: every such
    # refusal on the simulated populations converged then, and its interval covered N).
    slower = {**longer, "thinning": 5 * settings["thinning"]}
    third = run(seed + 2 * 7919, slower)
    attempts["second_attempt"] = {"refused": second.refused, **_brief(second.diagnostics)}
    return dataclasses.replace(third, diagnostics={**third.diagnostics, **attempts})


def _slow_mixing(result: Estimate) -> bool:
    """Refused only because the chains mix slowly: they agree, none run into the cap."""
    d = result.diagnostics
    return (
        bool(result.refused)
        and d.get("rhat", math.inf) <= 1.1
        and d.get("ess_bulk", math.inf) < 100
        and d.get("share_near_cap", 1.0) <= 0.05
    )


def _lcmcr_merged(table: CaptureTable, seed: int, options: dict[str, Any]) -> Estimate | None:
    """LCMCR on the table with a dependent pair of lists merged, when a pair stands out."""
    from svidok.estimate.dependence import dependent_pair, merge_pair

    pair = dependent_pair(table)
    if pair is None:
        return None
    merged = merge_pair(table, pair.lists)
    result = _lcmcr(merged, seed, options)
    found = {
        "lists": list(pair.lists),
        "log_odds_ratio": pair.log_odds_ratio,
        "others_median": pair.others_median,
        "z": pair.z,
        "why": pair.describe(),
    }
    return dataclasses.replace(
        result,
        method=f"{result.method} ({'+'.join(pair.lists)} merged)",
        warnings=(*result.warnings, pair.describe() + "; they are merged into one list here"),
        diagnostics={**result.diagnostics, "dependent_pair": found, "method_key": "lcmcr_merged"},
    )


def _brief(diagnostics: dict[str, Any]) -> dict[str, Any]:
    return {k: diagnostics[k] for k in ("rhat", "ess_bulk") if k in diagnostics}


def _refusal(table: CaptureTable, reason: str, method: str) -> Estimate:
    return Estimate.refusal(method, table.lists, table.n, reason)


METHODS: dict[str, Callable[[CaptureTable, int, dict[str, Any]], Estimate]] = {
    "independence": _independence,
    "stepwise": _stepwise,
    "bootstrap": _bootstrap,
    "closedp": _closedp,
    "dga": _dga,
    "latentclass": _latentclass,
    "lcmcr": _lcmcr,
}
DEFAULT_METHODS = ("independence", "stepwise", "dga", "lcmcr")
_PREFERENCE = (
    "lcmcr_merged",
    "lcmcr",
    "dga",
    "stepwise",
    "bootstrap",
    "closedp",
    "latentclass",
    "independence",
)


def _no_overlap(table: CaptureTable) -> str | None:
    """Why no method can estimate from this table, when the lists do not overlap at all."""
    sizes = table.list_sizes()
    named = [name for name in table.lists if sizes[name] > 0]
    if len(named) < 2:
        return (
            f"only {len(named)} of the {table.j} lists names anyone here: estimating the "
            "undocumented needs persons found on more than one list"
        )
    if not any(sum(pattern) > 1 for pattern, count in table.counts.items() if count):
        return (
            "no two lists share anyone: estimating the undocumented needs persons found on more "
            "than one list (from a database whose lists were not linked yet: run `svidok link`)"
        )
    everyone = [name for name in table.lists if sizes[name] == table.n]
    if everyone:
        return (
            f"list {everyone[0]} names every one of the {table.n:,} documented persons: a list "
            "that holds everyone the others found is made from them (or is a complete register), "
            "and says nothing about who is missing; leave it out, or merge it with the others"
        )
    return None


def estimate_all(
    table: CaptureTable,
    methods: Sequence[str] = DEFAULT_METHODS,
    *,
    seed: int = 1,
    options: dict[str, Any] | None = None,
) -> list[Estimate]:
    """Run each method on the table; a method that cannot run gives a refused result."""
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise CaptureTableError(
            f"unknown estimation method(s) {unknown}; choose from {sorted(METHODS)}"
        )
    missing = _no_overlap(table)
    if missing:
        return [
            dataclasses.replace(_refusal(table, missing, name), diagnostics={"method_key": name})
            for name in methods
        ]
    results = []
    for name in methods:
        if table.j < 3 and name in ("dga", "latentclass", "lcmcr", "closedp"):
            refused = _refusal(table, f"{name} needs at least 3 lists", name)
            results.append(dataclasses.replace(refused, diagnostics={"method_key": name}))
            continue
        result = METHODS[name](table, seed, dict(options or {}))
        results.append(
            dataclasses.replace(result, diagnostics={**result.diagnostics, "method_key": name})
        )
    if "lcmcr" in methods and table.j >= 4 and (options or {}).get("merge_dependent", True):
        # A list that copies another's members: LCMCR again with the pair merged (appended
        # after the methods asked for, which keep their places).
        merged = _lcmcr_merged(table, seed, dict(options or {}))
        if merged is not None:
            results.append(merged)
    return results


def _key(result: Estimate) -> str:
    return str(result.diagnostics.get("method_key", result.method))


def recommend(results: Sequence[Estimate]) -> tuple[Estimate | None, str]:
    """The result to put first, and why (see the module's rule)."""
    usable = [
        r for r in results if r.ok and all(map(math.isfinite, (r.estimate, r.lower, r.upper)))
    ]
    if not usable:
        return None, "every method refused this table: see each method's reason"
    j = len(usable[0].lists)
    if j == 2:
        for r in usable:
            if _key(r) == "independence":
                return r, (
                    "two lists: only the independence model can be fitted, and list dependence "
                    "cannot be checked; treat the interval as optimistic"
                )
    lcmcr_refused = any(_key(r) == "lcmcr" and not r.ok for r in results)
    dependent = [r for r in results if _key(r) == "lcmcr_merged"]
    for preferred in _PREFERENCE:
        for r in usable:
            if _key(r) == preferred:
                why = _WHY[preferred]
                if preferred == "lcmcr_merged":
                    pair = r.diagnostics["dependent_pair"]["lists"]
                    found = r.diagnostics["dependent_pair"]
                    return r, why.format(a=pair[0], b=pair[1], warning=found["why"])
                if dependent:
                    pair = dependent[0].diagnostics["dependent_pair"]["lists"]
                    why += (
                        f"; lists {pair[0]} and {pair[1]} look dependent (one copying the other) "
                        "but LCMCR with them merged refused (see its reason): a direct "
                        "dependence makes intervals too narrow"
                    )
                if lcmcr_refused and preferred not in ("latentclass", "lcmcr"):
                    why += (
                        "; LCMCR refused (see its reason): when its chains disagree, some "
                        f"people are probably much less visible than others, which {r.method} "
                        "does not model, so read its interval as a floor"
                    )
                return r, why
    return usable[0], "the first method that gave a result"


_WHY = {
    "latentclass": (
        "latent-class MLE (profile-likelihood interval): the other methods not run or refused"
    ),
    "lcmcr_merged": (
        "LCMCR with lists {a} and {b} merged into one: {warning}; latent classes explain "
        "heterogeneous visibility but not a list copying another's members, which left alone "
        "makes the interval too narrow; its chains agree (R-hat)"
    ),
    "lcmcr": "LCMCR: latent classes model heterogeneous capture; its chains agree (R-hat)",
    "dga": "dga: model-averaged over decomposable graphs (LCMCR not run, or refused)",
    "stepwise": "SparseMSE stepwise: Bayesian methods not run or refused; the model exists",
    "bootstrap": "BCa bootstrap of the stepwise model: Bayesian methods not run or refused",
    "closedp": "Rcapture model with the lowest BIC: other methods not run or refused",
    "independence": "independence model: no other method gave a result; assumes lists independent",
}
