"""签收 has its own time limit, warned and escalated, while the rectification clock runs from 交办 (practice 1)."""
