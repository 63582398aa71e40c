"""The declared dependencies (pyproject.toml) and the pinned sets agree: every runtime
dependency is pinned in requirements.lock, every test extra in requirements-test.lock, and
nothing only the tests need is in what `make run` installs."""

from __future__ import annotations

import re
from pathlib import Path

import tomli

from helpdesk.config import PROJECT_ROOT


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9_.\-]+", requirement.strip())
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line!r} is not pinned with =="
            pins[_name(name)] = version
    return pins


def test_declared_dependencies_are_pinned_in_the_right_lock() -> None:
    project = tomli.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    runtime = _pins(PROJECT_ROOT / "requirements.lock")
    tests = _pins(PROJECT_ROOT / "requirements-test.lock")
    assert not set(runtime) & set(tests), "a package is pinned in both locks"
    for requirement in project["dependencies"]:
        assert _name(requirement) in runtime, f"{requirement} is not in requirements.lock"
    for requirement in project["optional-dependencies"]["test"]:
        name = _name(requirement)
        assert name in tests, f"{requirement} is not in requirements-test.lock"
        assert name not in runtime, f"test-only {requirement} would be installed by make run"


def test_make_run_bootstraps_without_the_test_tools() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    run_target = re.search(r"^run: (.+)$", makefile, re.M)
    test_target = re.search(r"^test: (.+)$", makefile, re.M)
    assert run_target and run_target.group(1).split() == ["bootstrap"]
    assert test_target and "bootstrap-test" in test_target.group(1).split()
    script = (PROJECT_ROOT / "scripts" / "bootstrap.sh").read_text()
    chromium_at = script.index("apt_install chromium")
    assert script.rfind('if [ "$with_tests" = 1 ]', 0, chromium_at) != -1
