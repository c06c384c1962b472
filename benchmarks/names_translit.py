"""Benchmark: transliteration conformance and the speed of the name keys.

    python benchmarks/names_translit.py            # markdown tables
    python benchmarks/names_translit.py --json     # the same as one JSON document
    python benchmarks/names_translit.py --names 20000

Conformance: each example file in ../shared/translit/ (official examples, `cyrillic<TAB>latin`)
against the systems of svidok.names.translit that may follow it: passed/total and the
failures. For the GOST 7.79 file a second count folds the marks used for ь and ъ (´ ′ ʹ → ',
\\" ″ ʺ → "), since the file and ISO 9 write them differently. Then how many of the national
system's examples cyrillic_candidates reads back (anywhere, and first).

Speed: calls per second of transliterate, latin_variants, cyrillic_candidates,
daitch_mokotoff and skeleton over distinct generated names (seeded), cold (caches cleared,
each name once) and warm (the same names again, from the caches).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from svidok.names.phonetic import daitch_mokotoff, skeleton
from svidok.names.translit import Language, cyrillic_candidates, latin_variants, transliterate

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "translit"
FILES: dict[str, tuple[Language, list[str]]] = {
    "ua-ukr-Cyrl-Latn-2010.tsv": ("uk", ["kmu2010", "passport2007"]),
    "odni-ukr-Cyrl-Latn-2015.tsv": ("uk", ["odni2015", "bgn_pcgn", "common_en", "kmu2010"]),
    "gost-rus-Cyrl-Latn-7.79-2000-2002.tsv": ("ru", ["iso9", "gost779b"]),
}


def signs(text: str) -> str:
    return re.sub("[´′ʹ’]", "'", re.sub(r'\\"|″|ʺ|”', '"', text))


def conformance() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name, (language, systems) in FILES.items():
        path = SHARED / name
        if not path.exists():
            rows.append({"file": name, "skipped": f"{path} is absent"})
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        pairs = [line.split("\t") for line in lines if line.strip()]
        for system in systems:
            folds = [False, True] if name.startswith("gost") else [False]
            for fold in folds:
                norm = signs if fold else str
                failures = [
                    {"cyrillic": c, "expected": latin, "got": got}
                    for c, latin in pairs
                    if norm(got := transliterate(c, system, language)) != norm(latin)
                ]
                rows.append(
                    {
                        "file": name,
                        "system": system + (" (signs folded)" if fold else ""),
                        "passed": len(pairs) - len(failures),
                        "total": len(pairs),
                        "failures": failures,
                    }
                )
        if name.startswith("ua-"):
            found = sum(c in cyrillic_candidates(latin) for c, latin in pairs)
            first = sum(cyrillic_candidates(latin)[0] == c for c, latin in pairs)
            rows.append(
                {
                    "file": name,
                    "system": "cyrillic_candidates (anywhere)",
                    "passed": found,
                    "total": len(pairs),
                    "failures": [],
                }
            )
            rows.append(
                {
                    "file": name,
                    "system": "cyrillic_candidates (first)",
                    "passed": first,
                    "total": len(pairs),
                    "failures": [],
                }
            )
    return rows


def names(count: int, seed: int) -> tuple[list[str], list[str]]:
    """Distinct made-up Ukrainian-looking surnames, in Cyrillic and in KMU Latin."""
    rng = random.Random(seed)
    starts = [
        "Бо",
        "Ко",
        "Ше",
        "Скри",
        "Мель",
        "Гри",
        "Оле",
        "Ва",
        "Пе",
        "Зі",
        "Ю",
        "Я",
        "Є",
        "Ща",
        "Жу",
        "Ла",
        "Ки",
        "Ді",
        "Ха",
        "Ци",
        "Чо",
        "Ти",
        "Ру",
        "Фе",
    ]
    middles = [
        "в",
        "ле",
        "ре",
        "ни",
        "ко",
        "ри",
        "ше",
        "че",
        "ва",
        "ди",
        "ги",
        "ла",
        "ти",
        "хо",
        "ць",
        "ю",
        "я",
    ]
    ends = ["енко", "ук", "юк", "ич", "ський", "ов", "ин", "ар", "ій", "ець", "ак"]
    cyrillic: set[str] = set()
    while len(cyrillic) < count:
        parts = [rng.choice(starts), *rng.sample(middles, rng.randint(0, 2)), rng.choice(ends)]
        word = "".join(parts)
        if re.fullmatch("[А-ЯЄІЇҐа-яєіїґ]+", word):
            cyrillic.add(word)
    ordered = sorted(cyrillic)
    rng.shuffle(ordered)
    return ordered, [transliterate(word, "kmu2010") for word in ordered]


def speed(count: int, seed: int) -> list[dict[str, Any]]:
    cyrillic, latin = names(count, seed)
    caches = [transliterate, latin_variants, cyrillic_candidates, daitch_mokotoff, skeleton]
    cases: list[tuple[str, Callable[[str], object], list[str]]] = [
        ("transliterate kmu2010", lambda w: transliterate(w, "kmu2010"), cyrillic),
        ("transliterate common_en (ru)", lambda w: transliterate(w, "common_en", "ru"), cyrillic),
        ("latin_variants uk", lambda w: latin_variants(w, "uk"), cyrillic),
        ("cyrillic_candidates", cyrillic_candidates, latin),
        ("daitch_mokotoff Cyrillic", daitch_mokotoff, cyrillic),
        ("daitch_mokotoff Latin", daitch_mokotoff, latin),
        ("skeleton Cyrillic", skeleton, cyrillic),
        ("skeleton Latin", skeleton, latin),
    ]
    rows = []
    for label, call, inputs in cases:
        sample = inputs if label != "cyrillic_candidates" else inputs[: max(1, count // 10)]
        for cached in caches:
            cached.cache_clear()
        start = time.perf_counter()
        for word in sample:
            call(word)
        cold = len(sample) / (time.perf_counter() - start)
        rounds = 20
        start = time.perf_counter()
        for _ in range(rounds):
            for word in sample:
                call(word)
        warm = rounds * len(sample) / (time.perf_counter() - start)
        rows.append(
            {
                "function": label,
                "names": len(sample),
                "cold_per_s": round(cold),
                "warm_per_s": round(warm),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--names", type=int, default=5000, help="distinct names for the speed runs")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    result = {"conformance": conformance(), "speed": speed(args.names, args.seed)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print("| file | system | passed/total | failures (cyrillic: expected → got) |")
    print("|---|---|---|---|")
    for row in result["conformance"]:
        if "skipped" in row:
            print(f"| {row['file']} | skipped: {row['skipped']} | | |")
            continue
        failures = "; ".join(
            f"{f['cyrillic']}: {f['expected']} → {f['got']}" for f in row["failures"]
        )
        print(f"| {row['file']} | {row['system']} | {row['passed']}/{row['total']} | {failures} |")
    print()
    print("| function | names | cold calls/s | warm calls/s |")
    print("|---|---|---|---|")
    for row in result["speed"]:
        print(
            f"| {row['function']} | {row['names']} | {row['cold_per_s']:,} | {row['warm_per_s']:,} |"
        )


if __name__ == "__main__":
    main()
