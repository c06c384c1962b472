from collections import Counter

import pytest

from svidok.ingest.telegram_json import (
    Malformed,
    language,
    message_text,
    phone_digits,
    replace_phones,
    text_parts,
)


def token(label: str, digits: str) -> str:
    return f"[{label} {digits}]"


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("+380 67 123 45 67", "380671234567"),
        ("+380671234567", "380671234567"),
        ("+380 (67) 123-45-67", "380671234567"),
        ("067 123 45 67", "380671234567"),
        ("(067) 123-45-67", "380671234567"),
        ("0671234567", "380671234567"),
        ("8 067 123 45 67", "380671234567"),
        ("380671234567", "380671234567"),
        ("8 (978) 123-45-67", "79781234567"),
        ("+7 978 123 45 67", "79781234567"),
        ("89781234567", "79781234567"),
        ("+7-978-123-45-67", "79781234567"),
        ("тел.0671234567", "380671234567"),
        ("050–123–45–67", "380501234567"),  # en dashes, as word processors write them
        ("+380\u201150\u2011123\u201145\u201167", "380501234567"),  # non-breaking hyphens
        ("050\u00a0123\u00a045\u00a067", "380501234567"),  # non-breaking spaces
    ],
)
def test_phone_numbers_in_text_are_replaced_whatever_their_form(written: str, digits: str) -> None:
    text, count = replace_phones(f"Дзвоніть {written}, будь ласка.", token)
    prefix = "тел." if written.startswith("тел.") else ""
    assert (text, count) == (f"Дзвоніть {prefix}[phone {digits}], будь ласка.", 1)


@pytest.mark.parametrize(
    "text",
    [
        "Ігор Коваль (1988 г.р.), 24 роки",
        "01.02.2023 — 12.03.2024",
        "штраф 100 000 рублів; 80 000 000 000 рублів бюджету",
        "справа № 1-234/2024, 5-678/2023",
        "https://t.me/c/1234567890/123",
        "ID 1234567890123",
        "16:30, 2024",
        "05.03–12.03.24",
        "2022–2024",
    ],
)
def test_numbers_that_are_not_phones_stay(text: str) -> None:
    assert replace_phones(text, token) == (text, 0)


def test_phone_digits_rejects_short_and_long_runs() -> None:
    assert phone_digits("12345") is None
    assert phone_digits("+1234567") is None
    assert phone_digits("+44 20 7946 0958") == "442079460958"


def test_text_parts_accepts_both_forms() -> None:
    assert text_parts({"text": "plain"}) == [("plain", "plain", "")]
    assert text_parts({"text": ["a ", {"type": "bold", "text": "b"}]}) == [
        ("plain", "a ", ""),
        ("bold", "b", ""),
    ]
    entities = [{"type": "text_link", "text": "t", "href": "https://example.org"}]
    assert text_parts({"text": ["ignored"], "text_entities": entities}) == [
        ("text_link", "t", "https://example.org")
    ]
    assert text_parts({}) == [("plain", "", "")]
    with pytest.raises(Malformed):
        text_parts({"text": 5})
    with pytest.raises(Malformed):
        text_parts({"text": [{"type": "bold", "text": 5}]})


def test_message_text_removes_control_characters_and_counts_phones() -> None:
    dropped: Counter[str] = Counter()
    text, links = message_text(
        {"text": ["a\x0bb ", {"type": "phone", "text": "+380 67 123 45 67"}]},
        token,
        dropped,
        Counter(),
    )
    assert text == "ab [phone 380671234567]" and links == []
    assert dropped == {"phone number": 1}


def test_language_is_set_only_when_obvious() -> None:
    assert language("Їх вивезли до Криму, сім'ї не відповідають") == "uk"
    assert language("Мобилизован Игорь Кузнецов, семьи ждут вестей. Подъём") == "ru"
    assert language("Горлівка") == ""
    assert language("Мелітополь: мобилизован Юрий") == ""


def test_a_number_split_by_formatting_is_still_a_phone_number() -> None:
    dropped: Counter[str] = Counter()
    parts = ["Пишіть: ", {"type": "bold", "text": "+38 050"}, " 123 45 67", " (Олена)"]
    text, _ = message_text({"text": parts}, token, dropped, Counter())
    assert text == "Пишіть: [phone 380501234567] (Олена)"
    assert dropped == {"phone number": 1}


def test_e_mail_addresses_become_tokens_like_phone_numbers() -> None:
    dropped: Counter[str] = Counter()
    parts = [
        "Пишіть на olena.k@ukr.net або ",
        {"type": "email", "text": "Info@Example.org"},
        " ",
        {"type": "text_link", "text": "сюди", "href": "mailto:olena.k@ukr.net"},
    ]
    text, links = message_text({"text": parts}, token, dropped, Counter())
    assert text == "Пишіть на [e-mail olena.k@ukr.net] або [e-mail info@example.org] сюди"
    assert links == [] and "@" not in "".join(links)
    assert dropped == {"e-mail address": 2, "link with an e-mail address": 1}
