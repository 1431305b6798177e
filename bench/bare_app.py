"""The baseline of the API load bench: a bare FastAPI app served by uvicorn exactly as the
services are (`pathways.platform.serve`'s socket, one process), answering a person-sized
JSON body with no auth, no database and no middleware. Whatever a service's figure is above
this one is the service's own cost on this machine, in this run.

`python bench/bare_app.py PORT`"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

from pathways.platform.serve import bind

app = FastAPI()
PERSON = {
    "person_id": "00000000-0000-4000-8000-000000000000",
    "prison_number": "A1234BC",
    "prison_code": "BAI",
    "given_name": "John",
    "family_name": "Smith",
    "custody": "in_custody",
    "referrals": [],
    "assessments": [],
}


@app.get("/people/{person_id}")
async def person(person_id: str) -> dict[str, object]:
    return PERSON | {"person_id": person_id}


@app.post("/people", status_code=201)
async def receive(body: dict[str, object]) -> dict[str, object]:
    return PERSON | body


if __name__ == "__main__":
    config = uvicorn.Config(app, log_config=None, access_log=False, server_header=False)
    uvicorn.Server(config).run(sockets=[bind("127.0.0.1", int(sys.argv[1]))])
