"""Copies of ``../shared/domain`` data shipped with the package, so a fresh clone can seed itself."""

from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent
CHECKLIST_DIR = SEED_DIR / "checklists"
ORG_EXAMPLES = SEED_DIR / "org-examples.json"
