"""Stratified random samples of org units for a campaign (rule 18, seed 004), reproducible from a seed."""
