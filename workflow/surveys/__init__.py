"""Satisfaction surveys of a campaign (rule 19, seed 004): questionnaire, answers per household, rates."""
