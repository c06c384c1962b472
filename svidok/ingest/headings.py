"""Reading a column heading: the field it names and, for an event's fields, the kind of event.

The rules are regular expressions over headings as :func:`~svidok.ingest.values.fold` leaves
them, in Ukrainian, Russian and English: which headings name a field ("Дата народження" is
``person.birth``), which are left out and why (contact details, sensitive or about someone
else), and the words that name a kind of event ("мобілізація", "загибель"), in a heading or in a
value of an event-type column. Words in cells are here too: statuses, consent, informants,
totals rows. :mod:`svidok.ingest.propose` builds mappings from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cell_words import _EVENT_WORDS, is_informant
from .values import fold, parse_date

__all__ = [
    "HeadingGuess",
    "guess_column",
    "guess_heading",
    "guess_target",
]


@dataclass(frozen=True, slots=True)
class HeadingGuess:
    """What a column heading most likely means.

    ``target`` is a field ("person.birth", "event.date": the ``event`` slot stands for any
    event slot), "key" for a column that may identify rows, "ignore", or None when unknown;
    ``kind`` is the event type the heading names, for an event's field; ``note`` says why a
    column is left out.
    """

    target: str | None
    kind: str | None = None
    note: str | None = None


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns))


# Patterns match headings as ``fold`` leaves them: lower case, single spaces, ' for ’.
_SENSITIVE = _any(
    r"етніч|этническ|ethnic|національн|национальн|nationality|народність|народность",
    r"віросповід|вероисповед|relig|релігі|религи|конфесі|конфесси",
)
_BIRTHPLACE = _any(r"місце народж|место рожд|place of birth|birth ?place|уродж|\bborn in\b")
_PHONE = _any(
    r"телефон|phone|\bтел\b|мобільн|мобильн|\bmobile\b|\bcell\b|контакт|contact",
    r"^моб$|\bмоб\b\.? ?(тел|ном|№)|viber|whatsapp|вайбер|вотсап|ватсап",
    r"telegram|телеграм|\bтг\b|\btg\b|\bsignal\b|instagram|інстаграм|инстаграм|facebook",
    r"фейсбук|соцмереж|соцсет|social (media|network)|skype|скайп|messenger|месенджер|мессенджер",
    r"e-?mail|ел\.? ?пошт|эл\.? ?почт|електронн\w* пошт|электронн\w* почт|^(пошта|почта)$",
)
# Identity documents and numbers ("Серія та номер паспорта", "РНОКПП", "ИНН", "СНИЛС"). A date
# ("Дата отримання паспорта РФ": passportisation) or a question ("Чи отримав паспорт РФ?") is not.
_ID_DOCUMENT = _any(
    r"паспорт|passport|рнокпп|рнукпн|\bіпн\b|\bінн\b|\bинн\b|\bснилс\b|\bсніл?с\b|\binn\b",
    r"\brnokpp\b|\bipn\b|\bsnils\b|tax (id|number|code)|\btin\b|\bssn\b",
    r"податков\w* номер|налогов\w* номер|ідентифікаційн\w* код|идентификационн\w* код",
    r"військов\w* квит|военн\w* билет|посвідчення особи|удостоверени\w* личности|\bid card\b",
    r"id-картк|id-карт|серія (та|і|й) номер|серия (и )?номер|\bполіс\b|\bполис\b|\bомс\b",
)
_NOT_ID_DOCUMENT = re.compile(r"\?|^(чи|is|do|did|has|have|есть ли)\b|паспортизац|passportiz")
# The name of who filled in the form or told ("Ваше ім'я", "Your name", "Ім'я заявника",
# "Контактна особа"): the informant, never the person the row is about.
_RESPONDENT = _any(
    r"^ваш[еаі]? (ім'я|імя|піб|п\.?і\.?б|прізвище|им'я|имя|фио|ф\.?и\.?о|фамилия|ім'я та)",
    r"^ваш[еаі]? (повне ім'я|полное имя)|^your (full |first |last )?name",
    r"контактн\w* (особ|лиц)|contact person|хто (заповнює|заповнив|заповнила|повідомля)",
    r"кто (заполняет|заполнил|заполнила|сообща)|who (is )?(filling|filled|fills|reports)",
    r"як (до вас )?звертатис|как (к вам )?обращаться|how (should we|to) (address|call) you",
)
# Whose name, when a name heading says it: the applicant, the respondent, the informant.
_RESPONDENT_ROLE = _any(
    r"заявник|заявител|респондент|respondent|applicant|informant|інформатор|информатор",
    r"\breporter|\breporting person|сообщивш|анкетер",
)
_CODE = _any(r"katottg|катоттг|кодифікатор|koatuu|коатуу")
_AGE = _any(r"^(вік|возраст|age|повних років|кількість років|років|лет)\b")
_BIRTH = _any(
    r"дата народж|дата рожд|народжен|рожден|\bbirth|\bborn\b|\bdob\b|рік нар|год рожд",
    r"\bр\.? ?н\b|\bг\.? ?р\b|^д\.? ?[нр]$|^(дата|рік|год) нар\b",
)
_FULL_NAME = _any(
    r"\bпіб\b|\bп\.? ?і\.? ?б\b|\bфио\b|\bф\.? ?и\.? ?о\b|\bфіо\b|\bф\.? ?і\.? ?о\b",
    r"full ?name|^(name|names|особа|person|п\.?і\.?п)( \(.*\))?$",
)
# A name in another spelling ("Name (transliterated)", "ПІБ латиницею"): no field holds it.
_OTHER_SPELLING = _any(r"translit|трансліт|транслит|латиниц|латинськ|латинск|\blatin\b")
_SURNAME = _any(r"прізвищ|фамили|surname|last ?name|family ?name")
_GIVEN = _any(r"\bім'я|\bимя\b|given ?name|first ?name|forename|ініціал|инициал|initials")
_PATRONYMIC = _any(r"по.батькові|отчеств|patronymic|middle ?name")
_SEX = _any(r"^(стать|пол|sex|gender)\b")
_ADDRESS = _any(
    r"адрес|address|місце (проживання|реєстрації)|место (жительства|проживания|регистрации)|"
    r"прописк|residence|place of living|lives in|home town|hometown|проживає|проживает"
)
_STATUS = _any(
    r"статус|status|\bдоля\b|судьб|\bfate\b|^стан\b|^состояние\b",
    r"^(особа|він|вона|людина|человек|person|he|she) (зараз|сейчас|now)\b",
)
_MINOR = _any(r"неповнолітн|несовершеннолетн|\bminor")
_ORIGIN = _any(r"походж|происхожд|\borigin|родом|\bзвідки\b|\bоткуда\b|where \w+ (is )?from")
_REGION = _any(
    r"^(область|регіон|регион|region|oblast|обл)\b|^(area|province)$",
    r"\((область|регіон|регион|region|oblast)\)",
)
_DISTRICT = _any(r"^(район|district|raion|rayon)\b")
_SETTLEMENT = _any(
    r"населен\w* пункт|нас\.? ?пункт|\bн\.? ?п\b|\bмісто\b|\bгород\b|\bсело\b|\bсмт\b|\bпгт\b",
    r"settlement|\bcity\b|\btown\b|\bvillage\b|locality|^(місце|место|place|location)\b",
)
# When a form was filled in (Google Forms, Typeform): not when the event happened.
_TIMESTAMP = _any(
    r"позначка часу|отметка времени|timestamp|submitted (at|on)|date submitted|^submitted$",
    r"submission (date|time)|час заповнення",
    r"время заполнения|дата заповнення (форми|анкети)|дата заполнения (формы|анкеты)",
)
_CONSENT = _any(
    r"\bзгод|соглас|consent|обробк\w* (персональн|даних)|обработк\w* (персональн|данных)",
    r"data processing|processing of (personal )?data",
)
_DATE = _any(
    r"\bдата\b|\bdate\b|\bколи\b|\bкогда\b|\bwhen\b",
    r"^(рік|год|year|період|период|period|місяць|месяц|month)$",
)
_RECORDED = _any(
    r"внесен|запис|заповн|звернен|обращен|інтерв'ю|интервью|interview|опитув|опрос|анкет",
    r"\badded\b|entered|updated|оновл|обновл|recorded|reported|повідомл|сообщ",
)
_EVENT_TYPE = _any(
    r"тип поді|вид поді|\bподі|событи|\bevent|порушення|нарушени|що стал|що трапил",
    r"що (з \w+ )?відбувал|что (с \w+ )?происходил",
    r"что произошло|что случилось|what happened|incident|violation",
    r"^(тип|вид|type|category|категорія|категория)$",
    r"^(тип|вид|форма|type|kind) (повіст|повест|summons)|^summons type$",
)
_BODY = _any(
    r"військкомат|военкомат|\bорган\b|\bbody\b|\bunit\b|частин|commissariat|в/ч|^суд$|^court$|"
    r"назва суду|наименование суда|^суд \(|^court \("
)
# Headings of a court record's register: the file is a court record, not an NGO's list.
COURT_HEADINGS = re.compile(
    r"\bсуд\b|\bcourt\b|№ (дела|справи)|номер (дела|справи)|case (no|number)|приговор|вирок|"
    r"\bстатья\b|\bстаття\b|\bст\. ?\d|\barticle\b|sentence|verdict",
    re.IGNORECASE,
)
_DESCRIPTION = _any(
    r"опис|описание|обставин|обстоятельств|description|details|подробн|деталі",
    r"коментар|коммент|comment|примітк|примечан|\bnotes?\b",
)
_LOCATOR = _any(r"джерел|источник|\bsource|посилання|ссылка|\blink|\burl\b")
_CREDIBILITY = _any(r"достовірн|достоверн|credibility")
# A row's running number ("№", "№ п/п", "No.") and headings of identifiers ("ID", "Код").
_RUNNING = _any(
    r"^(№|#|n|no|nr|num|number|номер|п/п|з/п|п\.п|з\.п|порядков\w* номер)$",
    r"^(№|#|n|no) ?(п/п|з/п|п\.п|з\.п)$",
)
_IDENTIFIER = _any(
    r"(^|\s)(id|ід|ид|uid)$|^(код|code|ref|reference|ідентифікатор|идентификатор|identifier)\b",
    r"^case\b|номер (справи|дела|анкети|анкеты|запису)|^№ (справи|дела|анкети|анкеты|запису)$",
    r"реєстраційний номер|регистрационный номер",
)
# Headings about someone else than the person the row is about ("ПІБ родича", "ФИО матери").
_OTHER_PERSON = _any(
    r"родич|родствен|relative|\bмат(ері|ери|ь|и)\b|\bбатьк[оа]\b|\bот(ец|ца)\b|дружин|\bжен[аы]\b",
    r"mother|father|wife|spouse|заявник|заявител|applicant|informant|свідок|свидетел|witness",
    r"респондент|respondent|інформатор|информатор|сообщивш",
)
# Event words only headings use: "Дата моб." is a date of mobilisation.
_HEADING_KINDS = ((re.compile(r"\bмоб\b"), "forced_mobilization"),)

_NOTE_SENSITIVE = "not needed to count or link, and sensitive: left out"
_NOTE_CONTACT = "contact details: not needed to count or link, and dangerous if leaked: left out"
_NOTE_ID_DOCUMENT = (
    "identity document or tax numbers: not needed to count or link, and dangerous if leaked: "
    "left out"
)
_NOTE_RESPONDENT = (
    "the name of who filled in the form or told (the informant), never part of the name of the "
    "person the row is about: no field holds it; left out"
)
_NOTE_BIRTHPLACE = (
    "a place of birth, not a birth date: left out; to keep it, use person.origin.settlement "
    "(the place a person comes from)"
)
_NOTE_OTHER_PERSON = "about someone else (a relative, a witness): left out"
_NOTE_DISTRICT = "a district: places are found by region and settlement; left out"
_NOTE_SPELLING = (
    "the name in another spelling: no field holds it (names are linked across scripts); left out"
)
_NOTE_TIMESTAMP = "when the form was filled in, not when it happened"
_NOTE_SOURCE_KIND = (
    "the kind of source each row rests on (testimony, media...): the file is one source, of "
    "the kind set under source:; split the file by kind to keep it; left out"
)
# "Source type", "Тип джерела", "Вид источника": a kind, not where in the source
_SOURCE_KIND = _any(r"\btype\b|\bkind\b|\bтип\b|\bвид\b|категор|category")
_NOTE_NAME_BIRTH = "the name, with the birth year written in it"

_NOTE_INFORMANT = (
    "names who told (an informant), not where in the source: no field holds it; left out"
)
# A title line above the header that names the list ("СПИСОК граждан, подлежащих призыву").
_LIST_TITLE = re.compile(
    r"список|перелік|реєстр|реестр|\blist\b|register|roster|відомість|ведомость|відомості|сведения"
    r"|звіт|отчет|\breport\b"
)


def _split(header: str) -> tuple[list[str], str]:
    """Group headings and the lowest heading of a header joined from several rows ("A / B").

    " / " inside brackets is not a join: "Статус (загинув / в полоні)" is one heading.
    """
    parts: list[str] = []
    depth = start = 0
    for index, char in enumerate(header):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if depth <= 0 and header.startswith(" / ", index):
            parts.append(header[start:index])
            start = index + 3
    parts.append(header[start:])
    return parts[:-1], parts[-1]


def _name_part(text: str) -> str | None:
    surname = _SURNAME.search(text)
    rest = _SURNAME.sub(" ", text)  # "last name" is a surname, not a surname and a name
    given = _GIVEN.search(rest) or (surname and re.search(r"\bname\b", rest))
    patronymic = _PATRONYMIC.search(text)
    if _FULL_NAME.search(text) or sum(map(bool, (surname, given, patronymic))) >= 2:
        return "person.name"  # "Прізвище, ім'я, по батькові" is the whole name
    if patronymic:
        return "person.name.patronymic"
    if surname:
        return "person.name.surname"
    if given:
        return "person.name.given"
    return None


def _is_respondent(text: str) -> bool:
    """A heading of the informant's name ("Ваше ім'я", "ПІБ заявника", "Контактна особа")."""
    if _RESPONDENT.search(text):
        return True
    if not _RESPONDENT_ROLE.search(text):
        return False
    rest = re.sub(rf"\S*(?:{_RESPONDENT_ROLE.pattern})\S*", " ", text).strip()
    return not rest or bool(_name_part(rest) or re.search(r"\bname\b", rest))


