"""The deploy's environment is built at build time with pinned versions; a deploy never installs at start."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
INSTALLERS = {"pip", "setuptools", "wheel"}  # come with every virtual environment; pip freeze leaves them out
REFUSAL = ("advisor: ADVISOR_NO_INSTALL=1, and .venv is missing or was not built for this pyproject.toml, "
           "constraints.txt and folder: run ./advisor --build in the build step\n")


def checkout(folder: Path) -> Path:
    """What a deploy's start reads of the project: the launcher, the environment script, the catalogs."""
    (folder / "scripts").mkdir(parents=True)
    for name in ("advisor", "pyproject.toml", "constraints.txt", "scripts/venv.sh"):
        shutil.copy2(ROOT / name, folder / name)
    for po in ROOT.glob("locales/*/LC_MESSAGES/messages.po"):
        target = folder / po.relative_to(ROOT)
        target.parent.mkdir(parents=True)
        shutil.copy2(po, target)
    return folder


def built(folder: Path) -> Path:
    """The environment `./advisor --build` leaves, with a stand-in for the installed command."""
    bin_dir = folder / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, body in (("python", "exit 1"), ("pybabel", "exit 0"), ("advisor", 'echo "started $*"')):
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    key = hashlib.sha1((folder / "pyproject.toml").read_bytes() + (folder / "constraints.txt").read_bytes()
                       + f"{folder}\n".encode()).hexdigest()[:12]
    (folder / ".venv" / f".built-{key}").touch()
    for po in folder.glob("locales/*/LC_MESSAGES/messages.po"):
        po.with_suffix(".mo").write_bytes(b"")
        os.utime(po, (1, 1))
    return folder


def start(folder: Path, no_install: bool = True) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": os.environ["PATH"]} | ({"ADVISOR_NO_INSTALL": "1"} if no_install else {})
    return subprocess.run(["./advisor", "telegram"], cwd=folder, env=environ, capture_output=True, text=True,
                          timeout=60)


def test_a_deploy_start_without_a_built_environment_is_one_line_and_installs_nothing(tmp_path):
    folder = checkout(tmp_path / "app")
    result = start(folder)
    assert result.returncode == 2 and result.stderr == REFUSAL and result.stdout == ""
    assert not (folder / ".venv").exists()


def test_a_built_environment_starts_at_once(tmp_path):
    result = start(built(checkout(tmp_path / "app")))
    assert result.returncode == 0 and result.stdout == "started telegram\n", result.stderr


def test_a_built_environment_is_not_installed_over_when_the_setting_is_forgotten(tmp_path):
    result = start(built(checkout(tmp_path / "app")), no_install=False)  # pip would fail: the python here does
    assert result.returncode == 0 and result.stdout == "started telegram\n", result.stderr


@pytest.mark.parametrize("change", ["pyproject", "constraints", "catalog", "regional catalog", "folder"])
def test_an_environment_built_for_something_else_is_refused(tmp_path, change):
    folder = built(checkout(tmp_path / "app"))
    if change == "pyproject":
        (folder / "pyproject.toml").write_text((folder / "pyproject.toml").read_text() + "\n# changed\n")
    elif change == "constraints":
        (folder / "constraints.txt").write_text("pyyaml==6.0\n")
    elif change == "catalog":
        os.utime(next(folder.glob("locales/*/LC_MESSAGES/messages.po")))  # edited after the build
    elif change == "regional catalog":
        os.utime(folder / "locales" / "de_CH" / "LC_MESSAGES" / "messages.po")  # only the Swiss words
    else:
        folder = Path(shutil.copytree(folder, tmp_path / "elsewhere", symlinks=True))
    result = start(folder)
    assert result.returncode == 2 and result.stderr == REFUSAL


def _pins() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    return {_name(name): version for name, _, version in
            (line.partition("==") for line in lines if line and not line.startswith("#"))}


def _name(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def test_the_lock_pins_every_package_the_advisor_runs_on_within_its_ranges():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    for requirement in map(Requirement, project["dependencies"]):
        assert pins.get(_name(requirement.name)) in requirement.specifier, requirement
    # Everything they pull in at run time, as installed here, is pinned too.
    wanted, seen = [Requirement(text) for text in project["dependencies"]], set()
    while wanted:
        requirement = wanted.pop()
        name = _name(requirement.name)
        if name in seen or name in INSTALLERS:
            continue
        seen.add(name)
        assert name in pins, f"{requirement.name} (needed at run time) is not in constraints.txt: run scripts/lock"
        for text in metadata.requires(requirement.name) or ():
            needed = Requirement(text)
            if needed.marker is None or any(needed.marker.evaluate({"extra": extra})
                                            for extra in (requirement.extras or {""})):
                wanted.append(needed)
    assert len(seen) > 20
