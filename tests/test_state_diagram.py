from pathlib import Path

from states.diagram import document


def test_committed_state_diagram_matches_the_machine_table():
    committed = (Path(__file__).resolve().parents[1] / "docs" / "ticket-states.md").read_text(encoding="utf-8")
    assert committed == document(), "run: python -m states.diagram > docs/ticket-states.md"
