"""The browser editor at ``/``: the page and its assets, all served by the package (no internet needed).

``static/`` holds ``index.html``, ``editor.css`` and ``editor.js`` — one bundle of CodeMirror 6 and the page's
code, built from ``editor/`` at the repository's root by ``make editor`` and committed, so an installed package
needs no npm — with ``THIRD_PARTY_LICENSES`` for the bundled packages. The page talks only to ``/api/*``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).with_name("static")

ASSETS = ("editor.js", "editor.css")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
    "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'none'"
)
"""The page loads nothing from elsewhere (CodeMirror adds its styles as <style> elements, hence inline styles)."""


def page() -> str:
    """index.html with the assets' digest in their URLs, so a browser never mixes an old bundle with a new page."""
    digest = hashlib.sha256()
    for name in ASSETS:
        digest.update((STATIC / name).read_bytes())
    return (STATIC / "index.html").read_text(encoding="utf-8").replace("{{version}}", digest.hexdigest()[:12])


def install(app: FastAPI) -> None:
    """Add ``GET /`` (the editor) and ``/static`` (its assets) to ``app``."""
    html = page()
    headers = {
        "Cache-Control": "no-cache",
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def editor_page() -> HTMLResponse:
        return HTMLResponse(html, headers=headers)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
