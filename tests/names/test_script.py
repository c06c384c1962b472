import pytest

from svidok.names import languages, normalize_token, token_script


@pytest.mark.parametrize(
    ("token", "script"),
    [
        ("Олексій", "uk"),
        ("Ґудзь", "uk"),
        ("Мар'яна", "uk"),
        ("Алексей", "cyrillic"),
        ("Фёдор", "ru"),
        ("Васильевич", "cyrillic"),
        ("Дмитрий", "cyrillic"),
        ("Эльдар", "ru"),
        ("Скрипник", "cyrillic"),
        ("Skrypnyk", "latin"),
        ("Ölmez", "latin"),
        ("Sкрипник", "mixed"),
        ("123", "other"),
    ],
)
def test_scripts_tell_ukrainian_from_russian_where_letters_allow(token, script):
    assert token_script(token) == script


def test_ambiguous_cyrillic_has_both_readings():
    assert languages("Скрипник") == ("uk", "ru")
    assert languages("Олексій") == ("uk",)
    assert languages("Алёша") == ("ru",)
    assert languages("Oleksii") == ("latin",)


def test_latin_look_alikes_inside_a_cyrillic_word_are_repaired():
    assert normalize_token("Cкрипник") == "Скрипник"  # a Latin C typed on a mixed keyboard
    assert token_script(normalize_token("Cкрипник")) == "cyrillic"
    assert normalize_token("Мар’яна") == "Мар'яна"


@pytest.mark.parametrize("quote", ['"', "”", "“", "″"])
def test_a_quotation_mark_between_letters_is_an_apostrophe(quote):
    assert normalize_token(f"Мар{quote}яна") == "Мар'яна"
    assert normalize_token(f"Luk{quote}yanchuk") == "Luk'yanchuk"
    assert normalize_token(f"{quote}Петренко{quote}") == f"{quote}Петренко{quote}"  # quotes stay


def test_cyrillic_look_alikes_inside_a_latin_word_are_repaired():
    assert normalize_token("Kovalсhuk") == "Kovalchuk"  # a Cyrillic с
    assert token_script(normalize_token("Kovalсhuk")) == "latin"


def test_a_letter_only_one_script_has_decides_the_words_script():
    # Latin B, A, C, H, K, O around a Cyrillic Л and И: a Cyrillic word in capitals
    assert normalize_token("BЛACEHKO") == "ВЛАСЕНКО"
    assert normalize_token("MAKCИM") == "МАКСИМ"
