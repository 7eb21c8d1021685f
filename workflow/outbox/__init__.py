"""The transactional outbox: notifications are rows written with the change that causes them.

``workflow`` only writes rows here; ``notifiers`` routes and sends them.
"""
