"""The baseline server: a trivial aiohttp JSON endpoint, run in its own process.

It parses the posted JSON and answers a small JSON object on every path, so a
benchmark's ratio shows what the real server costs above aiohttp itself (and above the
load generator, which shares the machine).

    python -m bench.trivial_server     # prints "listening on http://127.0.0.1:PORT/"
"""

from __future__ import annotations

import asyncio
import signal

from aiohttp import web

READY = "listening on"


async def _answer(request: web.Request) -> web.Response:
    if request.can_read_body:
        await request.json()
    return web.json_response({"success": "1"})


async def _serve() -> None:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", _answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(f"{READY} http://127.0.0.1:{port}/", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


def main() -> int:
    asyncio.run(_serve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
