"""The admin audit log (admin_change): who changed which org unit, person, channel, policy, template or calendar day."""
