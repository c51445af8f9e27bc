"""The aiohttp middleware that applies the fault :class:`.faults.FaultInjector` picks."""

from __future__ import annotations

import asyncio
import email.utils
import json
import time

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from .faults import BEFORE, HTML_PAGE, OUTBOUND_DOWN, FaultInjector, FaultSettings
from .mp3 import SILENT_FRAME
from .requestlog import APPLIED_FAULT
from .responses import dumps, fail


def _before(kind: str, request: web.Request, settings: FaultSettings) -> web.StreamResponse:
    retry = {"Retry-After": str(settings.retry_after_s)}
    if kind == "http500":
        return fail("FAIL", "Internal Server Error", 500)
    if kind == "http502":
        return fail("BAD_GATEWAY", "Bad Gateway", 502)
    if kind == "http503":
        return fail("SERVICE_UNAVAILABLE", "Service Unavailable", 503, headers=retry)
    if kind == "http429":
        return fail("RATE_LIMIT_EXCEEDED", "Too many requests", 429, headers=retry)
    if kind == "http429date":
        when = email.utils.formatdate(time.time() + settings.retry_after_s, usegmt=True)
        return fail("RATE_LIMIT_EXCEEDED", "Too many requests", 429,
                    headers={"Retry-After": when})
    if kind == "http401":
        return fail("UNAUTHORIZED", "Unauthorized", 401)
    if kind == "http403":
        return fail("INSUFFICIENT_SCOPE", "The API key lacks the scope for this call", 403)
    if kind == "http404":
        return fail("NOT_FOUND", "Not found", 404)
    if kind == "envelope":
        return fail("SYSTEM_ERROR", OUTBOUND_DOWN)
    if kind == "html":
        return web.Response(text=HTML_PAGE, status=502, content_type="text/html")
    if kind == "wrongtype":
        return web.Response(text="OK", content_type="text/plain")
    if kind == "redirect":
        port = request.url.port
        target = f"http://{settings.redirect_host}:{port}{request.path_qs}"
        status = 302 if request.method in ("GET", "HEAD") else 307
        return web.Response(status=status, headers={"Location": target})
    raise AssertionError(kind)


def _pad(response: web.Response, size: int) -> web.Response:
    body = bytes(response.body) if isinstance(response.body, bytes | bytearray) else b""
    if response.content_type == "application/json":
        obj = json.loads(body)
        if isinstance(obj, dict):
            obj["padding"] = "x" * size
            body = dumps(obj).encode()
    elif response.content_type == "audio/mpeg":  # a longer recording, still valid MP3
        body = body + SILENT_FRAME * (max(0, size - len(body)) // len(SILENT_FRAME))
    else:
        body = body + bytes(max(0, size - len(body)))
    return web.Response(
        body=body, status=response.status, content_type=response.content_type,
        charset=response.charset,
    )


async def _after(
    kind: str, request: web.Request, response: web.Response, settings: FaultSettings
) -> web.StreamResponse:
    body = bytes(response.body) if isinstance(response.body, bytes | bytearray) else b""
    if kind == "huge":
        return _pad(response, settings.huge_bytes)
    if kind == "malformed":
        return web.Response(
            body=body[: len(body) // 2], status=200, content_type="application/json"
        )
    if kind == "timeout":
        await asyncio.sleep(settings.timeout_s)
        return response
    if kind == "drop":
        if request.transport is not None:
            request.transport.abort()
        # aiohttp treats a cancelled handler as "no response": nothing is written to
        # the aborted transport and nothing is logged as an error.
        raise asyncio.CancelledError
    if kind == "slowdrip":
        stream = web.StreamResponse(status=response.status, headers=response.headers)
        stream.content_length = len(body)
        await stream.prepare(request)
        step = max(1, settings.drip_bytes)
        for i in range(0, len(body), step):
            await stream.write(body[i : i + step])
            await asyncio.sleep(settings.drip_interval_s)
        await stream.write_eof()
        return stream
    raise AssertionError(kind)


def fault_middleware(injector: FaultInjector, settings: FaultSettings) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        endpoint = request.match_info.route.name
        if endpoint is None:
            return await handler(request)
        delay, spec = injector.pick(endpoint)
        if delay:
            await asyncio.sleep(delay)
        if spec is None:
            return await handler(request)
        APPLIED_FAULT.set(spec.kind)
        if spec.kind in BEFORE:
            return _before(spec.kind, request, settings)
        response = await handler(request)
        if not isinstance(response, web.Response):
            return response
        return await _after(spec.kind, request, response, settings)

    return middleware
