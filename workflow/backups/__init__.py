"""Backups and restores of the database and the evidence files, with a manifest (docs/audit-and-backup.md)."""
