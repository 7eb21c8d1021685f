"""Checklist inspections (督导细则逐项检查): one walk of a campaign's checklist at one place, item by item."""
