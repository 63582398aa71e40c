"""The FAQ API (CONTRACT §7) for editors and admins: entries, history, revert, preview,
and the questions the bot could not answer."""

from __future__ import annotations

import dataclasses

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_ext.extensions.openapi import openapi

from helpdesk.faq.entries import (
    FaqDraft,
    FaqError,
    FaqNotFound,
    create_entry,
    delete_entry,
    get_entry,
    history_with_diffs,
    list_entries,
    revert_entry,
    update_entry,
)
from helpdesk.faq.live_index import current_index
from helpdesk.faq.retrieval import Thresholds, decide
from helpdesk.faq.unanswered import list_unanswered, resolve_unanswered
from helpdesk.web.auth import current_user, require
from helpdesk.web.http_json import error, int_id, json_body
from helpdesk.web.openapi_doc import json_object

EDITORS = ("editor", "admin")
ENTRY_BODY = json_object({"question": str, "answer": str, "voice_answer": str,
                          "alternates": [str], "tags": [str]}, required=["question", "answer"])


def faq_blueprint() -> Blueprint:
    bp = Blueprint("faq", url_prefix="/api/faq")

    @bp.get("/")
    @openapi.summary("List FAQ entries (optional search: ?q=)")
    @openapi.parameter("q", str, "query")
    @openapi.secured("token")
    @require(*EDITORS)
    async def entries(request: Request) -> HTTPResponse:
        search = (request.args.get("q") or "").strip()[:200] or None
        return response.json([e.to_json() for e in list_entries(search)])

    @bp.post("/")
    @openapi.summary("Create an entry; answered by the bot within seconds")
    @openapi.secured("token")
    @openapi.body(ENTRY_BODY)
    @openapi.response(201, json_object({"id": int}, required=["id"]))
    @require(*EDITORS)
    async def create(request: Request) -> HTTPResponse:
        try:
            entry = create_entry(FaqDraft.from_mapping(json_body(request)),
                                 current_user(request).username)
        except FaqError as exc:
            return error(400, str(exc))
        return response.json({"id": entry.id, **entry.to_json()}, status=201)

    @bp.get("/<entry_id>")
    @openapi.summary("One entry")
    @openapi.secured("token")
    @require(*EDITORS)
    async def one(request: Request, entry_id: str) -> HTTPResponse:
        try:
            return response.json(get_entry(int_id(entry_id, "FAQ entry")).to_json())
        except FaqNotFound as exc:
            return error(404, str(exc))

    @bp.put("/<entry_id>")
    @openapi.summary("Replace an entry's fields (a new version)")
    @openapi.secured("token")
    @openapi.body(ENTRY_BODY)
    @require(*EDITORS)
    async def update(request: Request, entry_id: str) -> HTTPResponse:
        try:
            entry = update_entry(int_id(entry_id, "FAQ entry"),
                                 FaqDraft.from_mapping(json_body(request)),
                                 current_user(request).username)
        except FaqError as exc:
            return error(400, str(exc))
        except FaqNotFound as exc:
            return error(404, str(exc))
        return response.json(entry.to_json())

    @bp.delete("/<entry_id>")
    @openapi.summary("Delete an entry (kept in its history, can be reverted)")
    @openapi.secured("token")
    @require(*EDITORS)
    async def delete(request: Request, entry_id: str) -> HTTPResponse:
        try:
            delete_entry(int_id(entry_id, "FAQ entry"), current_user(request).username)
        except FaqNotFound as exc:
            return error(404, str(exc))
        return response.json({"deleted": True})

    @bp.get("/<entry_id>/history")
    @openapi.summary("Every version of an entry, newest first")
    @openapi.secured("token")
    @require(*EDITORS)
    async def versions(request: Request, entry_id: str) -> HTTPResponse:
        rows = history_with_diffs(int_id(entry_id, "FAQ entry"))
        if not rows:
            return error(404, "no such FAQ entry")
        return response.json(rows)

    @bp.post("/<entry_id>/revert")
    @openapi.summary("Make an earlier version current again")
    @openapi.secured("token")
    @openapi.body(json_object({"version": int}, required=["version"]))
    @require(*EDITORS)
    async def revert(request: Request, entry_id: str) -> HTTPResponse:
        version = json_body(request).get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            return error(400, "'version' must be a whole number")
        try:
            entry = revert_entry(int_id(entry_id, "FAQ entry"), version,
                                 current_user(request).username)
        except FaqNotFound as exc:
            return error(404, str(exc))
        return response.json(entry.to_json())

    @bp.post("/preview")
    @openapi.summary("Ask the bot: which entry a question matches, with scores")
    @openapi.secured("token")
    @openapi.body(json_object({"question": str}, required=["question"]))
    @require(*EDITORS)
    async def preview(request: Request) -> HTTPResponse:
        question = json_body(request).get("question")
        if not isinstance(question, str) or not question.strip() or len(question) > 1000:
            return error(400, "'question' must be a non-empty string (at most 1000 characters)")
        matches = current_index().search(question, limit=5)
        decision = decide(matches, Thresholds.from_env())
        return response.json({
            "decision": decision.kind,
            "answer": decision.matches[0].entry.answer if decision.kind == "answer" else None,
            "matches": [{"id": m.entry.id, "question": m.entry.question, "score": m.score,
                         "matched_phrasing": m.phrasing} for m in matches]})

    @bp.get("/unanswered")
    @openapi.summary("Questions the bot could not answer, most frequent first")
    @openapi.secured("token")
    @require(*EDITORS)
    async def unanswered(request: Request) -> HTTPResponse:
        return response.json([dataclasses.asdict(q) for q in list_unanswered()])

    @bp.post("/unanswered/<question_id>/resolve")
    @openapi.summary("Mark an unanswered question as dealt with")
    @openapi.secured("token")
    @require(*EDITORS)
    async def resolve(request: Request, question_id: str) -> HTTPResponse:
        if not resolve_unanswered(int_id(question_id, "question")):
            return error(404, "no such question")
        return response.json({"resolved": True})

    return bp
