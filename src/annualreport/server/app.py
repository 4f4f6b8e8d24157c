"""The FastAPI application: the API under ``/api``, the editor at ``/``, limits, request ids, CORS.

FastAPI because its OpenAPI documentation at ``/docs`` is what Java and .NET integrators generate clients
from, and pydantic (our model's library) is its own; uvicorn runs it, one event loop per worker process.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from ..errors import AnnualReportError, InputError, Problem
from ..messages import text, using_language
from . import editor
from .api import BodyTooLarge, language, problems_response, router
from .settings import Settings
from .work import Busy, RenderQueue, TimedOut

log = logging.getLogger("annualreport.server")

REQUEST_ID_HEADER = "X-Request-ID"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service with ``settings`` (default: the defaults). Each worker process makes its own; the fonts
    are resolved when it starts (lifespan), never during a request."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        queue = RenderQueue(settings.max_renders, settings.max_waiting, settings.render_timeout)
        app.state.queue = queue
        if settings.warm_up:
            await asyncio.get_running_loop().run_in_executor(None, warm_up, settings)
        try:
            yield
        finally:
            queue.close()

    from .. import __version__

    app = FastAPI(
        title="annualreport",
        version=__version__,
        summary="Annual work reports as data, rendered to .docx and .pdf laid out to GB/T 9704-2012",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.queue = RenderQueue(settings.max_renders, settings.max_waiting, settings.render_timeout)
    app.include_router(router, prefix="/api")
    _install_errors(app)
    app.middleware("http")(_request_id)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["*"], expose_headers=["Content-Disposition", REQUEST_ID_HEADER])  # fmt: skip
    editor.install(app)
    return app


def create_app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker process: settings from ``ANNUALREPORT_SERVER_*``."""
    return create_app(Settings.from_environment())


def warm_up(settings: Settings) -> None:
    """Find, read and register the fonts (and the word index) once, by rendering the example."""
    from ..batch import render_formats
    from ..loader import load_bytes
    from .samples import example_yaml

    report = load_bytes(example_yaml().encode("utf-8"), name="report.yaml")
    render_formats(report, ("docx", "pdf"), font_dirs=settings.font_dirs)


async def _request_id(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Every answer carries an id; an error logged on the server carries the same id."""
    request.state.request_id = secrets.token_hex(8)
    response = await call_next(request)
    response.headers[REQUEST_ID_HEADER] = request.state.request_id
    queue: RenderQueue = request.app.state.queue
    if queue.queued > 0:
        # Others wait here for this worker's render slot: the client's next request goes on a new connection,
        # which the least busy worker accepts first. Workers share one listening socket and a kept-alive
        # connection stays with the worker that accepted it, so without this 16 clients could all sit on one
        # worker while another idles (bench_serve at concurrency 16: half the throughput of concurrency 4).
        response.headers["Connection"] = "close"
    return response


def _request_id_of(request: Request) -> str:
    found = getattr(request.state, "request_id", None)
    if found is None:
        found = request.state.request_id = secrets.token_hex(8)
    return str(found)


def failure(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    request_id = _request_id_of(request)
    headers = {**(headers or {}), REQUEST_ID_HEADER: request_id}
    return JSONResponse({"error": message, "request_id": request_id}, status_code=status, headers=headers)


def _install_errors(app: FastAPI) -> None:
    settings: Settings = app.state.settings

    def in_language(request: Request) -> Any:
        return using_language(language(request))

    @app.exception_handler(InputError)
    async def input_error(request: Request, error: InputError) -> Response:
        return problems_response(error.problems)

    @app.exception_handler(AnnualReportError)
    async def report_error(request: Request, error: AnnualReportError) -> Response:
        return problems_response([Problem("", None, None, "", str(error))])

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        with in_language(request):
            problems = [
                Problem("", None, None, ".".join(str(p) for p in e.get("loc", ())[1:]), text("server_bad_parameter", detail=e.get("msg", "")))
                for e in error.errors()
            ]
        return problems_response(problems)

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, error: BodyTooLarge) -> Response:
        with in_language(request):
            return failure(request, 413, text("server_body_too_large", limit=settings.max_body_bytes))

    @app.exception_handler(Busy)
    async def busy(request: Request, error: Busy) -> Response:
        with in_language(request):
            return failure(request, 503, text("server_busy"), {"Retry-After": str(settings.retry_after)})

    @app.exception_handler(TimedOut)
    async def timed_out(request: Request, error: TimedOut) -> Response:
        with in_language(request):
            return failure(request, 503, text("server_timed_out", seconds=settings.render_timeout),
                           {"Retry-After": str(settings.retry_after)})  # fmt: skip

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> Response:
        request_id = _request_id_of(request)
        log.error("request %s %s %s failed", request_id, request.method, request.url.path, exc_info=error)
        with in_language(request):
            return failure(request, 500, text("server_internal_error", request_id=request_id))
