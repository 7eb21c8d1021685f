"""Deadlines: when a ticket is due, counted as Chinese offices count."""
