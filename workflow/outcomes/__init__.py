"""How a ticket ends (practice 4, rule 14): 销号, 持续整改/挂账, 作废, 立行立改, and the 观察期 after 销号."""
