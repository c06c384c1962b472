"""Propose a mapping from a file's header and sample rows, for the documenter to edit."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from ..model import region_for_name, vocabulary
from .tabular import open_table
from .values import fold, parse_date

__all__ = ["guess_event_type", "guess_target", "propose_mapping"]

# Header words (folded) -> target. Checked in order: the first pattern that matches wins.
_HEADER_RULES: tuple[tuple[str, str], ...] = (
    (r"^(№|#|n|no|id|nr|номер|п/п|№ п/п)$", "key"),
    (r"телефон|phone|тел\.?$|моб", "ignore"),
    (r"katottg|катоттг|кодифікатор", "event.place.code"),
    (r"дата народж|дата рожд|д\.?\s?н\.?$|birth|dob|рік народж|год рожд", "person.birth"),
    (r"по батькові|по-батькові|отчество|patronymic", "person.name.patronymic"),
    (r"^(прізвище|фамилия|surname|last name|family name)$", "person.name.surname"),
    (r"^(ім'я|имя|given name|first name)$", "person.name.given"),
    (r"піб|п\.і\.б|фио|ф\.и\.о|full name|^name$|^ім'я та прізвище|^особа$", "person.name"),
    (r"^(вік|возраст|age|повних років)", "person.age"),
    (r"^(стать|пол|sex|gender)$", "person.sex"),
    (r"адрес|address|місце проживання|место жительства", "person.address"),
    (r"статус|status|доля|судьба|fate", "person.status"),
    (r"неповнолітн|несовершеннолетн|minor", "person.minor"),
    (
        r"^(область|регіон|регион|region|oblast|обл\.?)(\s|$)|^(area|province)$",
        "event.place.region",
    ),
    (
        r"населений пункт|нас\.\s?пункт|населенный пункт|місто|город|село|settlement|city|town|locality|place",
        "event.place.settlement",
    ),
    (r"^дата|date|коли|когда", "event.date"),
    (
        r"тип поді|вид поді|поді|событи|event|порушення|нарушени|що сталося|що трапилось|"
        r"що сталось|что произошло|что случилось|what happened|incident|violation|"
        r"^(тип|вид|type|category|категорія|категория)$",
        "event.type",
    ),
    (r"військкомат|военкомат|орган|body|unit|частин", "event.perpetrator_body"),
    (
        r"опис|описание|обставини|обстоятельства|description|details|коментар|коммент|примітк|примечан|notes?",
        "event.description",
    ),
    (r"джерело|источник|source|посилання|ссылка|link|url", "claim.locator"),
    (r"достовірн|достоверн|credibility", "claim.credibility"),
)

_EVENT_WORDS: tuple[tuple[str, str], ...] = (
    (r"паспорт", "passportization_pressure"),
    (r"облік|учет|реєстрац|регистрац", "registration_demand"),
    (r"електрон|электрон|e-?summons|госуслуг", "summons_electronic"),
    (r"повістк|повестк|summons", "summons_paper"),
    (r"медкоміс|медкомис|медичн|медицинск|medical", "medical_commission"),
    (r"мобіліз|мобилиз|mobili", "forced_mobilization"),
    (r"призов|призв|conscri|draft", "conscription"),
    (r"вивез|переміщ|перемещ|депорт|transfer|відправ", "transfer_outside_territory"),
    (r"навчан|обучен|підготов|подготов|train", "training"),
    (r"контракт|contract", "contract_under_pressure"),
    (r"фронт|front|бойов|боев|deploy", "front_deployment"),
    (r"поранен|ранен|wound|injur", "wounded"),
    (r"загин|загиб|помер|смерт|погиб|умер|death|died|killed", "death"),
    (r"зник|пропал|безвіст|безвест|missing", "missing"),
    (r"полон|плен|captur|prisoner", "captured"),
    (r"затрим|задерж|арешт|арест|detain|detention", "detention"),
    (r"штраф|адмін|админ|fine|penalt", "administrative_penalty"),
    (r"вирок|приговор|засуд|осужд|sentence|convict", "sentence"),
    (r"справ|дело|кримінал|уголов|прокурат|prosecut|charge|328", "prosecution_opened"),
    (r"родин|семь|рідн|родствен|famil|reprisal|репрес", "reprisal_against_family"),
    (r"ухил|уклон|втеч|побег|виїх|выех|evasion|fled|flight|escape", "evasion_flight"),
)


def guess_target(header: str) -> str | None:
    """The target a column header most likely means, or None."""
    folded = fold(header)
    for pattern, target in _HEADER_RULES:
        if re.search(pattern, folded):
            return target
    return None


def guess_event_type(value: str) -> str | None:
    """The event type a written value most likely means, or None."""
    try:
        return vocabulary("event_type").clean(value)
    except ValueError:
        pass
    folded = fold(value)
    for pattern, event_type in _EVENT_WORDS:
        if re.search(pattern, folded):
            return event_type
    return None


def _looks_like_dates(values: list[str]) -> bool:
    good = 0
    for v in values:
        try:
            parse_date(v)
            good += 1
        except ValueError:
            pass
    return bool(values) and good >= 0.8 * len(values)


def propose_mapping(path: str | Path, *, sample: int = 500, dataset: str | None = None) -> str:
    """A commented YAML mapping for ``path``, guessed from its header and first rows."""
    table = open_table(path)
    samples: list[list[str]] = [[] for _ in table.header]
    for n, row in enumerate(table.rows()):
        if n >= sample:
            break
        for i, cell in enumerate(row.cells):
            if cell:
                samples[i].append(cell)
    p = Path(path)
    columns: dict[str, object] = {}
    maps: dict[str, dict[str, str]] = {}
    key = None
    questions: list[str] = []
    for i, header in enumerate(table.header):
        target = guess_target(header)
        values = samples[i]
        if target is None and values and _looks_like_dates(values[:50]):
            target = "event.date"
        if target == "key":
            key = header
            columns[header] = "ignore"
            continue
        if target is None:
            columns[header] = "ignore"
            questions.append(f"{header!r}: what is this column? (left as ignore)")
            continue
        if target == "ignore":
            columns[header] = "ignore"
            continue
        rule: dict[str, object] = {"field": target}
        distinct = Counter(values)
        if target == "event.type":
            value_map = {}
            for value, _ in distinct.most_common(200):
                guessed = guess_event_type(value)
                value_map[value] = guessed or "?"
                if guessed is None:
                    questions.append(f"{header!r}: which event type is {value!r}?")
            if value_map:
                maps["event_types"] = value_map
                rule["map"] = "event_types"
        elif target.endswith(".region"):
            unknown = [v for v in distinct if region_for_name(v) is None]
            if unknown:
                maps["regions"] = {v: "?" for v in unknown[:200]}
                rule["map"] = "regions"
                questions.extend(
                    f"{header!r}: which region is {v!r}? (ISO code, e.g. UA-23)"
                    for v in unknown[:20]
                )
        elif target == "person.name":
            rule["order"] = "auto"
        columns[header] = rule
    mapping: dict[str, object] = {
        "dataset": dataset or re.sub(r"[^\w.\-]+", "-", p.stem).strip("-").lower() or "dataset",
        "source": {
            "kind": "ngo_list",
            "title": p.stem,
            "publisher": "?",
            "reliability": "F",
        },
    }
    if key:
        mapping["key"] = key
    mapping["dates"] = {"order": "dmy"}
    fields = [rule["field"] for rule in columns.values() if isinstance(rule, dict)]
    if any(str(f).startswith("event.") for f in fields) and "event.type" not in fields:
        # A list of "the mobilised" names its event once, in its title, not in a column.
        guessed = guess_event_type(p.stem)
        mapping["defaults"] = {"event.type": guessed or "?"}
        questions.append(
            "no column gives the event type: every row gets defaults: event.type"
            + (f" ({guessed!r}, from the file name)" if guessed else "; set it, e.g. summons_paper")
        )
    if maps:
        mapping["maps"] = maps
    mapping["columns"] = columns
    text = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, width=100)
    header_lines = [
        f"# Mapping proposed by svidok for {p.name} ({table.format}"
        + (f", {table.encoding}" if table.encoding else "")
        + (f", delimiter {table.delimiter!r}" if table.delimiter else "")
        + ").",
        "# Check every line, replace each '?' and set the source (who published this list, how",
        "# reliable it is: A-F). Then: svidok import FILE --mapping THIS_FILE",
        "# Phone numbers are left out on purpose: Svidok does not need them to count or link.",
    ]
    if questions:
        header_lines.append("# Questions:")
        header_lines.extend(f"#  - {q}" for q in questions[:40])
    return "\n".join(header_lines) + "\n" + text
