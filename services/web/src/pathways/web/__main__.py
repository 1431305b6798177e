"""python -m pathways.web — serve the staff web app (HTTP_HOST/HTTP_PORT)."""

from __future__ import annotations

import uvicorn

from pathways.web.app import create_app
from pathways.web.settings import WebSettings


def main() -> None:
    settings = WebSettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port)


if __name__ == "__main__":
    main()
