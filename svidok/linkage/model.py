"""The linkage model: Splink settings derived from the person rows of :mod:`.features`.

Each comparison follows what documenters know about the field: a surname written in any
script meets through shared keys (with term-frequency adjustment, since Коваленко is far
commoner than Скрипник); given names and patronymics through equivalence groups, or only
initials; birth through exact dates, years, or ranges from an age at a date; origin through
the KATOTTG hierarchy (same settlement, community, raion, region); events through their
types and years. Blocking rules combine two fields each, so that common surnames do not make
blocks of millions of pairs. Pure: builds settings, imports Splink's creators only.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BLOCKING", "blocking_rule_dicts", "comparisons", "settings", "training_blocking_rules"]


def _null(*columns: str) -> Any:
    import splink.comparison_level_library as cll

    condition = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return cll.CustomLevel(condition, label_for_charts="missing on one side").configure(
        is_null_level=True
    )


def _name_part(
    output: str, description: str, part: str, same: str, extra: list[Any], tf: bool = False
) -> Any:
    """A given name or patronymic: the same group, an initial that fits a full name, then
    ``extra`` levels; a contradiction is rare for one person (fixed m: 1%)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    groups, initials = f"{part}_groups", f"{part}_initials"
    return cl.CustomComparison(
        output_column_name=output,
        comparison_description=description,
        comparison_levels=[
            _null(initials),
            *(
                [
                    cll.ExactMatchLevel(f"{part}_main").configure(
                        tf_adjustment_column=f"{part}_main",
                        tf_adjustment_weight=1.0,
                        label_for_charts=same + " (term-frequency adjusted)",
                    )
                ]
                if tf
                else []
            ),
            cll.ArrayIntersectLevel(groups, 1).configure(label_for_charts=same),
            cll.And(
                cll.Or(
                    cll.CustomLevel(f"{groups}_l IS NULL"), cll.CustomLevel(f"{groups}_r IS NULL")
                ),
                cll.ArrayIntersectLevel(initials, 1),
            ).configure(label_for_charts="initial fits"),
            *extra,
            cll.ElseLevel().configure(m_probability=0.01, fix_m_probability=True),
        ],
    )


