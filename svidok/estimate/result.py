"""The one shape every estimator returns, so results can be compared, combined and shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Estimate"]


@dataclass(frozen=True)
class Estimate:
    """An estimate of a population total from a capture table.

    ``estimate`` is the total N̂ (documented + unobserved), never the unobserved count alone.
    ``lower``/``upper`` bound the interval at ``level``; ``interval`` names how it was made
    (e.g. "profile likelihood", "log-normal", "BCa bootstrap", "posterior quantiles").
    A refused estimate (model does not exist, chains did not converge, ...) has
    ``refused`` set to the reason and NaN figures; it is still a result, to be shown.
    ``draws`` holds posterior draws or bootstrap replicates of N when the method makes them
    (used to sum strata).
    """

    method: str
    lists: tuple[str, ...]
    documented: int
    estimate: float
    lower: float
    upper: float
    level: float = 0.95
    interval: str = ""
    se: float | None = None
    terms: tuple[str, ...] = ()
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    refused: str | None = None
    draws: npt.NDArray[np.float64] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def refusal(
        cls,
        method: str,
        lists: tuple[str, ...],
        documented: int,
        reason: str,
        **fields: Any,
    ) -> Estimate:
        """A refused result: the reason, the documented count, NaN figures."""
        nan = float("nan")
        return cls(method, lists, documented, nan, nan, nan, refused=reason, **fields)

    @property
    def ok(self) -> bool:
        return self.refused is None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (draws left out)."""
        return {
            "method": self.method,
            "lists": list(self.lists),
            "documented": self.documented,
            "estimate": None if self.refused else self.estimate,
            "lower": None if self.refused else self.lower,
            "upper": None if self.refused else self.upper,
            "level": self.level,
            "interval": self.interval,
            "se": self.se,
            "terms": list(self.terms),
            "diagnostics": self.diagnostics,
            "warnings": list(self.warnings),
            "refused": self.refused,
        }
