from pathlib import Path

import pytest

from svidok.errors import SvidokError
from svidok.settings import SETTINGS, load_settings

DOCS = Path(__file__).parents[1] / "docs" / "settings.md"


def test_every_setting_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in text and f"`{setting.env}`" in text, setting.name


def test_environment_beats_file_beats_default(tmp_path):
    config = tmp_path / "svidok.toml"
    config.write_text('data_dir = "from-file"\nactor = "file-actor"\n', encoding="utf-8")
    s = load_settings({"SVIDOK_CONFIG": str(config), "SVIDOK_ACTOR": "env-actor"})
    assert s.data_dir == Path("from-file")
    assert s.actor == "env-actor"
    assert s.database_url == f"sqlite:///{Path('from-file') / 'svidok.db'}"


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "url"
    secret.write_text("postgresql://u:pw@host/db\n", encoding="utf-8")
    s = load_settings(
        {"SVIDOK_DATABASE_URL_FILE": str(secret), "SVIDOK_CONFIG": str(tmp_path / "none")}
    )
    assert s.database_url == "postgresql://u:pw@host/db"


def test_unknown_keys_in_the_file_are_an_error(tmp_path):
    config = tmp_path / "svidok.toml"
    config.write_text('databse_url = "typo"\n', encoding="utf-8")
    with pytest.raises(SvidokError, match="unknown settings"):
        load_settings({"SVIDOK_CONFIG": str(config)})
