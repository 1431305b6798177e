"""Tracing: a page request (honouring an incoming traceparent) is a server span, and the calls
it makes to the services carry its trace, so a trace starts at the staff page."""

from __future__ import annotations

from web_fakes import page_of, person, sign_in

TRACE = "5bf92f3577b34da6a3ce929d0e0e4736"


def test_the_services_are_called_in_the_pages_trace(client, fake, bases):
    fake.get(f"{bases['intake']}/people").respond(json=page_of([person()]))
    for service, path in (("mentoring", "waiting"), ("mentoring", "matches"), ("family", "cases")):
        fake.get(f"{bases[service]}/{path}").respond(json=page_of([]))
    fake.get(f"{bases['family']}/tasks").respond(json=page_of([]))
    sign_in(client, ["intake", "mentoring", "family"])
    response = client.get("/caseload", headers={"traceparent": f"00-{TRACE}-00f067aa0ba902b7-01"})
    assert response.status_code == 200
    sent = [call.request.headers.get("traceparent", "") for call in fake.calls]
    assert sent, "the page called no service"
    assert all(tp.split("-")[1:2] == [TRACE] for tp in sent), sent
