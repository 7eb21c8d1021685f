"""Campaigns: inspection rounds (督查/督导) with a kind, period, scope and checklist."""
