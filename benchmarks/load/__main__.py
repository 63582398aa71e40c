"""`make load`: load and fault drills against the scaled stack on this machine (localhost
only, bounded loops), written to the "Load and faults" section of benchmarks/RESULTS.md.

    python -m benchmarks.load [--conversations 50] [--seconds 60] [--calls 4]
                              [--drills rasa,actions,web,voice,postgres,redis]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import time

import httpx

from benchmarks.chat_bench import percentile
from benchmarks.load.chat_customers import ChatLoad, customers_with_orders
from benchmarks.load.drills import (
    STORE_OUTAGE_S,
    DrillResult,
    calls_at_once,
    chat_drill,
    cut_store,
    restart,
    voice_drill,
    web_app_drill,
)
from benchmarks.load.stack import LoadStack
from benchmarks.load.twilio_calls import CallRecord
from benchmarks.results_file import write_sections
from helpdesk.accounts.users import create_user
from helpdesk.config import PROJECT_ROOT
from helpdesk.ops.model_cache import ensure_model

DEMO_DATA = PROJECT_ROOT / "demo_data"
KNOWLEDGE_BASE = PROJECT_ROOT / "knowledge_base"
WORK = PROJECT_ROOT / "var" / "load"
DRILLS = ("rasa", "actions", "web", "voice", "postgres", "redis")
AGENT, AGENT_PASSWORD = "load-agent", "load-agent-password-1"


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


async def steady_load(stack: LoadStack, conversations: int, seconds: float) -> ChatLoad:
    load = ChatLoad(stack.rasa_url, customers_with_orders(DEMO_DATA), conversations)
    await load.run(seconds)
    return load


def agent_token(stack: LoadStack) -> str:
    create_user(AGENT, AGENT_PASSWORD, "agent", [], db_url=stack.direct_db_url)
    reply = httpx.post(f"{stack.web_url}/api/login",
                       json={"username": AGENT, "password": AGENT_PASSWORD}, timeout=30)
    reply.raise_for_status()
    return reply.json()["token"]


def steady_lines(load: ChatLoad, conversations: int, seconds: float) -> list[str]:
    answered = [t.seconds for t in load.turns if t.outcome == "answered"]
    errors = [t for t in load.turns if t.outcome != "answered"]
    lines = ["### Steady chat load", "",
             f"{conversations} customers chat at once for {seconds:.0f} s over the REST "
             "webhook through nginx, each pausing 3–8 s between messages like a person "
             "(identify by phone, order status, two FAQ questions, delivery date).", "",
             "| conversations | turns answered | errors | p50 | p95 | max | throughput |",
             "|---|---|---|---|---|---|---|",
             f"| {conversations} | {len(answered)} | {len(errors)} | "
             f"{ms(percentile(answered, 50))} | {ms(percentile(answered, 95))} | "
             f"{ms(max(answered, default=0))} | {len(answered) / seconds:.1f} turns/s |", ""]
    lines += [f"- {t.outcome}: {t.detail}" for t in errors[:5]]
    return lines


def calls_lines(records: list[CallRecord]) -> list[str]:
    firsts = [s for r in records for s in r.first_audio_s]
    ok = sum(1 for r in records if r.ok and r.answers)
    return ["### Simultaneous calls", "",
            f"{len(records)} Twilio Media Stream calls at once through nginx (the test "
            "Twilio client: TwiML webhook, stream, espeak-ng caller speech at 8 kHz mu-law), each "
            "greeted by caller ID and asking for an order by voice. The client sends audio "
            "faster than real time, so the time from its last frame to the first answer "
            "frame includes the gateway working through the whole utterance; the real-time "
            "latency is the Voice section's.", "",
            "| calls | answered | caller's last frame sent → first answer audio p50 | p95 |",
            "|---|---|---|---|",
            f"| {len(records)} | {ok} | {ms(percentile(firsts, 50))} | "
            f"{ms(percentile(firsts, 95))} |", "",
            *[f"- call {r.call_sid[:10]}…: {r.error}" for r in records if r.error]]


def drill_lines(results: list[DrillResult], voice: str | None) -> list[str]:
    lines = ["### Restarts and outages during load", "",
             "Each row: customers chatting as above; the service is taken away and brought "
             "back mid-load; chatting goes on 15 s after it is back; then every answered "
             "message is looked for in its stored conversation.", "",
             "| service | done | down | turns | answered | polite retry | errors | "
             "longest wait for an answer | answered messages lost |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.service} | {r.action} | {r.down_s:.1f} s | {len(r.turns)} | "
                     f"{r.count('answered')} | {r.count('polite')} | {r.count('error')} | "
                     f"{r.longest_wait_s:.1f} s | {len(r.lost)} |")
    lines += ["", "What the customer was told while it was down:", ""]
    lines += [f"- {r.service}: \"{r.seen}\"" for r in results]
    for r in results:
        lines += [f"- {r.service}: {note}" for note in r.notes]
        lines += [f"- {r.service} error: {t.detail}" for t in r.turns if t.outcome == "error"][:3]
        lines += [f"- {r.service} LOST: {item}" for item in r.lost[:3]]
    if voice:
        lines += ["", voice]
    return lines


async def run_drills(stack: LoadStack, drills: list[str], conversations: int
                     ) -> tuple[list[DrillResult], str | None]:
    customers = customers_with_orders(DEMO_DATA)
    results, voice = [], None
    for drill in drills:
        say(f"drill: {drill}")
        if drill in ("rasa", "actions"):
            name = "Rasa servers (both)" if drill == "rasa" else "action servers (both)"
            results.append(await chat_drill(stack, customers, conversations, name,
                                            "restart", restart(stack, drill)))
        elif drill == "web":
            results.append(await web_app_drill(stack, customers, conversations,
                                               agent_token(stack)))
        elif drill in ("postgres", "redis"):
            name = "PostgreSQL" if drill == "postgres" else "Redis"
            results.append(await chat_drill(
                stack, customers, conversations, name,
                f"every connection cut, refused for {STORE_OUTAGE_S:.0f} s",
                cut_store(stack, drill)))
        elif drill == "voice":
            record, said, down = await voice_drill(stack, customers[0])
            voice = (f"Voice gateway restart mid-call (two gateways behind nginx): the "
                     f"gateway holding the call restarted ({down:.1f} s); the caller heard "
                     f"\"{' '.join(record.twiml_said)}\" (TwiML from the other gateway), "
                     f"the call reconnected ({record.streams} streams, same call SID) and "
                     f"both questions were answered ({record.answers} of 2"
                     f"{', ' + record.error if record.error else ''}); the conversation "
                     f"holds {len(said)} caller turns.")
        r = results[-1] if results and drill != "voice" else None
        if r:
            say(f"  {r.count('answered')} answered, {r.count('polite')} polite, "
                f"{r.count('error')} errors, {len(r.lost)} lost")
        elif voice:
            say(f"  {voice}")
    return results, voice


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--calls", type=int, default=4)
    parser.add_argument("--drills", default=",".join(DRILLS))
    args = parser.parse_args()
    drills = [d for d in args.drills.split(",") if d]
    unknown = set(drills) - set(DRILLS)
    if unknown:
        raise SystemExit(f"unknown drill(s) {', '.join(sorted(unknown))}; use {DRILLS}")
    logging.basicConfig(level=logging.WARNING)
    model = ensure_model()
    shutil.rmtree(WORK, ignore_errors=True)
    say("starting the scaled stack (2 Rasa, 2 action servers, 2 voice gateways, nginx, "
        "web app) on fresh PostgreSQL databases and Redis ...")
    stack = LoadStack(model, WORK)
    try:
        stack.start(DEMO_DATA, KNOWLEDGE_BASE)
        say(f"steady load: {args.conversations} conversations for {args.seconds:.0f} s")
        load = asyncio.run(steady_load(stack, args.conversations, args.seconds))
        lines = steady_lines(load, args.conversations, args.seconds)
        say(lines[6])
        if args.calls:
            say(f"{args.calls} simultaneous calls")
            records = asyncio.run(calls_at_once(stack, customers_with_orders(DEMO_DATA),
                                                args.calls))
            call_lines = calls_lines(records)
            lines += call_lines
            say(call_lines[6])
        results, voice = asyncio.run(run_drills(stack, drills, args.conversations))
        lines += drill_lines(results, voice)
    finally:
        say("stopping the stack")
        stack.stop()
    print(write_sections(["## Load and faults (`make load`)", "",
                          "The scaled stack of `make run-scaled` on this machine: PostgreSQL "
                          "and Redis reached through a cuttable TCP relay.", "", *lines]),
          flush=True)


if __name__ == "__main__":
    main()
