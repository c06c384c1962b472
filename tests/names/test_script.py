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
