"""pytest fixtures shared by every package's tests (loaded from the root conftest.py):
a real broker, a real PostgreSQL with a fresh database per test module, and a database
URL parametrised over SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from pathways.testing.kafka import kafka_server
from pathways.testing.postgres import create_database, drop_database, postgres_server


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    with kafka_server() as address:
        yield address


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
async def postgres_url(postgres_server_url: str) -> AsyncIterator[str]:
    url = await create_database(postgres_server_url)
    yield url
    await drop_database(postgres_server_url, url)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A fresh database per test module, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "service.db"
        yield f"sqlite+aiosqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server_url")
    url = await create_database(server)
    yield url
    await drop_database(server, url)


@pytest.fixture(scope="session")
def dev_key_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("keys") / "dev-jwt-key.pem")


@pytest.fixture(params=["sqlite", "postgresql"])
async def new_database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """Makes as many fresh databases as a test needs (SQLite, then PostgreSQL); all dropped
    after the test."""
    made: list[str] = []
    server = request.getfixturevalue("postgres_server_url") if request.param != "sqlite" else ""

    async def make() -> str:
        if not server:
            made.append(f"sqlite+aiosqlite:///{tmp_path}/db{len(made)}.db")
        else:
            made.append(await create_database(server))
        return made[-1]

    yield make
    for url in made if server else ():
        await drop_database(server, url)
