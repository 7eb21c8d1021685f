"""Scored checklists (rules 17, 20): deductions per item and unit, caps, bonus points, unit and town scores."""
