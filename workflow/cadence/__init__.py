"""Campaign cadence (rules 10, 15, 16): templates that plan campaigns with dated milestones, reminders, the end."""
