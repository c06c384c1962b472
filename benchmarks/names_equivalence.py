"""Benchmark: name equivalence and throughput of svidok.names on the demo scenario.

    python benchmarks/names_equivalence.py --persons 3000 --seed 5

Labelled pairs come from the demo generator's ground truth (its own name tables, inflection and
transliteration rules, independent of svidok.names):

- equivalent pairs: two person records of the same true person, split into same-script
  (both Cyrillic of one language, or both Latin), cross-script (Ukrainian vs Russian Cyrillic,
  Cyrillic vs Latin) and inflected (at least one name taken from a sentence: Telegram lists);
- different-person pairs sharing a surname: records of two true persons with the same surname
  and different given names; and, apart, pairs with the same surname and given name whose
  written names both show different patronymics. (Two different men both written
  "Віктор Попов" have the same name: names cannot tell them apart, linkage must.)

A pair is decided "equivalent" when surnames and given names agree and patronymics do not
contradict (``NameComparison.equivalent``). Pairs where a side has no given name (initials
only, surname only) cannot be decided from the names and are counted apart as "undecided".
Throughput: full names of a 100,000-person scenario (about 150,000 person records) analysed per
second on one core, with every cache of svidok.names emptied first (the dictionaries stay
loaded), then again with the caches warm (as in a re-run).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
from collections import defaultdict
from pathlib import Path

from svidok.demo import generate
from svidok.names import analyze, compare_names, parse_name
from svidok.names.script import token_script


def _kind_of_script(name: str) -> str:
    scripts = {token_script(t) for t in name.split() if any(ch.isalpha() for ch in t)}
    if scripts <= {"latin"}:
        return "latin"
    if "ru" in scripts:
        return "ru"
    if "uk" in scripts:
        return "uk"
    return "cyrillic"


def labelled_pairs(persons: int, seed: int, limit: int) -> dict[str, list[tuple[str, str]]]:
    scenario = generate(seed=seed, persons=persons)
    rng = random.Random(seed)
    people = {p.id: p for p in scenario.people}
    telegram = {scenario.list_keys[k] for k in ("tg_ua", "tg_ru")}
    records = [
        (r.id, r["name"].full, scenario.truth[r.id])
        for r in scenario.records
        if r.kind == "person" and r.get("name") and "~" not in scenario.truth[r.id]
    ]
    by_truth: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rid, name, truth in records:
        by_truth[truth].append((rid, name))
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for appearances in by_truth.values():
        for (ra, a), (rb, b) in itertools.combinations(appearances, 2):
            if scenario.list_of.get(ra) in telegram or scenario.list_of.get(rb) in telegram:
                pairs["inflected"].append((a, b))
            elif _kind_of_script(a) == _kind_of_script(b):
                pairs["same-script"].append((a, b))
            else:
                pairs["cross-script"].append((a, b))
    by_surname: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for _rid, name, truth in records:
        by_surname[people[truth].name.surname_uk].append((truth, name))
    for group in by_surname.values():
        for (ta, a), (tb, b) in itertools.combinations(group, 2):
            na, nb = people[ta].name, people[tb].name
            if ta == tb:
                continue
            if na.given_uk != nb.given_uk:
                pairs["different, same surname"].append((a, b))
            elif (
                na.patronymic_uk != nb.patronymic_uk
                and parse_name(a).patronymic
                and parse_name(b).patronymic
            ):
                pairs["different, same surname and given name"].append((a, b))
    for key in pairs:
        rng.shuffle(pairs[key])
        pairs[key] = pairs[key][:limit]
    return pairs


def evaluate(pairs: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    for category, items in pairs.items():
        negative = category.startswith("different")
        decided = equivalent = undecided = 0
        misses: list[tuple[str, str, str]] = []
        for a, b in items:
            c = compare_names(a, b)
            if c.given is None and c.surname is not False:
                undecided += 1
                continue
            decided += 1
            if c.equivalent:
                equivalent += 1
            elif len(misses) < 8 and not negative:
                misses.append((a, b, c.reason))
            if c.equivalent and category == "different, same surname" and len(misses) < 8:
                misses.append((a, b, c.reason))
        rate = equivalent / decided if decided else 0.0
        results[category] = {
            "pairs": len(items),
            "decided": decided,
            "undecided": undecided,
            ("false_equivalence_rate" if negative else "recall"): round(rate, 4),
            "examples_wrong": misses,
        }
    return results


def _clear_caches() -> None:
    """Empty every cache of svidok.names, so the first pass below starts cold."""
    import importlib
    import pkgutil

    import svidok.names

    for info in pkgutil.iter_modules(svidok.names.__path__, "svidok.names."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if hasattr(value, "cache_clear") and getattr(value, "__module__", "") == info.name:
                value.cache_clear()


SHARED = Path(__file__).resolve().parents[2] / "shared" / "translit"


def published_pairs() -> dict[str, object]:
    """Do a word and its officially published transliteration meet on any key?

    The examples of the Ukrainian national system (2010) and of ODNI (2015) in ../shared: names
    of people and places, each analysed alone (a given name or a surname).
    """
    out: dict[str, object] = {}
    for name in ("ua-ukr-Cyrl-Latn-2010.tsv", "odni-ukr-Cyrl-Latn-2015.tsv"):
        path = SHARED / name
        if not path.exists():
            out[name] = "absent (../shared not found)"
            continue
        rows = [
            line.rstrip("\n").split("\t")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        met, missed = 0, []
        for cyrillic, latin in rows:
            a, b = analyze(cyrillic).keys, analyze(latin).keys
            if (
                a.surname & b.surname
                or a.surname_skeleton & b.surname_skeleton
                or a.given & b.given
            ):
                met += 1
            else:
                missed.append((cyrillic, latin))
        out[name] = {"pairs": len(rows), "meet": met, "missed": missed[:10]}
    return out


def throughput(persons: int, seed: int) -> dict[str, float]:
    scenario = generate(seed=seed + 1, persons=persons)
    names = [r["name"].full for r in scenario.records if r.kind == "person" and r.get("name")]
    _clear_caches()
    started = time.perf_counter()
    for name in names:
        analyze(name)
    cold = len(names) / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(5):
        for name in names:
            analyze(name)
    warm = 5 * len(names) / (time.perf_counter() - started)
    return {
        "names": len(names),
        "distinct": len(set(names)),
        "cold_per_s": round(cold),
        "warm_per_s": round(warm),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--limit", type=int, default=20000, help="pairs per category at most")
    parser.add_argument("--throughput-persons", type=int, default=100000)
    args = parser.parse_args()
    analyze("Скрипник Олексій Вікторович")  # load dictionaries before timing
    pairs = labelled_pairs(args.persons, args.seed, args.limit)
    report = {
        "equivalence": evaluate(pairs),
        "published_transliterations": published_pairs(),
        "throughput": throughput(args.throughput_persons, args.seed),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
