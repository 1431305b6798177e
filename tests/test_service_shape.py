"""Every service is built to one shape: the same files for the same roles (the list is the
top README's "Layout"), the kit's one error handler installed, the kit's one versioned
repository (no service keeps its own optimistic-concurrency code)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from pathways.platform import http_errors
from pathways.platform.errors import DomainError

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")
WRITERS = ("intake", "mentoring", "family", "placements")  # own aggregates, publish events

# The roles every service fills, by file (see the README's "Layout").
EVERY_SERVICE = (
    "README.md",
    "pyproject.toml",
    "tests/unit",  # fakes, no database
    "tests/service",  # through its API and consumers, SQLite and PostgreSQL
    "tests/integration",  # the real broker
    "src/pathways/{s}/__main__.py",  # python -m pathways.<service>: serve it
    "src/pathways/{s}/app.py",  # create_app: the kit's build_app with this service's parts
    "src/pathways/{s}/settings.py",  # its environment variables (the kit's settings + own)
    "src/pathways/{s}/migrations/env.py",  # Alembic, the kit's tables included
    "src/pathways/{s}/domain/__init__.py",  # pure: no I/O (import-linter)
    "src/pathways/{s}/service_layer/__init__.py",  # use cases, one transaction each
    "src/pathways/{s}/adapters/orm.py",  # its tables
    "src/pathways/{s}/adapters/unit_of_work.py",  # repositories + outbox/inbox, one commit
    "src/pathways/{s}/adapters/retention.py",  # what the retention purge forgets
    "src/pathways/{s}/adapters/subject_access.py",  # what a SAR shows
    "src/pathways/{s}/entrypoints/consumers.py",  # its FastStream batch subscribers
)
# And every service that owns aggregates and publishes their events.
EVERY_WRITER = (
    "src/pathways/{s}/domain/events.py",  # the domain events the aggregates collect
    "src/pathways/{s}/service_layer/unit_of_work.py",  # the protocol its handlers know
    "src/pathways/{s}/entrypoints/caseload.py",  # how each route finds a person's prison
)


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_the_agreed_files(service: str) -> None:
    wanted = EVERY_SERVICE + (EVERY_WRITER if service in WRITERS else ())
    home = ROOT / "services" / service
    missing = [p.format(s=service) for p in wanted if not (home / p.format(s=service)).exists()]
    assert not missing, f"{service} lacks {missing}"


def test_the_readme_layout_lists_the_agreed_files() -> None:
    layout = (ROOT / "README.md").read_text()
    for path in EVERY_SERVICE + EVERY_WRITER:
        name = path.removeprefix("src/pathways/{s}/")
        assert f"`{name}`" in layout, name


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_answers_refusals_with_the_kits_one_error_body(service: str) -> None:
    app_module = importlib.import_module(f"pathways.{service}.app")
    settings = importlib.import_module(f"pathways.{service}.settings").Settings(
        database_url="sqlite+aiosqlite:///:memory:"
    )
    handlers = app_module.create_app(settings).exception_handlers
    assert handlers.get(RequestValidationError) is http_errors._invalid_request
    assert handlers.get(HTTPException) is http_errors._http_error
    assert handlers.get(DomainError) is http_errors._domain_error


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_writes_its_own_optimistic_concurrency(service: str) -> None:
    source = ROOT / "services" / service / "src"
    own = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if re.search(r"\.c\.version\s*==", path.read_text())
    ]
    assert not own, f"use pathways.platform.versioned.VersionedRepository, not {own}"


@pytest.mark.parametrize("service", WRITERS)
def test_the_sqlalchemy_unit_of_work_fulfils_the_service_layers_protocol(service: str) -> None:
    """Handlers know only `service_layer/unit_of_work.py` (import-linter); the entrypoints
    pass `adapters/unit_of_work.py`'s, which must have every repository method they call."""
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from pathways.testing.protocols import missing

    name = f"{service.capitalize()}UnitOfWork"
    protocol = getattr(
        importlib.import_module(f"pathways.{service}.service_layer.unit_of_work"), name
    )
    concrete = getattr(importlib.import_module(f"pathways.{service}.adapters.unit_of_work"), name)
    assert not missing(protocol, concrete, concrete(async_sessionmaker(), source=service))


MAX_LINES = 200
# Modules allowed over MAX_LINES, each with the reason it is not split yet. Keep it short.
LONG_MODULES: dict[str, str] = {}


def _source_modules() -> dict[str, int]:
    roots = [*ROOT.glob("services/*/src"), ROOT / "shared/src", ROOT / "testkit/src"]
    return {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for root in roots
        for path in root.rglob("*.py")
        if "versions" not in path.parts  # Alembic revisions: declarations, written once
    }


def test_no_source_module_is_over_200_lines() -> None:
    """Modules of ~100-200 lines, one role each; a longer one is split (names stay
    importable where they were) or named in LONG_MODULES with its reason."""
    sizes = _source_modules()
    long = {path: n for path, n in sizes.items() if n > MAX_LINES and path not in LONG_MODULES}
    assert not long, f"split these (or allow-list them with a reason): {long}"
    settled = [path for path in LONG_MODULES if sizes.get(path, 0) <= MAX_LINES]
    assert not settled, f"no longer over {MAX_LINES} lines: drop from LONG_MODULES {settled}"
