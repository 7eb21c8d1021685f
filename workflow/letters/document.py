"""The 督办函 as .docx in the official-document layout the bulletin uses (workflow/ledger/official_docx.py):
number, addressee, the problem, the requirement and the reply deadline, signed by the office."""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow.deadlines.local_time import local_date
from workflow.ledger import official_docx as doc
from workflow.letters.models import SupervisionLetter
from workflow.orgs.models import OrgUnit
from workflow.tickets.models import Ticket


def letter_docx(session: Session, letter: SupervisionLetter) -> bytes:
    unit = session.get(OrgUnit, letter.unit_id)
    ticket = session.get(Ticket, letter.ticket_id)
    document = doc.new_document()
    number = document.add_paragraph()
    number.alignment = 1  # centred, like a 发文字号
    doc.run_in(number, letter.number, doc.BODY_FONT, doc.BODY_SIZE)
    doc.title(document, "督 办 函")
    doc.addressee(document, f"{unit.name}：")
    due = local_date(ticket.due_at).isoformat() if ticket.due_at else "未定"
    doc.body(document, f"经督查，你单位牵头整改的问题（{letter.problem}）整改期限为{due}，至今逾期未整改到位。"
                       "现予专函督办。")
    doc.heading(document, "一、督办要求")
    doc.body(document, letter.requirement)
    doc.heading(document, "二、回复期限")
    doc.body(document, f"请于{doc.chinese_date(letter.reply_due_on)}前将整改落实情况书面回复领导小组办公室。")
    doc.signature(document, ["领导小组办公室", doc.chinese_date(local_date(letter.issued_at))])
    return doc.to_bytes(document)
