"""督办函: the office's formal supervision letter for a seriously overdue ticket, and the unit's reply."""
