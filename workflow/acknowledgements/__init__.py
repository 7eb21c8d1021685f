"""确认收到: a signed link in a reminder, an urging or a 约谈 notice records who read it (practice 8)."""
