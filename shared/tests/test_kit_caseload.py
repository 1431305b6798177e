"""Caseload scope of a token (national `role:all`, caseload prisons), `make token`'s
arguments, and each person's prison as the custody events tell it, whatever their order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import jwt
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from pathways.contracts import intake
from pathways.messaging.person_prisons import custody_fact, note_prisons, prison_of
from pathways.messaging.tables import kit_metadata
from pathways.platform import devtoken
from pathways.platform.db import session_factory
from pathways.platform.security import Principal
from pathways.platform.settings import ServiceSettings

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_a_caseload_sees_its_prisons_and_a_national_role_sees_every_prison() -> None:
    local = Principal("a", frozenset({"intake", "family:read"}), frozenset({"BAI"}))
    assert local.may_see("intake", "BAI", write=True)
    assert not local.may_see("intake", "WDI", write=False)
    assert not local.may_see("intake", None, write=False)  # unknown prison: refused
    assert local.may_see("family", "BAI", write=False) and not local.can("family", write=True)
    national = Principal("b", frozenset({"reporting:all", "mentoring:read:all"}))
    assert national.may_see("reporting", "WDI", write=True)
    assert national.may_see("mentoring", None, write=False)
    assert not national.can("mentoring", write=True) and not national.can("intake", write=False)


def test_make_token_takes_roles_and_caseloads(tmp_path, monkeypatch, capsys) -> None:
    settings = ServiceSettings(auth_dev_key_file=str(tmp_path / "key.pem"))
    monkeypatch.setattr(devtoken, "ServiceSettings", lambda: settings)
    devtoken.main(["intake,family:read", "--caseloads", "BAI,WDI"])
    claims = jwt.decode(capsys.readouterr().out.strip(), options={"verify_signature": False})
    assert claims["roles"] == ["family:read", "intake"] and claims["caseloads"] == ["BAI", "WDI"]
    devtoken.main(["--caseloads"])  # no roles: every role, national scope
    claims = jwt.decode(capsys.readouterr().out.strip(), options={"verify_signature": False})
    assert "intake:all" in claims["roles"] and claims["caseloads"] == []
    with pytest.raises(SystemExit, match="three-letter"):
        devtoken.main(["intake", "--caseloads", "bai"])


def _events(*data: object) -> list[SimpleNamespace]:
    return [SimpleNamespace(data=d) for d in data]


async def test_the_latest_custody_fact_names_the_prison_in_any_order(tmp_path) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'kit.db'}")
    async with engine.begin() as connection:
        await connection.run_sync(kit_metadata.create_all)
    person = uuid.uuid4()
    received = intake.PersonReceived(
        person_id=person,
        prison_number="A1234BC",
        prison_code="BAI",
        received_at=T0,
        reason="new_admission",
    )
    moved = intake.PersonTransferred(
        person_id=person,
        from_prison_code="BAI",
        to_prison_code="WDI",
        transferred_at=T0 + timedelta(days=3),
    )
    released = intake.PersonReleased(person_id=person, prison_number="A1234BC",
                                     prison_code="WDI", released_at=T0 + timedelta(days=9),
                                     release_type="licence")  # fmt: skip
    assert custody_fact(moved) == (person, "WDI", T0 + timedelta(days=3))
    assert custody_fact(SimpleNamespace(person_id=person)) is None
    sessions = session_factory(engine)
    async with sessions() as session:
        await note_prisons(session, _events(moved))  # type: ignore[arg-type]
        await note_prisons(session, _events(received))  # type: ignore[arg-type] # late: older
        await session.commit()
        assert await prison_of(session, person) == "WDI"
        await note_prisons(session, _events(released, moved))  # type: ignore[arg-type]
        await session.commit()
        assert await prison_of(session, person) == "WDI"  # released from there: their last
        assert await prison_of(session, uuid.uuid4()) is None
    await engine.dispose()
