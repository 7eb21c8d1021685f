"""Notifications that always arrive: channels, routing, digests and the outbox dispatcher.

``workflow`` writes outbox rows in the business transaction; this package turns them into
deliveries (routing.py, digests.py), sends them (dispatch.py, one module per channel) and offers
the job functions the scheduler and ``zhenggai dispatch`` call (jobs.py). It never imports ``web``.
See docs/notifications.md.
"""
