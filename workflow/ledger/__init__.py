"""The ledger (整改台账): statistics and rankings read from tickets within the actor's scope."""
