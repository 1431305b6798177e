from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import respx
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_fakes import BASES, web_settings

from pathways.web.app import create_app


@pytest.fixture
def fake() -> Iterator[respx.MockRouter]:
    """Every service call is answered by a route the test declares (others fail loudly)."""
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.fixture
def client(tmp_path: Path, fake: respx.MockRouter) -> Iterator[TestClient]:
    with TestClient(create_app(web_settings(tmp_path)), base_url="http://web.test") as web:
        yield web


@pytest.fixture
def bases() -> dict[str, str]:
    return BASES
