"""A headless driver around the Python MCP SDK's OAuth client (PyPI `mcp`).

Usage: python oauth_client.py MCP_URL [--tool NAME] [--mode auto|legacy|2026-07-28]

Connects to MCP_URL with `mcp.client.auth.OAuthClientProvider` doing discovery, dynamic
registration, PKCE and the token exchange. The front channel is played headlessly: the
authorization URL is fetched without following redirects and the `Location` the
authorization server answers with is handed back as the callback, exactly as a browser
would deliver it. Prints one JSON line describing the outcome and exits 0 on success,
1 when the SDK refused or failed (the message says why), 2 on usage errors.

The official conformance suite's client contract (`MCP_CONFORMANCE_SCENARIO`,
`MCP_CONFORMANCE_CONTEXT`; see interop/conformance/README.md) is honoured only as far as
it hands the SDK configuration an application would hold, and only when those variables
are set, so runs without them are unchanged:
- a context with `client_id` (auth/pre-registration) becomes the stored client record
  (`client_secret_basic` when it has a secret, as the official fixture records it), so the
  SDK skips registration;
- the auth/client-credentials-basic and auth/client-credentials-jwt scenarios use the SDK's
  `ClientCredentialsOAuthProvider` and `PrivateKeyJWTOAuthProvider` with the context's
  client id, secret or private key;
- every other scenario gives the SDK the suite's fixed client ID metadata document URL
  (`client_metadata_url`), which the SDK uses only where the authorization server
  advertises support for it.
The SDK has no provider for the other extension scenarios (enterprise-managed
authorization needs the identity-provider token exchange done by the application, workload
identity a secret-less jwt-bearer grant, DPoP is absent), so those get the ordinary flow.

This file is a test fixture: it exercises a third-party OAuth client against the harness's
mock servers. It adds no behaviour of its own to the SDK's flow.
"""

import argparse
import asyncio
import json
import os
import sys
from urllib.parse import parse_qs, urlsplit

import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.auth.extensions.client_credentials import (
    ClientCredentialsOAuthProvider,
    PrivateKeyJWTOAuthProvider,
    SignedJWTParameters,
)
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import (
    AuthorizationCodeResult,
    OAuthClientInformationFull,
    OAuthClientMetadata,
    OAuthToken,
)

REDIRECT_URI = "http://127.0.0.1:8765/callback"
# The client ID metadata document URL the official conformance suite expects
# (src/scenarios/client/auth/basic-cimd.ts, CIMD_CLIENT_METADATA_URL); never fetched.
CONFORMANCE_CIMD_URL = "https://conformance-test.local/client-metadata.json"


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


def conformance_context() -> tuple[str | None, dict]:
    """The official suite's scenario name and context, when it launched this driver."""
    scenario = os.environ.get("MCP_CONFORMANCE_SCENARIO") or None
    raw = os.environ.get("MCP_CONFORMANCE_CONTEXT")
    context = json.loads(raw) if raw else {}
    if not isinstance(context, dict):
        raise ValueError("MCP_CONFORMANCE_CONTEXT is not a JSON object")
    return scenario, context


async def provider_for(url: str, browser: HeadlessBrowser) -> OAuthClientProvider:
    """The SDK provider an application would configure for this run."""
    scenario, context = conformance_context()
    storage = MemoryStorage()
    if scenario == "auth/client-credentials-basic":
        return ClientCredentialsOAuthProvider(
            server_url=url,
            storage=storage,
            client_id=context["client_id"],
            client_secret=context["client_secret"],
            token_endpoint_auth_method="client_secret_basic",
        )
    if scenario == "auth/client-credentials-jwt":
        signer = SignedJWTParameters(
            issuer=context["client_id"],
            subject=context["client_id"],
            signing_key=context["private_key_pem"],
            signing_algorithm=context.get("signing_algorithm", "ES256"),
        )
        return PrivateKeyJWTOAuthProvider(
            server_url=url,
            storage=storage,
            client_id=context["client_id"],
            assertion_provider=signer.create_assertion_provider(),
        )
    if scenario is not None and "client_id" in context:
        secret = context.get("client_secret")
        await storage.set_client_info(
            OAuthClientInformationFull(
                client_id=context["client_id"],
                client_secret=secret,
                redirect_uris=[REDIRECT_URI],
                token_endpoint_auth_method="client_secret_basic" if secret else "none",
            )
        )
    return OAuthClientProvider(
        server_url=url,
        client_metadata=OAuthClientMetadata(
            client_name="mcp-auth-harness python interop driver",
            redirect_uris=[REDIRECT_URI],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        ),
        storage=storage,
        redirect_handler=browser.redirect_handler,
        callback_handler=browser.callback_handler,
        client_metadata_url=CONFORMANCE_CIMD_URL if scenario is not None else None,
    )


async def run(url: str, tool: str, mode: str) -> dict:
    browser = HeadlessBrowser()
    provider = await provider_for(url, browser)
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
