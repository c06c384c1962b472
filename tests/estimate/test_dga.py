"""dga: Bayesian model averaging over decomposable graphs, against EXPECTED.md rows 6 and 7."""

from __future__ import annotations

import math

import numpy as np
import pytest

from svidok.estimate import (
    CaptureTable,
    default_nmissing_grid,
    dga,
    dga_delta_sensitivity,
    dga_posterior,
    negative_binomial_prior,
)
from svidok.estimate._graphs import decomposable_graphs


@pytest.mark.parametrize(("p", "count"), [(3, 8), (4, 61), (5, 822)])
def test_it_enumerates_every_decomposable_graph(p, count):
    graphs = decomposable_graphs(p)
    assert len(graphs) == count
    assert len({g.edges for g in graphs}) == count


def test_it_leaves_out_chordless_cycles():
    square = ((0, 1), (0, 3), (1, 2), (2, 3))
    assert square not in {g.edges for g in decomposable_graphs(4)}


def test_it_reads_separators_off_a_junction_tree():
    by_edges = {g.edges: g for g in decomposable_graphs(4)}
    chain = by_edges[((0, 1), (1, 2), (2, 3))]
    assert chain.cliques == ((0, 1), (1, 2), (2, 3))
    assert chain.separators == ((1,), (2,))
    split = by_edges[((0, 1),)]
    assert split.cliques == ((0, 1), (2,), (3,))
    assert split.separators == ()
    assert split.describe(("A", "B", "C", "D")) == "A*B + C + D"


def test_it_builds_the_nmissing_grid_of_the_published_runs():
    grid = default_nmissing_grid(2744)
    assert grid[0] == 1
    assert grid[-1] == 30 * 2744
    assert len(grid) == 1000
    # 23,016 - 2,744 is the 247th grid value (R: round(seq(1, 82320, length.out=1000))[247])
    assert grid[246] == 23016 - 2744


def test_it_matches_the_madigan_york_spina_bifida_example(table):
    """EXPECTED row 6: T17, delta = 1, negative-binomial prior (a = 13.14, b = 55.17)."""
    post = dga_posterior(
        table("T17"),
        delta=1.0,
        nmissing=np.arange(1, 301),
        log_prior=negative_binomial_prior(13.14, 55.17),
    )
    top = post.top_models(1)[0]
    assert round(float(post.model_weights()[top]), 2) == 0.37
    assert round(post.bayes_estimate(top)) == 731
    assert round(post.mode(top)) == 729
    assert round(post.bayes_estimate()) == 731
    assert round(post.mode()) == 728


ROW7 = {
    "T3": (23016, 10408, 33481),
    "T5": (50270, 41616, 203328),
    "T7": (869, 514, 1763),
    "T8": (2128, 1340, 3868),
    "T10": (2255, 1186, 7314),
}


@pytest.mark.parametrize("name", sorted(ROW7))
def test_it_matches_the_published_dga_medians_and_intervals(table, name):
    """EXPECTED row 7: delta = 2^-J, 1/N prior, the 30n grid; exact after rounding."""
    result = dga(table(name))
    assert result.ok
    assert (round(result.estimate), round(result.lower), round(result.upper)) == ROW7[name]
    assert result.interval == "posterior quantiles"
    assert result.diagnostics["delta"] == 2.0 ** -len(result.lists)
    assert result.documented == table(name).n


def test_the_posterior_is_a_distribution_over_graphs_and_counts(table):
    post = dga_posterior(table("T10"))
    assert post.weights.shape == (61, len(default_nmissing_grid(table("T10").n)))
    assert math.isclose(float(post.weights.sum()), 1.0)
    assert (post.weights >= 0).all()


def test_permuting_lists_does_not_change_the_estimate(table):
    t = table("T8")
    shuffled = t.reorder(tuple(reversed(t.lists)))
    a, b = dga(t), dga(shuffled)
    assert (a.estimate, a.lower, a.upper) == (b.estimate, b.lower, b.upper)
    assert math.isclose(a.diagnostics["top_model_weight"], b.diagnostics["top_model_weight"])


