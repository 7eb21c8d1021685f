"""Admin verbs for notifications: channels per unit, the outbox and dead letters, message templates.

Plain service functions ``fn(session, *, actor, …)`` like workflow's; scope comes from
``workflow.orgs.scope`` (outside it answers 404) and only admin/office may act (403).
"""
