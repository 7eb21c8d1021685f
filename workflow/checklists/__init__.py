"""Inspection checklists (督导细则) loaded from the seeds' JSON."""
