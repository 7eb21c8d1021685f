"""Tickets: one problem each, moved through the machine in ``states/ticket.py``."""
