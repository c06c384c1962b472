"""What the words in a list's cells say: event types ("Загинув на фронті": death), statuses,
totals rows ("Разом: 5 осіб"), who told ("Wife"), and yes/no answers."""

from __future__ import annotations

import re

from ..model import vocabulary
from .values import fold

__all__ = ["guess_event_type", "is_informant", "is_totals_row"]


# A totals row under a list ("Разом: 5 осіб", "Итого", "Total"): not a person; the importer
# skips such rows by the same rule.
# "Subtotal", "Итого по району", "Всього по області: 12", "в т.ч." too; "разом з братом" (together
# with) is not one.
_TOTALS = re.compile(
    r"^(разом(?! (з|із|зі|с|со)\b)|всього|усього|загалом|итого|итог|всего|total|totals|subtotals?"
    r"|sub-total|sub total|sum|grand total|підсумок|підсумки|в т\.? ?ч|у тому числі|в тому числі"
    r"|в том числе|загальна кількість|общее количество|total number)\b"
)
# The count beside the word, in a cell of its own (";;21;;;Всього"): a number, maybe of persons.
_COUNT = re.compile(r"\d+( (осіб|особи|особа|чол|людей|людини|человек|чел|persons?|people))?")
# Who told, as lists write it in a "source" column ("Self", "Wife", "сусід"), not where.
_INFORMANT = re.compile(
    r"^(self|myself|mother|father|wife|husband|brother|sister|son|daughter|neighbou?r|friend"
    r"|relative|cousin|uncle|aunt|сам|сама|особисто|мати|мама|батько|тато|дружина|чоловік|брат"
    r"|сестра|син|донька|дочка|сусід|сусідка|знайом\w*|родич\w*|мать|отец|папа|жена|муж|сын"
    r"|дочь|сосед|соседка|друг|подруга|знаком\w*|родственни\w*|свідок|свидетель|witness)\b"
)

# Words before a summons that leave it the subject: "Отримав повістку", "Дата вручення повістки".
_SUMMONS_FIRST = (
    r"^((отрима|получ|вруч|прийш|пришл|надійш|надісл|прислал|received|got|served|дата|date)\w* )"
    r"{0,2}"
)
# The words that name a kind of event, most telling first: what befell the person (missing,
# dead, captured, wounded) wins over where ("Загинув на фронті": death), a penalty or a flight
# over what it was for ("Затриманий за ухилення від мобілізації": detention), where they were sent
# over the sending ("Відправлений на фронт": front_deployment; "на навчання": training), and
# mobilisation over the summons and the commission before it. A bare "sent" ("Відправили до
# Ростова") is a transfer.
_EVENT_WORDS: tuple[tuple[str, str], ...] = (
    (r"зник|пропал|пропав|безвіст|безвест|missing|\bmia\b", "missing"),
    (r"загин|загиб|помер|смерт|погиб|гибел|умер|death|\bdied\b|killed|\bdead\b|\bkia\b", "death"),
    (r"полон|плен|captur|prisoner|\bpow\b", "captured"),
    (r"поранен|\bранен|wound|injur", "wounded"),
    (r"затрим|задерж|арешт|арест|detain|detention|\barrest|під вартою|под стражей", "detention"),
    (r"штраф|адмін|админ|\bfined?\b|penalt", "administrative_penalty"),
    (r"вирок|приговор|засуд|осужд|sentence|convict", "sentence"),
    (
        r"\bсправ[аиуіо]|\bсправою\b|\bдел[оау]\b|кримінал|уголов|прокурат|prosecut|criminal"
        r"|\bcharged?\b|\b328\b",
        "prosecution_opened",
    ),
    (r"родин|семь|рідн|родствен|famil|reprisal|репрес", "reprisal_against_family"),
    (r"ухил|уклон|втеч|побег|виїх|выех|evasion|\bfled\b|flight|escape", "evasion_flight"),
    (r"фронт|front|бойов|боев|deploy|передов|\bсво\b|штурм", "front_deployment"),
    (r"навчан|обучен|підготов|подготов|\btrain|полігон|полигон|учебн", "training"),
    (r"контракт|contract", "contract_under_pressure"),
    (
        r"вивез|вывез|вивоз|вывоз|переміщ|перемещ|депорт|transfer|deport|за меж",
        "transfer_outside_territory",
    ),
    # A cell that starts with the summons ("Отримав повістку на призов", "Повістка на медкомісію")
    # is about the summons; "Мобілізований за повісткою" is a mobilisation.
    (
        _SUMMONS_FIRST + r"(електрон|электрон|electronic)\w* (повістк|повестк|summons)",
        "summons_electronic",
    ),
    (
        _SUMMONS_FIRST + r"(паперов\w* |бумажн\w* )?(повіст(к|ок)|повест(к|ок)|summons)",
        "summons_paper",
    ),
    (r"мобіліз|мобилиз|mobili", "forced_mobilization"),
    (r"призов|призв|призыв|prizyv|pryzov|conscri|draft", "conscription"),
    (r"електрон|электрон|electronic|e-?summons|госуслуг", "summons_electronic"),
    (r"повіст(к|ок)|повест(к|ок)|summons|паперов|бумажн|\bpaper\b", "summons_paper"),
    (r"медкоміс|медкомис|медичн|медицинск|medical", "medical_commission"),
    (r"облік|учет|реєстрац|регистрац", "registration_demand"),
    (r"паспорт", "passportization_pressure"),
    (r"відправ|отправ|\bsent\b", "transfer_outside_territory"),
)


