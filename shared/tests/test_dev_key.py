"""The local signing key is created once even when several services start at the same time."""

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from pathways.platform.security import load_or_create_dev_key


def _public_pem(path: str) -> bytes:
    return (
        load_or_create_dev_key(path)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def test_services_starting_together_share_one_key(tmp_path: Path) -> None:
    path = str(tmp_path / "var" / "dev-jwt-key.pem")
    with ProcessPoolExecutor(4) as pool:
        keys = set(pool.map(_public_pem, [path] * 8))
    assert len(keys) == 1
    assert not list((tmp_path / "var").glob(".*.tmp"))
