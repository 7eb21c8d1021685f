"""Robot keys never reach the logs: httpx logs each request URL at INFO, and WeCom puts the key in it."""

from __future__ import annotations

import logging
import re

KEY_IN_URL = re.compile(r"(key=)([^&\s\"']+)")


class RedactKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "key=" in message:
            record.msg = KEY_IN_URL.sub(lambda m: m.group(1) + _mask(m.group(2)), message)
            record.args = ()
        return True


def _mask(key: str) -> str:
    return f"{key[:4]}****{key[-4:]}" if len(key) > 8 else "****"


def install_key_redaction() -> None:
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactKeys) for f in logger.filters):
            logger.addFilter(RedactKeys())
