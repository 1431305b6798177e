"""Shared loading for the deploy/ validation tests: static files only, no network, no Docker.

Helpers are offered as fixtures (the tests run with --import-mode=importlib, where a test
module cannot import a sibling module by name)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")
ISSUE_OF = {"intake": 3, "mentoring": 4, "family": 5, "placements": 6, "outcomes": 7}
KUBERNETES_VERSION = "1.30"  # the oldest cluster version the manifests must work on


def parse_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as kustomize's configMapGenerator `envs` reads them."""
    values: dict[str, str] = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path}: line without '=': {raw!r}"
        values[key.strip()] = value
    return values


def load_yaml_docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


@dataclass
class Kustomization:
    """One kustomization.yaml and what it references, resolved to paths."""

    path: Path
    data: dict[str, Any]
    resource_files: list[Path] = field(default_factory=list)
    resource_dirs: list[Path] = field(default_factory=list)
    components: list[Path] = field(default_factory=list)
    patch_files: list[tuple[Path, dict[str, Any]]] = field(default_factory=list)
    generator_files: list[Path] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def kind(self) -> str:
        return self.data.get("kind", "Kustomization")


def load_kustomization(directory: Path) -> Kustomization:
    path = directory / "kustomization.yaml"
    data = yaml.safe_load(path.read_text())
    k = Kustomization(path=path, data=data)
    for entry in data.get("resources", []):
        target = (directory / entry).resolve()
        (k.resource_dirs if target.is_dir() else k.resource_files).append(target)
    k.components = [(directory / c).resolve() for c in data.get("components", [])]
    for patch in data.get("patches", []):
        if "path" in patch:
            k.patch_files.append(((directory / patch["path"]).resolve(), patch.get("target", {})))
    for generator in data.get("configMapGenerator", []) + data.get("secretGenerator", []):
        for entry in generator.get("files", []) + generator.get("envs", []):
            k.generator_files.append((directory / entry.split("=", 1)[-1]).resolve())
    return k


def all_kustomizations() -> list[Kustomization]:
    return [load_kustomization(p.parent) for p in sorted(K8S.rglob("kustomization.yaml"))]


def settings_module_exists(service: str) -> bool:
    try:
        return importlib.util.find_spec(f"pathways.{service}.settings") is not None
    except ModuleNotFoundError:  # the package pathways.<service> itself is missing
        return False


def kubectl() -> str | None:
    return shutil.which("kubectl")


def kustomize_build(directory: Path) -> list[dict[str, Any]]:
    """Render with kubectl's built-in kustomize (offline: only local files)."""
    exe = kubectl()
    if exe is None:
        pytest.skip("kubectl is not installed: rendered overlays cannot be built here")
    done = subprocess.run(
        [exe, "kustomize", str(directory)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"kustomize build {directory} failed:\n{done.stderr}"
    return [d for d in yaml.safe_load_all(done.stdout) if d]


@pytest.fixture(scope="session")
def kustomizations() -> list[Kustomization]:
    return all_kustomizations()


@pytest.fixture(scope="session")
def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


@pytest.fixture(scope="session")
def build():
    """kustomize build of a directory, cached for the session."""
    cache: dict[Path, list[dict[str, Any]]] = {}

    def _build(directory: Path) -> list[dict[str, Any]]:
        if directory not in cache:
            cache[directory] = kustomize_build(directory)
        return cache[directory]

    return _build


@pytest.fixture(scope="session")
def d() -> SimpleNamespace:
    """Paths, constants and helpers of this folder, for the test modules."""
    return SimpleNamespace(
        REPO=REPO,
        DEPLOY=DEPLOY,
        K8S=K8S,
        SERVICES=SERVICES,
        ISSUE_OF=ISSUE_OF,
        KUBERNETES_VERSION=KUBERNETES_VERSION,
        parse_env_file=parse_env_file,
        load_yaml_docs=load_yaml_docs,
        load_kustomization=load_kustomization,
        settings_module_exists=settings_module_exists,
        kubectl=kubectl,
    )
