"""Training and prediction with Splink, on any backend; term frequencies frozen with the model.

A trained model is Splink's JSON plus what Svidok adds under the key ``"svidok"``: the term
frequencies of surnames seen at training (so that every later run, full or incremental,
scores pairs the same way until the model is retrained), the m/u floors applied, and the
version of the data it was trained on.
"""

from __future__ import annotations

import copy
import json
import logging
import math
from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..errors import SvidokError
from ..store import LinkPair
from . import model as M

__all__ = ["TF_COLUMNS", "predict", "train"]

TF_COLUMNS = ("surname_main", "given_main")
_DEFAULT_PRIOR = 0.0005  # the match prior when the data give no deterministic rule a match
_M_FLOOR = 0.002  # no level of a comparison may rule a match out on its own
_U_FLOOR = 1e-5
_LOG = logging.getLogger("svidok.linkage")


# Person rows: a sequence of dicts (features.rows) or a pyarrow Table with the same columns
# (for a million records the dicts alone take gigabytes; a table is built chunk by chunk).
Rows = Any


def _is_table(rows: Rows) -> bool:
    import pyarrow as pa

    return isinstance(rows, pa.Table)


def _count(rows: Rows) -> int:
    return int(rows.num_rows) if _is_table(rows) else len(rows)


def _values(rows: Rows, column: str) -> list[Any]:
    if _is_table(rows):
        return list(rows.column(column).to_pylist()) if column in rows.column_names else []
    return [r.get(column) for r in rows]


def _table(rows: Rows, only_new: set[str] | None = None) -> Any:
    import pyarrow as pa

    if _is_table(rows):
        if only_new is None:
            return rows
        flags = [1 if i in only_new else 0 for i in rows.column("unique_id").to_pylist()]
        return rows.append_column("is_new", pa.array(flags, type=pa.int64()))
    if only_new is not None:
        rows = [{**r, "is_new": 1 if r["unique_id"] in only_new else 0} for r in rows]
    return pa.Table.from_pylist(list(rows))


def _check(rows: Rows) -> None:
    count = _count(rows)
    if count < 2:
        raise SvidokError(f"linkage needs at least two named person records, there are {count}")
    if not any(_values(rows, "surname_keys")) and not any(_values(rows, "given_groups")):
        raise SvidokError("no person record has a usable name: nothing to link on")


