"""Build hook: the wheel carries the top-level locales/ and assets/ inside the package.

The repository keeps them beside pyproject.toml (translators and designers find them
there); an installed smallshop finds them as smallshop/locales and smallshop/assets
(smallshop.paths). MANIFEST.in puts them in the sdist, so a wheel built from the sdist
has them too. An editable install reads them from the checkout instead.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCE_FOLDERS = ("locales", "assets")


class build_py_with_resources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for folder in RESOURCE_FOLDERS:
            source = Path(folder)
            if not source.is_dir():
                raise SystemExit(f"{folder}/ is missing: the wheel would show message keys and fail on every PDF")
            self.copy_tree(str(source), str(Path(self.build_lib) / "smallshop" / folder))


setup(cmdclass={"build_py": build_py_with_resources})
