"""Tamper-evident history: hash-chained ticket events, daily anchors over every chain, and the check."""