def test_tabulated_and_individual_input_give_the_same_estimate(table):
    t = table("T17")
    rows = CaptureTable.from_individuals(t.lists, t.individuals().tolist())
    assert dga(t).estimate == dga(rows).estimate


def test_it_reports_model_weights_and_bayes_estimate(table):
    result = dga(table("T10"))
    weights = result.diagnostics["model_weights"]
    assert weights[0]["weight"] == result.diagnostics["top_model_weight"]
    assert weights == sorted(weights, key=lambda w: -w["weight"])
    assert result.terms == tuple(weights[0]["model"].split(" + "))
    assert result.lower < result.diagnostics["bayes_estimate"] < result.upper


def test_its_draws_are_seeded_and_on_the_grid(table):
    t = table("T7")
    a, b = dga(t, draws=500, seed=3), dga(t, draws=500, seed=3)
    assert a.draws is not None and b.draws is not None
    assert np.array_equal(a.draws, b.draws)
    assert set(a.draws - t.n) <= set(default_nmissing_grid(t.n).tolist())


def test_it_warns_when_the_grid_cuts_the_posterior_off(table):
    result = dga(table("T17"), nmissing=np.arange(1, 60))
    assert any("grid" in w for w in result.warnings)


def test_it_refuses_tables_with_too_few_or_too_many_lists():
    two = CaptureTable.from_cells(["A", "B"], [("10", 5), ("01", 4), ("11", 3)])
    result = dga(two)
    assert not result.ok
    assert "3 to 5 lists" in (result.refused or "")
    assert math.isnan(result.estimate)


def test_delta_sensitivity_runs_each_delta(table):
    t = table("T17")
    runs = dga_delta_sensitivity(t, deltas=(0.125, 1.0), draws=0)
    assert set(runs) == {0.125, 1.0}
    assert runs[0.125].estimate == dga(t, draws=0).estimate
    assert runs[1.0].diagnostics["delta"] == 1.0


def test_negative_binomial_prior_is_a_normalised_distribution():
    log_p = negative_binomial_prior(13.14, 55.17)(np.arange(0, 20000, dtype=np.float64))
    assert math.isclose(float(np.exp(log_p).sum()), 1.0, rel_tol=1e-9)
    with pytest.raises(ValueError):
        negative_binomial_prior(0, 1)


def _t17(scale: int) -> CaptureTable:
    """The spina bifida table (T17) with every count multiplied: the same shape, more people."""
    counts = {(1, 0, 0): 60, (0, 1, 0): 49, (0, 0, 1): 247, (1, 1, 0): 4}
    counts |= {(1, 0, 1): 112, (0, 1, 1): 142, (1, 1, 1): 12}
    return CaptureTable(("R", "D", "B"), {k: v * scale for k, v in counts.items()})


def test_a_large_table_is_read_on_a_grid_finer_than_its_posterior():
    """R's grid steps by 30n/1000: for thousands of persons the posterior fits between two
    grid values and the interval collapsed to a point or to the documented count."""
    for scale in (10, 100):
        table = _t17(scale)
        result = dga(table)
        assert result.ok and result.diagnostics["grid_refined"]
        assert table.n < result.lower < result.estimate < result.upper
        coarse_step = 30 * table.n / 1000
        assert result.upper - result.lower > 2 * coarse_step / 10


def test_a_posterior_on_one_value_is_refused_not_given_a_zero_width_interval():
    result = dga(_t17(10_000))
    assert not result.ok and "one value" in str(result.refused)


def test_weight_on_the_graph_with_every_interaction_is_pointed_out():
    hav = CaptureTable(
        ("P", "Q", "E"),
        {(1, 0, 0): 69, (0, 1, 0): 55, (0, 0, 1): 63, (1, 1, 0): 21, (1, 0, 1): 17}
        | {(0, 1, 1): 18, (1, 1, 1): 28},
    )
    result = dga(hav)
    assert result.ok and any("every interaction" in w for w in result.warnings)