# Words in cells, for value maps. A status written as a phrase ("мобілізований, зник безвісти"):
# the most telling word wins, so what happened last (missing, captured, dead, back home) comes
# before being mobilised; "?" when a word rules a status out without naming one.
_STATUS_WORDS: tuple[tuple[str, str], ...] = (
    (r"зник|пропа[лв]|безвіст|безвест|missing|\bmia\b", "missing"),
    (r"полон|плен|captur|prisoner|\bpow\b", "captured"),
    (r"загин|загиб|помер|погиб|умер|dead|died|killed|deceased|\bkia\b|^200$", "dead"),
    (r"(?<!не )(повернув|вернул)\w* (додому|домой)|(?<!not )returned home", "at_home"),
    (r"поранен|ранен|wound|injur|^300$", "wounded"),
    (r"затрим|задерж|арешт|арест|detain|arrest", "detained"),
    (r"ув'язн|заключ|в'язниц|тюрьм|prison|jail|засуджен|осужден|sentenced", "imprisoned"),
    (r"перехов|скрыва|hiding", "in_hiding"),
    (r"виїх|выех|evacu|\bleft\b", "left_territory"),
    (r"вдома|дома\b|\bhome\b|повернув|вернул|returned", "at_home"),
    (r"демобіліз|демобилиз|demobili", "?"),  # released from service: not serving, but where?
    (r"мобіліз|мобилиз|mobili|служ|\bserv|conscript|призван|призвали|воює|воюет", "serving"),
    (r"невідом|неизвест|unknown|н/д|немає даних|нет данных", "unknown"),
)
# Not a status but an event: the status stays unknown, and the comment says so.
_NOT_A_STATUS = re.compile(r"кримінал|уголов|справ|дело|criminal|prosecut|\b328\b|штраф|fine")
# A date or a place written beside the status ("загинув 12.05.2023 під Авдіївкою"), unfolded.
_STATUS_DETAIL = re.compile(
    r"\d{1,2}[./]\d{2,4}|\b(19|20)\d{2}\b|(^|\s)(під|под|біля|около|возле|near)\s+\w"
    r"|(^|\s)(в|у|во|до|in|at|to)\s+[А-ЯІЇЄҐA-Z]"
)
# Answers to "Do you consent to the processing of personal data?"
_YES = re.compile(r"^(так|да|yes|y|згод\w*|соглас\w*|agree|i agree|true|1|\+|✓)(?!\w)")
_NO = re.compile(r"^(ні|нет|no|n|не|disagree|false|0|-)(?!\w)")


def is_totals_row(cells: tuple[str, ...] | list[str]) -> bool:
    """A totals row: it fills few cells, and its first filled cell starts "Разом", "Итого",
    "Total", "Subtotal"..., or one cell does and the others are counts (";;21;;;Всього").

    A name beside a number is not one ("Стець Андрій;1").
    """
    filled = [cell for cell in cells if cell]
    if not filled or len(filled) > 3:  # most rows: decided before any folding
        return False
    filled = [fold(cell) for cell in filled]
    if _TOTALS.search(filled[0]):
        return True
    words = [cell for cell in filled if _TOTALS.search(cell)]
    return bool(words) and all(cell in words or _COUNT.fullmatch(cell) for cell in filled)


def is_informant(value: str) -> bool:
    """A value naming who told ("Self", "Wife", "Mother (phone interview)", "сусід")."""
    return bool(_INFORMANT.search(fold(value)))


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
