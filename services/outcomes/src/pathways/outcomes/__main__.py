"""python -m pathways.outcomes — serve the outcomes service (HTTP_HOST/HTTP_PORT)."""

from __future__ import annotations

import uvicorn

from pathways.outcomes.app import create_app
from pathways.outcomes.settings import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port)


if __name__ == "__main__":
    main()