def train(
    rows: Rows,
    db_api: Any,
    *,
    seed: int = 1,
    max_pairs: float = 1e6,
    data_version: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Train the model unsupervised: the match prior from deterministic rules, u by random
    sampling, m by expectation maximisation on several blocking rules."""
    from splink import Linker, block_on

    _check(rows)
    frame = db_api.register(_table(rows))
    linker = Linker(frame, M.settings(), log_level=logging.ERROR)
    try:
        linker.training.estimate_probability_two_random_records_match(
            [
                block_on("surname_main", "given_main", "birth_year_low"),
                block_on("surname_main", "given_main", "origin_settlement"),
            ],
            recall=0.6,
        )
    except Exception as exc:  # too few deterministic matches in a tiny data set: keep the prior
        _LOG.info("prior not estimated: %s", exc)
    prior = linker._settings_obj._probability_two_random_records_match
    if not 0 < prior < 1:  # no rule could fire (no birth years, no origins): the default prior
        _LOG.info("prior estimated as %s: the default is kept", prior)
        linker._settings_obj._probability_two_random_records_match = _DEFAULT_PRIOR
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    for rule in M.training_blocking_rules():
        # Splink takes the rule's comparisons out of the model for the session and does not
        # put them back when the session fails: without the copy, a rule that finds no pairs
        # (no two records of one settlement and birth date) drops birth and origin for good.
        saved = copy.deepcopy(linker._settings_obj)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except Exception as exc:  # a rule that finds no pairs in a small data set
            _LOG.info("EM on %s skipped: %s", rule, exc)
            linker._settings_obj = saved
    trained: dict[str, Any] = linker.misc.save_model_to_json()
    _untrained_defaults(trained)
    for comparison in trained["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            if level.get("m_probability") is None or level["m_probability"] < _M_FLOOR:
                level["m_probability"] = _M_FLOOR
            if level.get("u_probability") is None or level["u_probability"] < _U_FLOOR:
                level["u_probability"] = _U_FLOOR
    counts = {c: Counter(v for v in _values(rows, c) if v) for c in TF_COLUMNS}
    trained["svidok"] = {
        "model_version": 1,
        "records": _count(rows),
        "data_version": data_version or {},
        "floors": {"m": _M_FLOOR, "u": _U_FLOOR},
        "tf": {
            c: {v: n / sum(cnt.values()) for v, n in sorted(cnt.items())}
            for c, cnt in counts.items()
        },
    }
    return trained


# Typical m-probabilities of the name comparisons' levels (a model trained on the demo data,
# rounded), for data that no training rule can estimate them on: names alone, with no birth
# dates (the rules that leave the names free block on birth). Floors would make a shared name
# count for nothing.
_DEFAULT_M = {
    "surname": (0.95, 0.002, 0.03, 0.02),
    "given_name": (0.89, 0.002, 0.065, 0.04),
    "patronymic": (0.93, 0.055),
}


def _untrained_defaults(trained: dict[str, Any]) -> None:
    """Give the name comparisons that no EM session reached their typical m-probabilities."""
    for comparison in trained["comparisons"]:
        defaults = _DEFAULT_M.get(comparison.get("output_column_name", ""))
        levels = [
            level
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level") and not level.get("fix_m_probability")
        ]
        if defaults is None or any(level.get("m_probability") is not None for level in levels):
            continue
        _LOG.info("no training rule reached %s: typical m-probabilities used", comparison)
        for level, m in zip(levels, defaults, strict=False):
            level["m_probability"] = m


def _tf_lookup(model: dict[str, Any], rows: Rows, column: str) -> Any:
    import pyarrow as pa

    frozen: dict[str, float] = model.get("svidok", {}).get("tf", {}).get(column, {})
    rare = min(frozen.values()) if frozen else 1e-6
    values = sorted({v for v in _values(rows, column) if v})
    return pa.Table.from_pylist([{column: v, f"tf_{column}": frozen.get(v, rare)} for v in values])


def _detail(row: dict[str, Any], levels: dict[str, list[tuple[str, float]]]) -> str:
    """What each comparison contributed. Predictions keep only the weights (the inputs are
    not retained, to save memory), so the level is the one whose weight it is."""
    detail = {}
    for comparison, options in levels.items():
        weight = row.get(f"mw_{comparison}")
        if weight is None or (isinstance(weight, float) and math.isnan(weight)):
            continue
        weight = float(weight)
        label, level_weight = min(options, key=lambda o: abs(o[1] - weight), default=("", 0.0))
        if abs(level_weight - weight) > 1e-6:
            continue  # the null level (weight 0): nothing to compare
        total = weight + float(row.get(f"mw_tf_adj_{comparison}") or 0.0)
        detail[comparison] = {"level": label, "weight": round(total, 2)}
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)


def _levels(model: dict[str, Any]) -> dict[str, list[tuple[str, float]]]:
    levels: dict[str, list[tuple[str, float]]] = {}
    for comparison in model["comparisons"]:
        options = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if m and u:
                options.append(
                    (level.get("label_for_charts", level["sql_condition"]), math.log2(m / u))
                )
        levels[comparison["output_column_name"]] = options
    return levels


def predict(
    rows: Rows,
    model: dict[str, Any],
    db_api: Any,
    *,
    min_probability: float,
    only_new: set[str] | None = None,
) -> Iterator[LinkPair]:
    """Score candidate pairs with a trained model; with ``only_new``, only pairs that involve
    at least one of those record ids (the rest were scored before with the same model)."""
    from splink import Linker

    from .backends import model_for_backend

    _check(rows)
    dialect = db_api.sql_dialect.sql_dialect_str
    settings = copy.deepcopy(model)
    extras = settings.pop("svidok", None)
    if settings.get("sql_dialect", dialect) != dialect:  # trained on another backend
        settings = model_for_backend(settings, M.settings(), dialect)
    settings["blocking_rules_to_generate_predictions"] = M.blocking_rule_dicts(only_new is not None)
    del extras
    frame = db_api.register(_table(rows, only_new if only_new is not None else None))
    linker = Linker(frame, settings, log_level=logging.ERROR)
    for column in TF_COLUMNS:
        lookup = db_api.register(_tf_lookup(model, rows, column))
        linker.table_management.register_term_frequency_lookup(lookup, column)
    predictions = linker.inference.predict(threshold_match_probability=min_probability)
    levels = _levels(model)
    frame_out = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    for start in range(0, len(frame_out), 50_000):  # not a million dicts at once
        for row in frame_out.iloc[start : start + 50_000].to_dict("records"):
            left, right = sorted((row["unique_id_l"], row["unique_id_r"]))
            probability = float(row["match_probability"])
            weight = float(row["match_weight"])
            if math.isnan(probability):
                continue
            yield LinkPair(left, right, probability, weight, _detail(row, levels))
