"""Entry point of the packaged app (`flet build apk|windows` runs this module).

The build packages the project folder (see [tool.flet.app] in pyproject.toml):
src/ holds the code, locales/ and assets/ sit beside it where smallshop.paths
finds them. Data goes to FLET_APP_STORAGE_DATA (smallshop.storage.location).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from smallshop.app import packaged_main  # noqa: E402

packaged_main()
