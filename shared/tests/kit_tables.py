"""A module's own tables on each test database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pathways.platform.db import create_engine, session_factory


def sessions_with(metadata: MetaData) -> Callable[..., Any]:
    """A module-scoped `sessions` fixture over `database_url` with the metadata's tables."""

    @pytest.fixture(scope="module")
    async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
        engine = create_engine(database_url)
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        yield session_factory(engine)
        await engine.dispose()

    return sessions
