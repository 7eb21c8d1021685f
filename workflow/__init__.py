"""The domain: org units, people, campaigns, checklists, tickets and their services."""
