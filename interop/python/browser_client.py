"""A desktop-style MCP OAuth client around the Python MCP SDK (PyPI `mcp`): it opens the
authorization URL in the user's browser (`webbrowser.open`, which honours `BROWSER`) and
waits on a loopback callback listener, as desktop and CLI clients do.

Usage: python browser_client.py MCP_URL [--tool NAME] [--wait SECONDS]

`mcp.client.auth.OAuthClientProvider` does discovery, registration, PKCE and the token
exchange; this file only supplies the two things a real client supplies: a way to open a
browser and a redirect URI that listens (127.0.0.1, a free port, one request). Prints one
JSON line and exits 0 on success, 1 when the flow failed or no callback arrived within
`--wait` seconds.

This file is a test fixture for `mcp-auth-harness client --browser`: with the harness's
stand-in browser on `BROWSER`, the flow completes headlessly; without a browser it cannot.
"""

import argparse
import asyncio
import json
import sys
import webbrowser
from urllib.parse import parse_qs, urlsplit

import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata

# The storage and error reporting of the headless driver beside this file.
from oauth_client import MemoryStorage, describe


class LoopbackCallback:
    """A one-shot HTTP listener on 127.0.0.1 for the authorization response."""

    def __init__(self, wait: float) -> None:
        self.wait = wait
        self.server: asyncio.base_events.Server | None = None
        self.port = 0
        self.received: asyncio.Future[str] | None = None

    async def start(self) -> None:
        self.received = asyncio.get_running_loop().create_future()
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}/callback"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=5)
            parts = line.decode("latin-1").split(" ")
            target = parts[1] if len(parts) > 1 else "/"
            body = b"You can close this window."
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: "
                + str(len(body)).encode()
                + b"\r\nconnection: close\r\n\r\n"
                + body
            )
            await writer.drain()
            if target.startswith("/callback") and self.received and not self.received.done():
                self.received.set_result(target)
        finally:
            writer.close()

    async def redirect_handler(self, authorization_url: str) -> None:
        if not webbrowser.open(authorization_url):
            raise RuntimeError("no browser could be opened")

    async def callback_handler(self) -> AuthorizationCodeResult:
        assert self.received is not None
        target = await asyncio.wait_for(self.received, timeout=self.wait)
        query = parse_qs(urlsplit(target).query)
        if "error" in query:
            raise RuntimeError(f"authorization error: {query['error'][0]}")
        first = lambda name: query[name][0] if name in query else None  # noqa: E731
        return AuthorizationCodeResult(code=first("code"), state=first("state"), iss=first("iss"))


async def run(url: str, tool: str, wait: float) -> dict:
    callback = LoopbackCallback(wait)
    await callback.start()
    provider = OAuthClientProvider(
        server_url=url,
        client_metadata=OAuthClientMetadata(
            client_name="mcp-auth-harness python browser client",
            redirect_uris=[callback.redirect_uri],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        ),
        storage=MemoryStorage(),
        redirect_handler=callback.redirect_handler,
        callback_handler=callback.callback_handler,
    )
    async with httpx2.AsyncClient(auth=provider, timeout=10) as http:
        async with Client(streamable_http_client(url, http_client=http)) as client:
            tools = await client.list_tools()
            result = await client.call_tool(tool, {"text": "hello from a browser client"})
    texts = [c.text for c in result.content if getattr(c, "type", None) == "text"]
    return {"ok": True, "tools": sorted(t.name for t in tools.tools), "result": texts}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--tool", default="echo")
    parser.add_argument("--wait", type=float, default=20)
    args = parser.parse_args()
    try:
        outcome = asyncio.run(asyncio.wait_for(run(args.url, args.tool, args.wait), timeout=60))
    except BaseException as error:  # report every failure as data, never a traceback dump
        print(json.dumps({"ok": False, "error": describe(error)}))
        return 1
    print(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
