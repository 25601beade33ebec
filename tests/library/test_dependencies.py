"""Runtime dependencies do work in the code, and the README's table names exactly them."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
FIRST_PARTY = {"library", "desktop", "resources"}


def normalised(name: str) -> str:
    """A distribution's name as package indexes compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_dependencies() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {normalised(Requirement(line).name) for line in project["dependencies"]}


@cache
def imported_modules() -> dict[str, str]:
    """Each top-level module imported anywhere in library/ or desktop/ (in functions too), with one file."""
    modules: dict[str, str] = {}
    for folder in ("library", "desktop"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    modules.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return modules


@cache
def distributions_of(module: str) -> set[str]:
    """The installed distributions that provide top-level module `module`."""
    return {normalised(name) for name in _modules_to_distributions().get(module, [])}


@cache
def _modules_to_distributions() -> dict[str, list[str]]:
    return packages_distributions()


def test_every_runtime_dependency_is_imported_by_the_code() -> None:
    used = {dist for module in imported_modules() for dist in distributions_of(module)}
    assert runtime_dependencies() - used == set()


def test_the_code_imports_only_the_standard_library_and_runtime_dependencies() -> None:
    undeclared = {
        module: path
        for module, path in imported_modules().items()
        if module not in FIRST_PARTY
        and module not in sys.stdlib_module_names
        and not distributions_of(module) & runtime_dependencies()
    }
    assert undeclared == {}


def test_the_readme_table_names_exactly_the_runtime_dependencies() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Dependencies and what each is for", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    named = {normalised(name.strip(" `")) for row in rows[1:] for name in row.split("|")[1].split("+")}
    assert named == runtime_dependencies()
