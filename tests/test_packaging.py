"""smallshop finds its translations and fonts however it is installed, and the CI wheel
check (.ci/check_wheel.py, run by .ci/run) would notice when it does not.

The full check (build, fresh venv, every command in every language) needs the package
index and takes a minute, so CI runs it directly; here its detectors are attacked with
broken archives and broken output, and the run-time lookup with a copied package.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_check():
    spec = importlib.util.spec_from_file_location("check_wheel", ROOT / ".ci" / "check_wheel.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = _load_check()


def test_ci_runs_the_wheel_check_after_the_readme_tests():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    readme_run = next(i for i, line in enumerate(lines) if line.startswith('bash -c "$test_command"'))
    wheel_run = next(i for i, line in enumerate(lines) if line.strip() == "python3 .ci/check_wheel.py")
    assert readme_run < wheel_run


def test_every_locale_and_font_file_is_expected_in_the_archives():
    expected = check.resource_files()
    for lang in ("ky", "ru", "en"):
        assert f"locales/{lang}/ui.json" in expected
    assert "assets/fonts/PTSans-Regular.ttf" in expected and "assets/fonts/LICENSE-PTSans.txt" in expected


def _wheel(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "smallshop-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, b"x")
    return path


def _sdist(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "smallshop-0.1.0.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            info = tarfile.TarInfo(f"smallshop-0.1.0/{name}")
            info.size = 1
            archive.addfile(info, io.BytesIO(b"x"))
    return path


def test_a_wheel_without_one_catalog_file_fails_the_check(tmp_path):
    expected = check.resource_files()
    complete = [f"smallshop/{name}" for name in expected] + ["smallshop/__init__.py"]
    assert check.missing_from_wheel(_wheel(tmp_path, complete), expected) == []
    dropped = "locales/ky/report.json"
    broken = [name for name in complete if name != f"smallshop/{dropped}"]
    (tmp_path / "b").mkdir()
    assert check.missing_from_wheel(_wheel(tmp_path / "b", broken), expected) == [f"wheel lacks smallshop/{dropped}"]
    # at the top level of the wheel (beside the package) does not count
    (tmp_path / "c").mkdir()
    beside = [name for name in broken] + [dropped]
    assert check.missing_from_wheel(_wheel(tmp_path / "c", beside), expected) == [f"wheel lacks smallshop/{dropped}"]


def test_an_sdist_without_the_fonts_fails_the_check(tmp_path):
    expected = check.resource_files()
    assert check.missing_from_sdist(_sdist(tmp_path, expected), expected) == []
    (tmp_path / "b").mkdir()
    no_fonts = [name for name in expected if not name.startswith("assets/")]
    missing = check.missing_from_sdist(_sdist(tmp_path / "b", no_fonts), expected)
    assert "sdist lacks assets/fonts/PTSans-Regular.ttf" in missing and len(missing) == len(expected) - len(no_fonts)


@pytest.mark.parametrize(
    "text",
    [
        "Income: report.figure.income",
        "report.figure.income\n",
        "(report.figure.income)",
        "see report.figure.income.",
    ],
)
def test_a_message_shown_as_its_key_is_found(text):
    keys = check.all_keys()
    assert "report.figure.income" in keys
    assert check.untranslated_keys(text, keys) == ["report.figure.income"]
    assert check.run_problems("summary ky", text, "", keys)


def test_translated_output_passes_and_english_in_a_kyrgyz_report_fails():
    keys = check.all_keys()
    ky = check.catalog("ky")
    en = check.catalog("en")
    words = [ky[k] for k in ("report.figure.income", "report.figure.expenses", "report.figure.profit")]
    kyrgyz = "\n".join(f"{word}: 1 250 сом" for word in words)
    assert check.run_problems("report csv ky", kyrgyz, "", keys) == []
    assert check.language_problems("report csv ky", kyrgyz, "ky") == []
    english = "\n".join(en[k] for k in ("report.figure.income", "report.figure.expenses", "report.figure.profit"))
    assert check.language_problems("report csv ky", english, "ky")


def test_a_traceback_or_a_warning_on_stderr_fails():
    keys = check.all_keys()
    assert check.run_problems("report pdf ru", "", "Traceback (most recent call last):\n  TTFError", keys)
    assert check.run_problems("summary ru", "", "unknown translation key 'x.y'", keys)


def test_the_json_report_must_name_its_language():
    assert check.json_problems("report json ky", '{"language": "ky"}', "ky") == []
    assert check.json_problems("report json ky", '{"language": "en"}', "ky")
    assert check.json_problems("report json ky", "report.figure.income", "ky")


def _probe(site: Path, cwd: Path) -> subprocess.CompletedProcess:
    code = "from smallshop import paths; print(paths.resource_root()); print(paths.assets_dir())"
    return subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        cwd=cwd, capture_output=True, text=True,
    )


def test_an_installed_package_finds_the_resources_inside_itself_from_any_folder(tmp_path):
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "src" / "smallshop", site / "smallshop")
    for folder in ("locales", "assets"):
        shutil.copytree(ROOT / folder, site / "smallshop" / folder)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _probe(site, elsewhere)
    assert result.returncode == 0, result.stderr
    root, assets = result.stdout.split()
    assert Path(root) == site / "smallshop" and Path(assets) == site / "smallshop" / "assets"


def test_a_package_installed_without_its_resources_says_so(tmp_path):
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "src" / "smallshop", site / "smallshop")
    result = _probe(site, ROOT)  # even from the checkout: the working directory never counts
    assert result.returncode != 0
    assert "ResourcesMissing" in result.stderr and "locales/ and assets/" in result.stderr


def test_a_checkout_finds_the_top_level_folders(tmp_path):
    result = _probe(ROOT / "src", tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.split()[0]) == ROOT
