"""Indicators with targets and actuals per unit (rule 19): definitions, history of actuals, xlsx import."""
