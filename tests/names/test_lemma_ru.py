import pytest

from svidok.names.lemma_ru import nominatives_ru


@pytest.mark.parametrize(
    ("token", "slot", "sex", "first"),
    [
        ("Алексея", "given", None, "Алексей"),
        ("Николаем", "given", None, "Николай"),
        ("Скрипника", "surname", "m", "Скрипник"),
        ("Мельнику", "surname", None, "Мельник"),
        ("Викторовича", "patronymic", None, "Викторович"),
        ("Сергеевной", "patronymic", None, "Сергеевна"),
        ("Ивановой", "surname", "f", "Иванова"),
        ("Коваленко", "surname", None, "Коваленко"),
        ("Скрипник", "surname", None, "Скрипник"),
    ],
)
def test_russian_forms_go_back_to_the_nominative(token, slot, sex, first):
    assert nominatives_ru(token, slot, sex)[0] == first


def test_the_token_itself_is_always_a_candidate():
    assert "Скрипника" in nominatives_ru("Скрипника", "surname")
    assert nominatives_ru("Oleksii", "given") == ("Oleksii",)


def test_a_feminine_surname_also_offers_the_masculine_form():
    assert "Иванов" in nominatives_ru("Ивановой", "surname", "f")
