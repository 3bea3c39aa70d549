import pytest

from smallshop.storage import tinydb_store


@pytest.fixture(autouse=True)
def _close_stores():
    """Every test leaves no store open (the registry is per process)."""
    yield
    for store in list(tinydb_store._REGISTRY.values()):
        store._opens = 1
        store.close()
