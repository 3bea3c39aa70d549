"""Where the data folder is by default."""

from pathlib import Path

import platformdirs

from smallshop.storage.location import default_data_dir


def test_env_override_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SMALLSHOP_DATA_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("FLET_APP_STORAGE_DATA", str(tmp_path / "flet"))
    assert default_data_dir() == tmp_path / "mine"


def test_packaged_flet_app_storage(monkeypatch, tmp_path):
    monkeypatch.delenv("SMALLSHOP_DATA_DIR", raising=False)
    monkeypatch.setenv("FLET_APP_STORAGE_DATA", str(tmp_path / "flet"))
    assert default_data_dir() == tmp_path / "flet" / "smallshop"


def test_user_data_folder_otherwise(monkeypatch):
    monkeypatch.delenv("SMALLSHOP_DATA_DIR", raising=False)
    monkeypatch.delenv("FLET_APP_STORAGE_DATA", raising=False)
    assert default_data_dir() == Path(platformdirs.user_data_dir("smallshop", appauthor=False))
    assert default_data_dir().name == "smallshop"
