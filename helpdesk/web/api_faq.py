"""The FAQ API (CONTRACT §7) for editors and admins: entries, history, revert, preview,
and the questions the bot could not answer. Every store call runs in a worker thread;
FaqError (400) and FaqNotFound (404) become JSON in helpdesk/web/domain_errors.py."""

from __future__ import annotations

import asyncio
import dataclasses

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.config import get_settings
from helpdesk.faq.entries import (
    FaqDraft,
    create_entry,
    delete_entry,
    get_entry,
    history_with_diffs,
    list_entries,
    revert_entry,
    update_entry,
)
from helpdesk.faq.preview import preview as preview_question
from helpdesk.faq.unanswered import list_unanswered, resolve_unanswered
from helpdesk.web.auth import EDITORS, current_user
from helpdesk.web.http_json import error, int_id, json_body
from helpdesk.web.openapi_doc import json_object
from helpdesk.web.staff_route import staff_route

ENTRY = "FAQ entry"
ENTRY_BODY = json_object({"question": str, "answer": str, "voice_answer": str,
                          "alternates": [str], "tags": [str]}, required=["question", "answer"])


def faq_blueprint() -> Blueprint:
    bp = Blueprint("faq", url_prefix="/api/faq")

    @staff_route(bp.get, "/", "List FAQ entries (optional search: ?q=)", EDITORS,
                 query=[("q", str)])
    async def entries(request: Request) -> HTTPResponse:
        search = (request.args.get("q") or "").strip()[:200] or None
        return response.json([e.to_json() for e in await asyncio.to_thread(list_entries,
                                                                             search)])

    @staff_route(bp.post, "/", "Create an entry; answered by the bot within seconds",
                 EDITORS, body=ENTRY_BODY,
                 responses=[(201, json_object({"id": int}, required=["id"]), None)])
    async def create(request: Request) -> HTTPResponse:
        draft = FaqDraft.from_mapping(json_body(request))
        entry = await asyncio.to_thread(create_entry, draft, current_user(request).username)
        return response.json({"id": entry.id, **entry.to_json()}, status=201)

    @staff_route(bp.get, "/<entry_id>", "One entry", EDITORS)
    async def one(request: Request, entry_id: str) -> HTTPResponse:
        entry = await asyncio.to_thread(get_entry, int_id(entry_id, ENTRY))
        return response.json(entry.to_json())

    @staff_route(bp.put, "/<entry_id>", "Replace an entry's fields (a new version)", EDITORS,
                 body=ENTRY_BODY)
    async def update(request: Request, entry_id: str) -> HTTPResponse:
        identifier = int_id(entry_id, ENTRY)
        draft = FaqDraft.from_mapping(json_body(request))
        entry = await asyncio.to_thread(update_entry, identifier, draft,
                                        current_user(request).username)
        return response.json(entry.to_json())

    @staff_route(bp.delete, "/<entry_id>",
                 "Delete an entry (kept in its history, can be reverted)", EDITORS)
    async def delete(request: Request, entry_id: str) -> HTTPResponse:
        await asyncio.to_thread(delete_entry, int_id(entry_id, ENTRY),
                                current_user(request).username)
        return response.json({"deleted": True})

    @staff_route(bp.get, "/<entry_id>/history", "Every version of an entry, newest first",
                 EDITORS)
    async def versions(request: Request, entry_id: str) -> HTTPResponse:
        rows = await asyncio.to_thread(history_with_diffs, int_id(entry_id, ENTRY))
        if not rows:
            return error(404, "no such FAQ entry")
        return response.json(rows)

    @staff_route(bp.post, "/<entry_id>/revert", "Make an earlier version current again",
                 EDITORS, body=json_object({"version": int}, required=["version"]))
    async def revert(request: Request, entry_id: str) -> HTTPResponse:
        version = json_body(request).get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            return error(400, "'version' must be a whole number")
        entry = await asyncio.to_thread(revert_entry, int_id(entry_id, ENTRY), version,
                                        current_user(request).username)
        return response.json(entry.to_json())

    @staff_route(bp.post, "/preview", "Ask the bot: which entry a question matches, with "
                 "scores", EDITORS, body=json_object({"question": str}, required=["question"]))
    async def preview(request: Request) -> HTTPResponse:
        question = json_body(request).get("question")
        if not isinstance(question, str) or not question.strip() or len(question) > 1000:
            return error(400, "'question' must be a non-empty string (at most 1000 characters)")
        return response.json(await asyncio.to_thread(preview_question, question,
                                                     get_settings().faq))

    @staff_route(bp.get, "/unanswered", "Questions the bot could not answer, most frequent "
                 "first", EDITORS)
    async def unanswered(request: Request) -> HTTPResponse:
        return response.json([dataclasses.asdict(q)
                              for q in await asyncio.to_thread(list_unanswered)])

    @staff_route(bp.post, "/unanswered/<question_id>/resolve",
                 "Mark an unanswered question as dealt with", EDITORS)
    async def resolve(request: Request, question_id: str) -> HTTPResponse:
        if not await asyncio.to_thread(resolve_unanswered, int_id(question_id, "question")):
            return error(404, "no such question")
        return response.json({"resolved": True})

    return bp