def _name_with_birth(text: str) -> bool:
    """A heading of the name and the birth together: "ПІБ, рік народження", "Name, DOB"."""
    parts = re.split(r"[,;/()]|\s(?:та|і|и|and|&)\s", text)
    rest = " ".join(p.strip() for p in parts if p.strip() and not _BIRTH.search(p))
    return bool(rest) and _name_part(rest) == "person.name"


def _field(text: str) -> HeadingGuess:
    """The field one (folded) heading names, without the event it speaks of."""
    if _SENSITIVE.search(text):
        return HeadingGuess("ignore", note=_NOTE_SENSITIVE)
    if _BIRTHPLACE.search(text):
        return HeadingGuess("ignore", note=_NOTE_BIRTHPLACE)
    if _is_respondent(text):
        return HeadingGuess("ignore", note=_NOTE_RESPONDENT)
    if _PHONE.search(text):
        return HeadingGuess("ignore", note=_NOTE_CONTACT)
    if _ID_DOCUMENT.search(text) and not (_NOT_ID_DOCUMENT.search(text) or _DATE.search(text)):
        return HeadingGuess("ignore", note=_NOTE_ID_DOCUMENT)
    if _RUNNING.search(text) or _IDENTIFIER.search(text):
        return HeadingGuess("key")
    if _AGE.search(text):
        return HeadingGuess("person.age")
    if _BIRTH.search(text):
        if _name_with_birth(text):
            return HeadingGuess("person.name", note=_NOTE_NAME_BIRTH)
        return HeadingGuess("person.birth")
    name = _name_part(text)
    if name and _OTHER_SPELLING.search(text):
        return HeadingGuess("ignore", note=_NOTE_SPELLING)
    if name:
        return HeadingGuess(name)
    if _CONSENT.search(text):
        return HeadingGuess("person.consent")
    if _TIMESTAMP.search(text):
        return HeadingGuess("claim.recorded", note=_NOTE_TIMESTAMP)
    if _CODE.search(text):
        return HeadingGuess(_place(text, "code"))
    if _SEX.search(text):
        return HeadingGuess("person.sex")
    if _ADDRESS.search(text):
        return HeadingGuess("person.address")
    if _STATUS.search(text):
        return HeadingGuess("person.status")
    if _MINOR.search(text):
        return HeadingGuess("person.minor")
    if _REGION.search(text):
        return HeadingGuess(_place(text, "region"))
    if _DISTRICT.search(text):
        return HeadingGuess("ignore", note=_NOTE_DISTRICT)
    if _SETTLEMENT.search(text):
        return HeadingGuess(_place(text, "settlement"))
    if _DATE.search(text):
        return HeadingGuess("claim.recorded" if _RECORDED.search(text) else "event.date")
    if _LOCATOR.search(text) and _SOURCE_KIND.search(text):
        return HeadingGuess("ignore", note=_NOTE_SOURCE_KIND)
    for pattern, target in (
        (_EVENT_TYPE, "event.type"),
        (_BODY, "event.perpetrator_body"),
        (_LOCATOR, "claim.locator"),
        (_DESCRIPTION, "event.description"),
        (_CREDIBILITY, "claim.credibility"),
    ):
        if pattern.search(text):
            return HeadingGuess(target)
    return HeadingGuess(None)


