"""python -m pathways.placements — serve the placements service (HTTP_HOST/HTTP_PORT)."""

from __future__ import annotations

import uvicorn

from pathways.placements.app import create_app
from pathways.placements.settings import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port)


if __name__ == "__main__":
    main()
