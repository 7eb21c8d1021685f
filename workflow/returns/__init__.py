"""退回 as a dispute: the reason code a unit gives, and the office's ruling on it (practice 2)."""