def _place(text: str, part: str) -> str:
    return f"person.origin.{part}" if _ORIGIN.search(text) else f"event.place.{part}"


def _heading_kind(text: str) -> str | None:
    for pattern, kind in _HEADING_KINDS:
        if pattern.search(text):
            return kind
    for word, kind in _EVENT_WORDS:
        if re.search(word, text):
            return kind
    return None


def guess_heading(header: str) -> HeadingGuess:
    """What a column heading most likely means: its field and, for events, which event.

    With several header rows ("Загибель / Дата") the lowest heading names the field and the
    group headings above it the event; a heading that names both ("Дата загибелі") says both.
    """
    groups, leaf = _split(header)
    guess = _field(fold(leaf))
    if guess.target is None and groups:
        guess = _field(fold(header))
    if guess.target and guess.target.startswith("person.") and _OTHER_PERSON.search(fold(header)):
        return HeadingGuess("ignore", note=_NOTE_OTHER_PERSON)
    if guess.target is None or not guess.target.startswith("event."):
        return guess
    if guess.target == "event.type":
        return guess  # "Тип повістки" gives each row's type: it names no kind of its own
    for text in (leaf, *reversed(groups)):
        kind = _heading_kind(fold(text))
        if kind:
            return HeadingGuess(guess.target, kind, guess.note)
    return guess


