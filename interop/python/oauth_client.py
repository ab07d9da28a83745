"""A headless driver around the Python MCP SDK's OAuth client (PyPI `mcp`).

Usage: python oauth_client.py MCP_URL [--tool NAME] [--mode auto|legacy|2026-07-28]

Connects to MCP_URL with `mcp.client.auth.OAuthClientProvider` doing discovery, dynamic
registration, PKCE and the token exchange. The front channel is played headlessly: the
authorization URL is fetched without following redirects and the `Location` the
authorization server answers with is handed back as the callback, exactly as a browser
would deliver it. Prints one JSON line describing the outcome and exits 0 on success,
1 when the SDK refused or failed (the message says why), 2 on usage errors.

This file is a test fixture: it exercises a third-party OAuth client against the harness's
mock servers. It adds no behaviour of its own to the SDK's flow.
"""

import argparse
import asyncio
import json
import sys
from urllib.parse import parse_qs, urlsplit

import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import (
    AuthorizationCodeResult,
    OAuthClientInformationFull,
    OAuthClientMetadata,
    OAuthToken,
)

REDIRECT_URI = "http://127.0.0.1:8765/callback"


class MemoryStorage:
    """Token storage that lives as long as the process."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client_info: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client_info

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client_info = client_info


class HeadlessBrowser:
    """Plays the user agent: fetches the authorization URL and captures the redirect."""

    def __init__(self) -> None:
        self.callback_url: str | None = None
        self.authorization_urls: list[str] = []

    async def redirect_handler(self, authorization_url: str) -> None:
        self.authorization_urls.append(authorization_url)
        async with httpx2.AsyncClient(follow_redirects=False, timeout=10) as http:
            response = await http.get(authorization_url)
        location = response.headers.get("location")
        if response.status_code not in (302, 303) or not location:
            raise RuntimeError(
                f"authorization endpoint answered {response.status_code} without a redirect"
            )
        self.callback_url = location

    async def callback_handler(self) -> AuthorizationCodeResult:
        if self.callback_url is None:
            raise RuntimeError("no authorization response was received")
        query = parse_qs(urlsplit(self.callback_url).query)
        if "error" in query:
            raise RuntimeError(f"authorization error: {query['error'][0]}")
        first = lambda name: query[name][0] if name in query else None  # noqa: E731
        return AuthorizationCodeResult(code=first("code"), state=first("state"), iss=first("iss"))


async def run(url: str, tool: str, mode: str) -> dict:
    browser = HeadlessBrowser()
    provider = OAuthClientProvider(
        server_url=url,
        client_metadata=OAuthClientMetadata(
            client_name="mcp-auth-harness python interop driver",
            redirect_uris=[REDIRECT_URI],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        ),
        storage=MemoryStorage(),
        redirect_handler=browser.redirect_handler,
        callback_handler=browser.callback_handler,
    )
    async with httpx2.AsyncClient(auth=provider, timeout=10) as http:
        async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:
            tools = await client.list_tools()
            result = await client.call_tool(tool, {"text": "hello from python"})
    texts = [c.text for c in result.content if getattr(c, "type", None) == "text"]
    return {
        "ok": True,
        "tools": sorted(t.name for t in tools.tools),
        "result": texts,
        "is_error": bool(getattr(result, "is_error", getattr(result, "isError", False))),
        "authorization_requests": len(browser.authorization_urls),
    }


def describe(error: BaseException) -> str:
    """The innermost causes of an error, without tracebacks (task groups wrap them)."""
    if isinstance(error, BaseExceptionGroup):
        return "; ".join(describe(e) for e in error.exceptions)
    return f"{type(error).__name__}: {error}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--tool", default="echo")
    parser.add_argument("--mode", default="auto")
    args = parser.parse_args()
    try:
        outcome = asyncio.run(asyncio.wait_for(run(args.url, args.tool, args.mode), timeout=60))
    except BaseException as error:  # report every failure as data, never a traceback dump
        print(json.dumps({"ok": False, "error": describe(error)}))
        return 1
    print(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
