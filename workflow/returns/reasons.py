"""The reason codes of a 退回 (glossary: 退回 / 退单). ``other`` needs the text; every return needs a comment."""

from __future__ import annotations

from workflow.errors import InvalidInput

RETURN_REASONS = {
    "wrong_place": "属地不符",
    "unclear_ownership": "权属不清",
    "overlapping_duties": "职能交叉",
    "other": "其他",
}
RULINGS = {"upheld": "退回理由成立（改派）", "overruled": "退回理由不成立（退回原单位）"}


def check_reason(code: str | None) -> str:
    """The code to store; a return without one (older clients, imports) is ``other`` with its text."""
    if code is None or code == "":
        return "other"
    if code not in RETURN_REASONS:
        choices = "、".join(f"{k} {v}" for k, v in RETURN_REASONS.items())
        raise InvalidInput(f"退回理由类别不正确：{code}（可选：{choices}）", detail={"field": "reason_code"})
    return code
