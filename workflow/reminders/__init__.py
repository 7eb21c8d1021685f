"""Reminders (催办提醒) as rows, one per ticket, deadline and slot; the notifications issue sends them."""
