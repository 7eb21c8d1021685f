"""Static files as a phone on a village network wants them: compressed, and cached as long as they can be.

ECharts alone is 664 KB; gzip makes it about a third. The vendored files carry their version in their name
(``echarts-5.6.0.common.min.js``), so a browser may keep them for a year; our own files (app.js, app.css)
keep their names across releases, so the browser asks again each time and gets 304 Not Modified from the
ETag unless they changed. Mounted inside the app, so the security headers (web/security_headers.py) still
wrap every answer.
"""

from __future__ import annotations

import re

from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

VERSIONED = re.compile(r"^vendor/.+-\d+(\.\d+)+[.-]")
FOR_A_YEAR = "public, max-age=31536000, immutable"
ASK_AGAIN = "no-cache"


class CachedStaticFiles(StaticFiles):
    def file_response(self, full_path, stat_result, scope, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        path = self.get_path(scope).replace("\\", "/")
        response.headers["cache-control"] = FOR_A_YEAR if VERSIONED.match(path) else ASK_AGAIN
        return response


def static_files(directory) -> ASGIApp:
    """The /static mount: cached files, gzipped when the browser accepts it and the file is worth it."""
    return GZipMiddleware(CachedStaticFiles(directory=directory), minimum_size=1024, compresslevel=6)
