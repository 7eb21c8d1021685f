"""The admin audit log: who changed which org unit, person, channel, policy, template or calendar day, and when."""
