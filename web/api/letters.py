"""督办函: the office issues one for a seriously overdue ticket; the unit replies (text, optional file)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from web.api.downloads import DOCX, attachment, stored_upload
from web.api.responses import error_responses
from web.deps import ClockDep, CurrentActor, DbSession, SettingsDep, StoreDep
from workflow.bounds import RowId
from workflow.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from workflow.letters.document import letter_docx
from workflow.letters.schemas import LetterCreate, LetterRead
from workflow.letters.service import (
    LetterInput,
    LetterRefused,
    get_visible_letter,
    issue_letter,
    letters_of,
    reply_letter,
)
from workflow.uploads.checks import MAX_FILE_BYTES, Upload

router = APIRouter(tags=["supervision letters"])


@router.post("/tickets/{ticket_id}/supervision-letters", response_model=LetterRead, status_code=201,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, LetterRefused, InvalidInput))
def create_letter(ticket_id: RowId, body: LetterCreate, actor: CurrentActor, session: DbSession, clock: ClockDep,
                  settings: SettingsDep):
    return issue_letter(session, actor=actor, ticket_id=ticket_id, data=LetterInput(**body.model_dump()),
                        now=clock.now(), min_overdue=settings.letter_min_overdue_working_days)


@router.get("/tickets/{ticket_id}/supervision-letters", response_model=list[LetterRead],
            responses=error_responses(NotAuthenticated, NotFound))
def list_letters(ticket_id: RowId, actor: CurrentActor, session: DbSession):
    return letters_of(session, actor, ticket_id)


@router.get("/supervision-letters/{letter_id}/docx", response_class=Response,
            responses=error_responses(NotAuthenticated, NotFound))
def letter_document(letter_id: RowId, actor: CurrentActor, session: DbSession):
    letter = get_visible_letter(session, actor, letter_id)
    return attachment(letter_docx(session, letter), f"{letter.number}.docx", DOCX)


@router.post("/supervision-letters/{letter_id}/reply", response_model=LetterRead,
             responses=error_responses(NotAuthenticated, NotFound, PermissionDenied, LetterRefused, InvalidInput))
def reply(letter_id: RowId, actor: CurrentActor, session: DbSession, clock: ClockDep, store: StoreDep,
          text: Annotated[str, Form(max_length=4000)], file: Annotated[UploadFile | None, File()] = None):
    upload = Upload(filename=file.filename or "file", content_type=file.content_type or "",
                    content=file.file.read(MAX_FILE_BYTES + 1)) if file is not None and file.filename else None
    return reply_letter(session, actor=actor, letter_id=letter_id, text=text, upload=upload, now=clock.now(),
                        store=store)


@router.get("/supervision-letters/{letter_id}/reply-file", responses=error_responses(NotAuthenticated, NotFound))
def reply_file(letter_id: RowId, actor: CurrentActor, session: DbSession, store: StoreDep):
    letter = get_visible_letter(session, actor, letter_id)
    if not letter.reply_sha256:
        raise NotFound("该回复没有附件")
    return stored_upload(store, letter.reply_sha256, letter.reply_content_type, letter.reply_filename)
