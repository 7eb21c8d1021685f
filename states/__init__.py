"""The ticket state machine: pure definitions, importing nothing of ours."""
