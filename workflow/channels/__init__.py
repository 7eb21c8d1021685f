"""Notification routing configuration: each org unit's channels and the admin-editable message texts.

Configured in the database through the admin API (``notifiers.admin``), never in code.
"""