def _looks_like_dates(values: list[str]) -> bool:
    good = 0
    for v in values:
        try:
            parse_date(v)
            good += 1
        except ValueError:
            pass
    return bool(values) and good >= 0.8 * len(values)


def _looks_like_phones(values: list[str]) -> bool:
    phones = sum(
        1
        for v in values
        if re.fullmatch(r"\+?[\d\s\-()]+", v) and 10 <= sum(c.isdigit() for c in v) <= 13
    )
    return bool(values) and phones >= 0.8 * len(values)


def guess_column(header: str, values: list[str]) -> HeadingGuess:
    """What a column most likely means from its heading and its (non-empty) sample cells.

    Cells decide where the heading does not: phone numbers are left out, dates are an event's
    date, and a "source" column naming who told ("Self", "Wife") is an informant, not a locator.
    """
    guess = guess_heading(header)
    if guess.target is None and values and _looks_like_phones(values[:50]):
        return HeadingGuess("ignore", note="looks like phone numbers: left out")
    if guess.target is None and values and _looks_like_dates(values[:50]):
        return HeadingGuess("event.date")
    if guess.target == "claim.locator" and sum(map(is_informant, values)) * 2 > len(values) > 0:
        return HeadingGuess("ignore", note=_NOTE_INFORMANT)
    return guess


def guess_target(header: str) -> str | None:
    """The target a column header most likely means, or None."""
    return guess_heading(header).target
