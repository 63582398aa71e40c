"""A fake Twilio REST API on localhost: it records call updates (the transfer seam) and
creates outbound calls that then behave as Twilio's do (the campaigns' dialer).

`POST /2010-04-01/Accounts/{sid}/Calls.json` answers with a new call SID (or the error a
number's scenario says), then plays the scenario of the `To` number in a thread: signed
status callbacks to `StatusCallback` (initiated, ringing, then the end: busy, no-answer,
failed, or completed after an answer), and for an answered call the signed `Url` webhook
with `AnsweredBy`, as Twilio's answering-machine detection reports it. What happens while
the call is up (a caller speaking to the gateway's media stream) is the scenario's
`answered` callback.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import httpx
from twilio.request_validator import RequestValidator


@dataclass
class RecordedRequest:
    path: str
    form: dict[str, str]
    authorization: str
    multi: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    """What happens to a call to one number. `end`: busy, no-answer, failed, completed;
    `answered_by`: human, machine_end_beep, …; `create_status`/`create_code`: the create
    request is refused so; `answered(call_sid, twiml)`: runs while the call is up."""

    end: str = "completed"
    answered_by: str = "human"
    ring_s: float = 0.2
    talk_s: float = 0.5
    create_status: int = 201
    create_code: int | None = None
    answered: Callable[[str, str], None] | None = None


@dataclass
class FakeTwilio:
    auth_token: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    callbacks: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    twiml: dict[str, str] = field(default_factory=dict)  # call SID -> TwiML the Url gave
    calls: dict[str, dict[str, str]] = field(default_factory=dict)  # SID -> its latest state
    errors: list[str] = field(default_factory=list)
    on_fetch: Callable[[str], None] | None = None  # called as a call's TwiML is fetched
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def created_calls(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/Calls.json")]

    def start(self) -> FakeTwilio:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                """A call's record (`Calls/{sid}.json`), as Twilio's API answers it."""
                sid = self.path.rsplit("/", 1)[-1].removesuffix(".json")
                call = fake.calls.get(sid)
                self.reply(*((200, {"sid": sid, **call}) if call else (404, {
                    "code": 20404, "message": "not found"})))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                multi = parse_qs(self.rfile.read(length).decode())
                form = {k: v[0] for k, v in multi.items()}
                fake.requests.append(RecordedRequest(self.path, form,
                                                     self.headers.get("Authorization", ""),
                                                     multi))
                if self.path.endswith("/Calls.json"):
                    status, body = fake._create(form, multi)
                else:
                    status, body = 200, {"sid": "updated", "status": "in-progress"}
                self.reply(status, body)

            def reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()

    # --- outbound calls -------------------------------------------------------------------
    def _create(self, form: dict[str, str], multi: dict[str, list[str]]) -> tuple[int, dict]:
        scenario = self.scenarios.get(form.get("To", ""), Scenario())
        if scenario.create_status >= 300:
            return scenario.create_status, {"code": scenario.create_code,
                                            "message": "refused by the fake", "status":
                                            scenario.create_status}
        sid = "CA" + uuid.uuid4().hex
        threading.Thread(target=self._play, args=(sid, form, multi, scenario),
                         daemon=True).start()
        return 201, {"sid": sid, "status": "queued", "to": form.get("To")}

    def _signed_post(self, url: str, params: dict[str, str]) -> httpx.Response | None:
        signature = RequestValidator(self.auth_token).compute_signature(url, params)
        try:
            return httpx.post(url, data=params, headers={"X-Twilio-Signature": signature},
                              timeout=30)
        except httpx.HTTPError as exc:
            self.errors.append(f"{url}: {exc!r}")
            return None

    def _status(self, form: dict[str, str], sid: str, status: str, **extra: str) -> None:
        url = form.get("StatusCallback")
        if not url:
            return
        params = {"CallSid": sid, "CallStatus": status, "To": form.get("To", ""),
                  "From": form.get("From", ""), "Direction": "outbound-api", **extra}
        self.calls[sid] = {"status": status, "duration": extra.get("CallDuration", "0"),
                           "answered_by": extra.get("AnsweredBy")}
        self.callbacks.append((status, params))
        response = self._signed_post(url, params)
        if response is not None and response.status_code >= 300:
            self.errors.append(f"status callback {status}: {response.status_code}")

    def _play(self, sid: str, form: dict[str, str], multi: dict[str, list[str]],
              scenario: Scenario) -> None:
        events = set(multi.get("StatusCallbackEvent", []))
        if "initiated" in events:
            self._status(form, sid, "initiated")
        time.sleep(scenario.ring_s)
        if "ringing" in events:
            self._status(form, sid, "ringing")
        time.sleep(scenario.ring_s)
        if scenario.end != "completed":
            self._status(form, sid, scenario.end, CallDuration="0")
            return
        amd = {"AnsweredBy": scenario.answered_by} if form.get("MachineDetection") else {}
        if "answered" in events:
            self._status(form, sid, "in-progress", **amd)
        started = time.monotonic()
        if self.on_fetch is not None:
            self.on_fetch(sid)
        response = self._signed_post(form["Url"], {
            "CallSid": sid, "To": form.get("To", ""), "From": form.get("From", ""),
            "Direction": "outbound-api", "CallStatus": "in-progress", **amd})
        twiml = response.text if response is not None else ""
        self.twiml[sid] = twiml
        try:
            if scenario.answered is not None and "<Stream" in twiml:
                scenario.answered(sid, twiml)
            else:
                time.sleep(scenario.talk_s)
        except Exception as exc:  # the callee's side failed: the call still ends
            self.errors.append(f"call {sid}: {exc!r}")
        finally:
            self._status(form, sid, "completed", CallDuration=str(
                round(time.monotonic() - started)), **amd)
