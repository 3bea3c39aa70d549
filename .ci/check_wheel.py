#!/usr/bin/env python3
"""CI check: smallshop works when installed from its wheel, not only from a checkout.

Builds the sdist and, from it, the wheel (`python -m build`), checks both carry every
file of locales/ and assets/, installs the wheel WITHOUT -e into a fresh venv and runs
`demo`, `summary` and `report` (PDF, CSV, JSON in ky, ru and en) from an empty folder.
Fails on a non-zero exit, a traceback, an "unknown translation key" warning, a catalog
key left in any output, output not in the asked language, or resources found anywhere
but inside the installed package. Standard library only (runs with the system python3);
reads PDFs back with pdftotext (poppler-utils, installed by README's test command).

    python3 .ci/check_wheel.py [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESOURCE_FOLDERS = ("locales", "assets")
LANGS = ("ky", "ru", "en")
MONTH, TODAY = "2026-11", "2026-11-30"
CYRILLIC = re.compile(r"[А-Яа-яЁёҢңӨөҮү]")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


# --- what the archives must hold --------------------------------------------
def resource_files(root: Path = ROOT) -> list[str]:
    """Every shipped resource file, relative to the project root (locales/en/ui.json, ...)."""
    found = []
    for folder in RESOURCE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found.append(path.relative_to(root).as_posix())
    return found


def missing_from_wheel(wheel: Path, expected: list[str]) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    return [f"wheel lacks smallshop/{name}" for name in expected if f"smallshop/{name}" not in names]


def missing_from_sdist(sdist: Path, expected: list[str]) -> list[str]:
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    return [f"sdist lacks {name}" for name in expected if name not in names]


# --- what the outputs must (not) contain --------------------------------------
def catalog(lang: str, root: Path = ROOT) -> dict[str, str]:
    messages: dict[str, str] = {}
    for path in sorted((root / "locales" / lang).glob("*.json")):
        messages.update(json.loads(path.read_text(encoding="utf-8")))
    return messages


def all_keys(root: Path = ROOT) -> set[str]:
    return {key for lang in LANGS for key in catalog(lang, root)}


def untranslated_keys(text: str, keys: set[str]) -> list[str]:
    """Catalog keys that appear verbatim in `text` (a message shown as its key)."""
    return sorted(key for key in keys if re.search(rf"(?<![\w.]){re.escape(key)}(?!\w|\.\w)", text))


def language_evidence(text: str, lang: str, root: Path = ROOT) -> int:
    """How many distinctive messages of `lang` (not the same in English) appear in `text`."""
    english = catalog("en", root)
    count = 0
    for key, message in catalog(lang, root).items():
        plain = PLACEHOLDER.sub("", message).strip()
        if len(plain) >= 6 and "\n" not in plain and (lang == "en" or message != english.get(key)):
            count += plain in text
    return count


def run_problems(label: str, text: str, stderr: str, keys: set[str]) -> list[str]:
    """A traceback, unknown-key warnings, or a catalog key left in the output."""
    problems = []
    if "Traceback" in stderr or "Traceback" in text:
        problems.append(f"{label}: traceback\n{stderr[-2000:]}")
    if "unknown translation key" in stderr:
        problems.append(f"{label}: {stderr.count('unknown translation key')} unknown-key warnings")
    left = untranslated_keys(text + "\n" + stderr, keys)
    if left:
        problems.append(f"{label}: untranslated keys {left[:8]}{' ...' if len(left) > 8 else ''}")
    return problems


def language_problems(label: str, text: str, lang: str) -> list[str]:
    """Text output that is not in the asked language."""
    problems = []
    if lang in ("ky", "ru") and not CYRILLIC.search(text):
        problems.append(f"{label}: no Cyrillic text in a {lang} output")
    if language_evidence(text, lang) < 2:
        problems.append(f"{label}: fewer than 2 {lang} catalog messages in the output")
    return problems


def json_problems(label: str, text: str, lang: str | None = None) -> list[str]:
    """Not a JSON object, or (for the report) not naming the asked language."""
    try:
        data = json.loads(text)
    except ValueError:
        return [f"{label}: not JSON"]
    if not isinstance(data, dict):
        return [f"{label}: not a JSON object"]
    if lang and data.get("language") != lang:
        return [f"{label}: \"language\" is not {lang!r}"]
    return []


# --- running things ---------------------------------------------------------
def run(cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True)


def must(result: subprocess.CompletedProcess, what: str) -> None:
    if result.returncode != 0:
        sys.exit(f"FAILED: {what} (exit {result.returncode})\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def clean_env() -> dict[str, str]:
    """The environment of a user who installed the wheel: no source tree on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMALLSHOP_", "PYTHON", "FLET_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def pdf_text(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        sys.exit("FAILED: pdftotext is needed to read the PDFs back (apt-get install poppler-utils)")
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else ""


def build(work: Path) -> tuple[Path, Path]:
    tools = work / "tools"
    must(run([sys.executable, "-m", "venv", tools], cwd=work), "venv for the build")
    must(run([tools / "bin" / "pip", "install", "-q", "build"], cwd=work), "pip install build")
    must(run([tools / "bin" / "python", "-m", "build", "--outdir", work / "dist", ROOT], cwd=work), "python -m build")
    (wheel,) = (work / "dist").glob("smallshop-*.whl")
    (sdist,) = (work / "dist").glob("smallshop-*.tar.gz")
    return sdist, wheel


def check(work: Path) -> list[str]:
    sdist, wheel = build(work)
    expected = resource_files()
    problems = missing_from_sdist(sdist, expected) + missing_from_wheel(wheel, expected)

    app = work / "app"
    must(run([sys.executable, "-m", "venv", app], cwd=work), "fresh venv")
    must(run([app / "bin" / "pip", "install", "-q", wheel], cwd=work), "pip install the wheel (not editable)")
    here = work / "elsewhere"  # an empty working directory: nothing may depend on it
    here.mkdir()
    env = clean_env()

    where = run([app / "bin" / "python", "-c", "from smallshop import paths; print(paths.resource_root())"], cwd=here, env=env)
    if where.returncode != 0:
        return problems + [f"the installed smallshop cannot find its resources:\n{where.stderr[-2000:]}"]
    site = Path(where.stdout.strip())
    if app.resolve() not in site.resolve().parents:
        problems.append(f"resources found at {site}, not inside the installed package under {app}")

    smallshop = app / "bin" / "smallshop"
    data = work / "data"
    keys = all_keys()
    demo = run([smallshop, "demo", "--data-dir", data, "--today", TODAY, "--lang", "en"], cwd=here, env=env)
    problems += [f"demo exit {demo.returncode}"] if demo.returncode else []
    problems += run_problems("demo en", demo.stdout, demo.stderr, keys) + language_problems("demo en", demo.stdout, "en")
    for lang in LANGS:
        for fmt in ("text", "json"):
            label = f"summary {fmt} {lang}"
            result = run([smallshop, "summary", "--data-dir", data, "--month", MONTH, "--lang", lang, "--format", fmt], cwd=here, env=env)
            problems += [f"{label}: exit {result.returncode}"] if result.returncode else []
            problems += run_problems(label, result.stdout, result.stderr, keys)
            if fmt == "text":
                problems += language_problems(label, result.stdout, lang)
            else:  # English keys and plain figures whatever the language
                problems += json_problems(label, result.stdout)
        for fmt in ("pdf", "csv", "json"):
            label = f"report {fmt} {lang}"
            out = work / "out" / f"report-{lang}.{fmt}"
            out.parent.mkdir(exist_ok=True)
            result = run([smallshop, "report", "--data-dir", data, "--month", MONTH, "--lang", lang, "--format", fmt, "-o", out], cwd=here, env=env)
            if result.returncode or not out.is_file():
                problems.append(f"{label}: exit {result.returncode}, file written: {out.is_file()}\n{result.stderr[-2000:]}")
                continue
            text = pdf_text(out) if fmt == "pdf" else out.read_text(encoding="utf-8-sig")
            problems += run_problems(label, text, result.stderr, keys)
            if fmt == "json":  # figures only, English keys: it must parse and name the language
                problems += json_problems(label, text, lang)
            else:
                problems += language_problems(label, text, lang)
    stray = sorted(p.name for p in here.iterdir())
    if stray:
        problems.append(f"commands wrote into the working directory: {stray}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="an empty folder to work in (default: a new temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="smallshop-wheel-"))
    work.mkdir(parents=True, exist_ok=True)
    problems = check(work.resolve())
    if problems:
        print("FAILED: the installed wheel does not work:", *problems, sep="\n- ", file=sys.stderr)
        return 1
    print(f"OK: the wheel carries locales/ and assets/; demo, summary and report (pdf, csv, json; {', '.join(LANGS)}) "
          f"run from a fresh venv without a traceback or an untranslated key (work folder {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
