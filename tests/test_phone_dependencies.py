"""Every runtime dependency of smallshop installs on Android and iOS.

`flet build apk|ipa` installs [project].dependencies with pip for the phone
(`--only-binary :all:`, PyPI plus Flet's own index pypi.flet.dev), with a
sitecustomize that makes `platform.system()` answer "Android" or "iOS" and appends
";embedded" to `platform.version()` — so environment markers see a phone. Walking the
requirements from pyproject.toml through the installed distributions' metadata with
that environment gives what a phone gets; each of those must be
- pure: its installed wheel is tagged `<py>-none-any`, or
- on Flet's list of prebuilt mobile packages (copied into docs/packaging.md) with a
  listed version every requirement on it accepts, or
- listed in docs/packaging.md as also published as a pure wheel (pip takes that one
  on a phone), and really working without its compiled parts: every extension module
  installed here has its .py source beside it.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "packaging.md"


def project_requirements() -> list[Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(text) for text in pyproject["project"]["dependencies"]]


def environment(system: str) -> dict[str, str]:
    """The marker environment pip sees: a phone under `flet build`, or a PC."""
    env = default_environment()
    env["platform_system"] = system
    if system in ("Android", "iOS"):
        env["platform_version"] = env["platform_version"] + ";embedded"
    return env


def _applies(requirement: Requirement, env: dict[str, str], extras: frozenset[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({**env, "extra": extra}) for extra in ("", *extras))


def closure(env: dict[str, str], roots: list[Requirement] | None = None) -> dict[str, list[Requirement]]:
    """Every distribution pip would install for `env`, with the requirements naming it."""
    needed: dict[str, list[Requirement]] = {}
    walked: set[tuple[str, frozenset[str]]] = set()
    queue = [(req, frozenset()) for req in (project_requirements() if roots is None else roots)]
    while queue:
        requirement, parent_extras = queue.pop()
        if not _applies(requirement, env, parent_extras):
            continue
        name = canonicalize_name(requirement.name)
        needed.setdefault(name, []).append(requirement)
        extras = frozenset(requirement.extras)
        if (name, extras) in walked:
            continue
        walked.add((name, extras))
        for text in metadata.distribution(requirement.name).requires or []:
            queue.append((Requirement(text), extras))
    return needed


def wheel_tags(name: str) -> list[str]:
    text = metadata.distribution(name).read_text("WHEEL") or ""
    return [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Tag:")]


def is_pure(tags: list[str]) -> bool:
    return bool(tags) and all(tag.endswith("-none-any") for tag in tags)


def _doc_table(heading: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]
    return [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows]


def flet_mobile_packages() -> dict[str, list[str]]:
    """Flet's documented prebuilt Android/iOS packages: name -> versions."""
    return {
        canonicalize_name(re.sub(r"\s*\(.*\)$", "", name)): [v.strip() for v in versions.split(",")]
        for name, versions, *_ in _doc_table("Flet's prebuilt mobile packages")
    }


def pure_wheel_published() -> set[str]:
    return {canonicalize_name(row[0]) for row in _doc_table("Compiled here, pure wheel on a phone")}


def works_without_compiled_parts(name: str) -> list[str]:
    """Extension modules installed for `name` that have no .py source beside them."""
    files = {file.as_posix() for file in metadata.distribution(name).files or []}
    compiled = [f for f in files if f.endswith((".so", ".pyd"))]
    return sorted(f for f in compiled if posixpath.join(posixpath.dirname(f), f"{posixpath.basename(f).split('.')[0]}.py") not in files)


def phone_problems(needed: dict[str, list[Requirement]]) -> list[str]:
    flet_list, pure_elsewhere = flet_mobile_packages(), pure_wheel_published()
    problems = []
    for name, requirements in sorted(needed.items()):
        tags = wheel_tags(name)
        if is_pure(tags):
            continue
        if name in flet_list:
            versions = flet_list[name]
            if "All versions" in versions:
                continue
            if any(all(Version(v) in req.specifier for req in requirements) for v in versions):
                continue
            wanted = ", ".join(str(req) for req in requirements)
            problems.append(f"{name}: Flet builds {versions} for phones, but smallshop needs {wanted}")
        elif name in pure_elsewhere:
            problems += [f"{name}: {f} has no pure-Python twin" for f in works_without_compiled_parts(name)]
        else:
            problems.append(f"{name}: compiled ({', '.join(tags)}) and not on Flet's list of mobile packages")
    return problems


@pytest.mark.parametrize("phone", ["Android", "iOS"])
def test_every_dependency_a_phone_installs_is_pure_or_prebuilt_by_flet(phone):
    needed = closure(environment(phone))
    assert {"flet", "flet-charts", "tinydb", "reportlab", "python-dateutil", "babel"} <= set(needed)
    assert phone_problems(needed) == []


@pytest.mark.parametrize("phone", ["Android", "iOS"])
def test_a_phone_gets_neither_orjson_nor_the_pc_server(phone):
    """orjson has no phone wheel (the codec falls back to the standard library); the web
    server, desktop window and CLI of flet[all] are not needed in a packaged app."""
    needed = closure(environment(phone))
    assert not {"orjson", "flet-web", "flet-desktop", "flet-cli", "uvicorn", "watchdog"} & set(needed)


@pytest.mark.parametrize("pc", ["Linux", "Windows", "Darwin"])
def test_a_pc_keeps_orjson_and_the_web_server(pc):
    needed = closure(environment(pc))
    assert {"orjson", "flet-web", "flet-desktop", "flet-cli"} <= set(needed)


def test_the_rule_rejects_what_a_phone_cannot_install():
    """orjson, or flet[all] (watchdog, pydantic-core 2.50), on a phone fails the rule; a
    pillow newer than Flet builds fails it too."""
    phone = environment("Android")
    problems = phone_problems(closure(phone, [Requirement("orjson>=3.9")]))
    assert problems and problems[0].startswith("orjson: compiled")
    problems = " ".join(phone_problems(closure(phone, [Requirement("flet[all]==1.0.5")])))
    assert "watchdog" in problems and "pydantic-core" in problems
    assert phone_problems(closure(phone, [Requirement("pillow>=12")])) != []
    assert phone_problems(closure(phone, [Requirement("pillow>=11,<12")])) == []


def test_the_documented_list_is_read():
    listed = flet_mobile_packages()
    assert listed["msgspec"] and listed["pillow"] and listed["msgpack"]
    assert "orjson" not in listed
    assert "charset-normalizer" in pure_wheel_published()
