"""python -m pathways.web [--host H] [--port P] — serve web (or HTTP_HOST, HTTP_PORT):
the port is bound first, so a taken one is one log line and exit code 2."""

from __future__ import annotations

from pathways.platform.serve import main

if __name__ == "__main__":
    main(service="web")
