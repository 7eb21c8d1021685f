"""Imports: problem lists (问题清单) from .xlsx, validated whole before anything is written (rule 4)."""