def comparisons() -> list[Any]:
    """The comparisons, in order: surname, given name, patronymic, birth, origin, sex, events."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_description="Surname: same key (term-frequency adjusted), shared spelling, sound and spelling alike",
        comparison_levels=[
            _null("surname_keys"),
            cll.ExactMatchLevel("surname_main").configure(
                tf_adjustment_column="surname_main",
                tf_adjustment_weight=1.0,
                label_for_charts="same surname",
            ),
            cll.ArrayIntersectLevel("surname_keys", 1).configure(
                label_for_charts="a shared spelling"
            ),
            cll.And(
                cll.ArrayIntersectLevel("surname_phonetic", 1),
                cll.JaroWinklerLevel("surname_main", 0.88),
            ).configure(label_for_charts="sound alike and spelled alike"),
            cll.JaroWinklerLevel("surname_main", 0.88).configure(label_for_charts="spelled alike"),
            # The names module measured how often one person's surname spellings fail to meet
            # (under 1%); EM, left alone, takes namesakes' contradicting names for typos.
            cll.ElseLevel().configure(m_probability=0.005, fix_m_probability=True),
        ],
    )
    typo = cll.Or(
        cll.DamerauLevenshteinLevel("given_key", 1), cll.JaroWinklerLevel("given_key", 0.92)
    ).configure(label_for_charts="spelled alike (a typo?)")
    given = _name_part(
        "given_name",
        "Given name: same equivalence group (Олексій = Алексей = Alexei), or initials fit",
        "given",
        "same given name",
        [typo],
        tf=True,  # Олександр is far commoner than Ескендер
    )
    patronymic = _name_part(
        "patronymic",
        "Patronymic: the same father's name, or initials fit",
        "patronymic",
        "same father's name",
        [],
    )
    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_description="Birth: same date, a typo apart, different dates, same year, ranges that overlap (from ages), a year apart",
        comparison_levels=[
            _null("birth_year_low"),
            cll.ExactMatchLevel("birth_date").configure(label_for_charts="same date"),
            # Two full dates that differ: one typed digit or a swapped day and month is a typo,
            # anything else says two people (a registry date is rarely wrong twice).
            cll.Or(
                cll.DamerauLevenshteinLevel("birth_date", 1),
                cll.CustomLevel(
                    "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) "
                    "AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
                    "AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"
                ),
            ).configure(label_for_charts="dates a typo apart"),
            cll.CustomLevel(
                "birth_date_l IS NOT NULL AND birth_date_r IS NOT NULL",
                label_for_charts="different dates",
            ).configure(m_probability=0.01, fix_m_probability=True),
            cll.CustomLevel(
                "birth_year_low_l = birth_year_high_l AND birth_year_low_r = birth_year_high_r "
                "AND birth_year_low_l = birth_year_low_r",
                label_for_charts="same year",
            ),
            cll.CustomLevel(
                "birth_year_low_l <= birth_year_high_r AND birth_year_low_r <= birth_year_high_l",
                label_for_charts="years overlap",
            ),
            cll.CustomLevel(
                "birth_year_low_l <= birth_year_high_r + 1 AND birth_year_low_r <= birth_year_high_l + 1",
                label_for_charts="a year apart",
            ),
            cll.ElseLevel(),
        ],
    )
    origin = cl.CustomComparison(
        output_column_name="origin",
        comparison_description="Origin through the KATOTTG hierarchy",
        comparison_levels=[
            _null("origin_region"),
            cll.ExactMatchLevel("origin_settlement").configure(label_for_charts="same settlement"),
            cll.Or(
                cll.ExactMatchLevel("origin_community"), cll.ExactMatchLevel("origin_raion")
            ).configure(label_for_charts="same community or raion"),
            cll.ExactMatchLevel("origin_region").configure(label_for_charts="same region"),
            cll.ElseLevel(),
        ],
    )
    sex = cl.ExactMatch("sex")
    events = cl.CustomComparison(
        output_column_name="events",
        comparison_description="Events: the same kind of event in the same month (one event told "
        "twice), or in the same year, or types in common",
        comparison_levels=[
            _null("event_types"),
            cll.ArrayIntersectLevel("event_months", 2).configure(
                label_for_charts="two events in the same months"
            ),
            cll.ArrayIntersectLevel("event_months", 1).configure(
                label_for_charts="an event in the same month"
            ),
            cll.ArrayIntersectLevel("event_years", 1).configure(
                label_for_charts="an event in the same year"
            ),
            cll.ArrayIntersectLevel("event_types", 1).configure(
                label_for_charts="a type in common"
            ),
            cll.ElseLevel(),
        ],
    )
    # Lists are mostly deduplicated by those who keep them: two records of one list are less
    # often the same person than records of two lists. EM learns how much.
    source = cl.ExactMatch("source_list")
    return [surname, given, patronymic, birth, origin, sex, events, source]


# Pairs are proposed when a record agrees with another on all columns of one rule. Each rule
# joins two or three fields, so that common surnames do not make blocks of millions of pairs.
# (columns, array columns to explode first)
BLOCKING: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("surname_main", "given_main"), ()),
    (("surname_dm1", "given_main"), ()),
    (("surname_main", "birth_year_low"), ()),
    (("given_main", "patronymic_main", "birth_year_low"), ()),
    (("surname_main", "origin_community"), ()),
    (("surname_skeletons", "birth_year_low"), ("surname_skeletons",)),
    # One event told by two sources: the same kind of event in the same month.
    (("surname_main", "event_months"), ("event_months",)),
    # A surname typed differently but sounding the same (the given name alone would make
    # blocks of hundreds of thousands of pairs at a million records: Олександр is common).
    (("surname_dm1", "event_months"), ("event_months",)),
)


def blocking_rule_dicts(only_new: bool = False) -> list[dict[str, Any]]:
    """Rules that propose pairs to score, in Splink's settings form; with ``only_new``, only
    pairs involving a record whose ``is_new`` column is 1 (incremental linkage: the other
    pairs were scored before with the same model)."""
    rules: list[dict[str, Any]] = []
    for columns, explode in BLOCKING:
        condition = " AND ".join(f"l.{c} = r.{c}" for c in columns)
        if only_new:
            condition += " AND (l.is_new = 1 OR r.is_new = 1)"
        rule: dict[str, Any] = {"blocking_rule": condition}
        if explode:
            rule["arrays_to_explode"] = list(explode)
        rules.append(rule)
    return rules


def training_blocking_rules() -> list[Any]:
    """Rules for expectation maximisation: each leaves some comparisons free to be estimated."""
    from splink import block_on

    return [
        block_on("surname_main", "given_main"),
        block_on("surname_main", "birth_year_low"),
        block_on("birth_date"),
        # Settlement and full birth date leave the names free; settlement and birth year alone
        # would pair every two people of one town and year (a city's blocks explode at scale).
        block_on("origin_settlement", "birth_date"),
    ]


def settings(*, probability_match: float = 0.0005, only_new: bool = False) -> Any:
    """A Splink SettingsCreator for Svidok's person rows (deduplication across all sources)."""
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=blocking_rule_dicts(only_new),  # type: ignore[arg-type]
        probability_two_random_records_match=probability_match,
        retain_matching_columns=False,  # the inputs stay in the store; keep memory small
        retain_intermediate_calculation_columns=True,  # per-field weights: the explanation
        max_iterations=40,
    )
