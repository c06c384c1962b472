"""Fictional demo scenarios with ground truth, for demonstrations, tests and benchmarks.

:func:`generate` builds a population of fictional residents of occupied territories with life
stories, and the overlapping sources that name them (NGO lists, interviews, court decisions,
Telegram posts, an international report) each in its own way of writing names; the
:class:`Scenario` keeps the truth. :func:`bulk` streams many simple records fast.

Pure: builds records with :func:`svidok.model.make`; no storage, CLI or file output.
"""

from .bulk import bulk
from .population import TruePerson
from .scenario import DEFAULT_TODAY, Scenario, generate, truth_rows
from .stories import TrueEvent

__all__ = ["DEFAULT_TODAY", "Scenario", "TrueEvent", "TruePerson", "bulk", "generate", "truth_rows"]
