"""smallshop works with its dependencies laid out the way the Android app holds them.

serious_python's Android packaging puts pure-Python packages in one stored zip imported
with zipimport (sitepackages.zip), relocates compiled modules to native libraries, and
unpacks only the packages named in [tool.flet.android] extract_packages (and the app)
to disk. A package that reads its data files through `__file__` instead of
importlib.resources breaks there: Babel opens `babel/locale-data/*.dat` with open(),
so every formatted amount and date would fail on a phone. Here the phone's set of
dependencies (the same walk as tests/test_phone_dependencies.py) is laid out that way —
pure ones zipped, compiled ones as folders, the extract list as folders — and a Python
that sees nothing else formats money and dates in Kyrgyz, creates a demo business and
writes its PDF report, and opens the app module (flet from the zip). orjson is not
there, so the store runs on its standard-library fallback, as on a phone.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _phone_rules():
    spec = importlib.util.spec_from_file_location("phone_deps", ROOT / "tests" / "test_phone_dependencies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract_packages() -> list[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["flet"].get("android", {}).get("extract_packages", [])


def lay_out(target: Path, extract: list[str]) -> tuple[Path, Path, Path]:
    """sitepackages.zip (pure), natives/ (compiled), extract/ (the extract list)."""
    rules = _phone_rules()
    needed = rules.closure(rules.environment("Android"))
    site_zip, natives, unpacked = target / "sitepackages.zip", target / "natives", target / "extract"
    natives.mkdir(parents=True)
    unpacked.mkdir()
    extract_names = {name.lower() for name in extract}
    with zipfile.ZipFile(site_zip, "w", zipfile.ZIP_STORED) as archive:
        for name in needed:
            dist = metadata.distribution(name)
            compiled = not rules.is_pure(rules.wheel_tags(name))
            for file in dist.files or []:
                parts = file.parts
                if ".." in parts or parts[0].endswith((".dist-info", ".data")) or "__pycache__" in parts:
                    continue
                source = Path(file.locate())
                if not source.is_file():
                    continue
                top = parts[0].split(".")[0]
                if top in extract_names or name in extract_names:
                    folder = unpacked
                elif compiled:
                    folder = natives
                else:
                    archive.write(source, file.as_posix())
                    continue
                (folder / file).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, folder / file)
    return site_zip, natives, unpacked


PROBE = """
import sys
sys.path[:0] = {paths!r}
from datetime import date
from pathlib import Path

import babel
assert babel.__file__.startswith({where!r}), babel.__file__  # really from the phone layout

from smallshop.domain.money import Money
from smallshop.i18n import get_translator

t = get_translator("ky")
print("MONEY", t.money(Money.som("1250.5")))
print("DATE", t.date(date(2026, 11, 30), "long"))

from smallshop.app import Runtime, make_demo
from smallshop.domain.period import Month
from smallshop.storage import jsonbytes

folder = Path({data!r})
make_demo(folder, months=2)
runtime = Runtime(folder)
try:
    name, pdf = runtime.report(Month.of(runtime.today()), fmt="pdf", lang="ky", prepared_by="")
finally:
    runtime.close()
print("PDF", name, len(pdf), pdf[:5])
print("JSON", jsonbytes.BACKEND_NAME)
import flet
print("FLET", flet.__file__)
"""


def _run_probe(tmp_path: Path, extract: list[str]) -> subprocess.CompletedProcess:
    site_zip, natives, unpacked = lay_out(tmp_path / "phone", extract)
    where = str(unpacked) if "babel" in extract else str(site_zip)
    code = PROBE.format(paths=[str(ROOT / "src"), str(unpacked), str(natives), str(site_zip)],
                        where=where, data=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-I", "-S", "-B", "-c", textwrap.dedent(code)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)


def test_the_app_works_from_the_androids_package_layout(tmp_path):
    extract = extract_packages()
    result = _run_probe(tmp_path, extract)
    assert result.returncode == 0, result.stderr[-4000:]
    out = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert out["MONEY"].endswith("сом") and "1" in out["MONEY"]
    assert "2026" in out["DATE"]
    assert "b'%PDF-'" in out["PDF"]
    assert out["JSON"].strip() == "json"  # no orjson, no msgspec on a phone: the standard library
    assert out["FLET"].startswith(str(tmp_path / "phone" / "sitepackages.zip"))


def test_babel_breaks_inside_the_zip_which_is_why_it_is_extracted(tmp_path):
    assert "babel" in extract_packages()
    result = _run_probe(tmp_path, [name for name in extract_packages() if name != "babel"])
    assert result.returncode != 0 and "locale-data" in result.stderr
