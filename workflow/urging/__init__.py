"""催办 (urging): a recorded push to a ticket's unit, by hand or by schedule; counted and capped (practice 7)."""
