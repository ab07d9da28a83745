"""An MCP server protected by the Python MCP SDK's own resource-server auth (PyPI `mcp`,
pinned in `requirements.txt`), trusting an authorization server it is told about: the
harness's. A test fixture: the harness probes it to measure what the SDK does with tokens, so
the glue here is as thin as the SDK allows.

Usage: python rs_server.py   (configured by the environment)

  MCP_PORT           port to listen on, 127.0.0.1 only (required)
  AUTH_ISSUER        issuer of the trusted authorization server (required)
  INTROSPECTION_URL  its RFC 7662 endpoint (default: AUTH_ISSUER + /introspect, as the
                     SDK's example derives it)
  RESOURCE_URL       this server's resource identifier, the `aud` tokens must name
                     (default: http://127.0.0.1:MCP_PORT/mcp)
  REQUIRED_SCOPES    space-separated scopes every MCP request needs (default: mcp:tools;
                     empty: none)

Prints `READY http://127.0.0.1:PORT/mcp` on stdout once listening, and nothing else there;
exits 1 with a message on stderr when the configuration is unusable. Never prints tokens.

Every choice, and where it comes from (the SDK's example resource server is
examples/servers/simple-auth/mcp_simple_auth/{server,token_verifier}.py in
modelcontextprotocol/python-sdk; the PyPI package ships no examples):
- Server: `MCPServer` with `token_verifier` and `AuthSettings(issuer_url=AUTH_ISSUER,
  resource_server_url=RESOURCE_URL, required_scopes=REQUIRED_SCOPES)`, as the example
  (but given as strings, see `build`);
  plus `validate_token_resource=True`, the SDK's own audience check (2.3.0 warns when it is
  unset and makes it the default in 3.0): the token verifier's `AccessToken.resource` must
  equal RESOURCE_URL compared as URLs, one trailing slash aside.
- Token verification: `IntrospectionTokenVerifier` is the example's, check for check, with
  `validate_resource=True` (its `--oauth-strict`): introspection endpoints other than
  https, http://localhost and http://127.0.0.1 are refused; POST `token=...`
  form-encoded, no client authentication, 10 s timeout; anything but 200, `active` not
  true, or any exception means "no token" (so 401); with `validate_resource` the `aud`
  (one string or any entry of a list) must pass the SDK's `check_resource_allowed`, a
  same-origin path-prefix match. `client_id`, `scope`, `exp`, `aud` (as `resource`), `sub`
  are copied into the `AccessToken`; `iss` is not checked, as in the example. The SDK
  then refuses an `AccessToken` whose `expires_at` has passed.
- Scopes: the SDK has no per-tool scopes; `required_scopes` applies to the whole
  endpoint (a token lacking one gets the SDK's 403 `insufficient_scope`) and is also what
  PRM advertises as `scopes_supported`. The example requires `user`; this server requires
  REQUIRED_SCOPES.
- Transport: Streamable HTTP at /mcp (`streamable_http_app(host="127.0.0.1")`, so the SDK's
  Host/Origin checks for loopback are on), served by uvicorn on 127.0.0.1 only (the
  example's `run(...)` does the same with its host). One tool, `whoami`, answering with the
  client id and scopes the SDK attached to the request.
"""

import asyncio
import json
import logging
import os
import sys
from typing import Any

import httpx2
import uvicorn
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from mcp.shared.auth_utils import check_resource_allowed, resource_url_from_server_url

HOST = "127.0.0.1"
logger = logging.getLogger("rs_server")


class IntrospectionTokenVerifier(TokenVerifier):
    """The SDK example's introspection verifier (see the module docstring), kept as the
    example has it, on purpose: the harness measures the recipe the SDK ships."""

    def __init__(self, introspection_endpoint: str, server_url: str, validate_resource: bool = False):
        self.introspection_endpoint = introspection_endpoint
        self.server_url = server_url
        self.validate_resource = validate_resource
        self.resource_url = resource_url_from_server_url(server_url)

    async def verify_token(self, token: str) -> AccessToken | None:
        if not self.introspection_endpoint.startswith(("https://", "http://localhost", "http://127.0.0.1")):
            logger.warning("Rejecting introspection endpoint with unsafe scheme: %s", self.introspection_endpoint)
            return None
        timeout = httpx2.Timeout(10.0, connect=5.0)
        limits = httpx2.Limits(max_connections=10, max_keepalive_connections=5)
        async with httpx2.AsyncClient(timeout=timeout, limits=limits, verify=True) as client:
            try:
                response = await client.post(
                    self.introspection_endpoint,
                    data={"token": token},
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
                if response.status_code != 200:
                    return None
                data = response.json()
                if not data.get("active", False):
                    return None
                if self.validate_resource and not self._validate_resource(data):
                    logger.warning("Token resource validation failed. Expected: %s", self.resource_url)
                    return None
                return AccessToken(
                    token=token,
                    client_id=data.get("client_id", "unknown"),
                    scopes=data.get("scope", "").split() if data.get("scope") else [],
                    expires_at=data.get("exp"),
                    resource=data.get("aud"),
                    subject=data.get("sub"),
                    claims=data,
                )
            except Exception as e:  # the example's: any failure is "no token"
                logger.warning("Token introspection failed: %s", e)
                return None

    def _validate_resource(self, token_data: dict[str, Any]) -> bool:
        if not self.server_url or not self.resource_url:
            return False
        aud: list[str] | str | None = token_data.get("aud")
        if isinstance(aud, list):
            return any(self._is_valid_resource(audience) for audience in aud)
        if aud:
            return self._is_valid_resource(aud)
        return False

    def _is_valid_resource(self, resource: str) -> bool:
        if not self.resource_url:
            return False
        return check_resource_allowed(requested_resource=self.resource_url, configured_resource=resource)


def fail(message: str) -> None:
    sys.stderr.write(f"rs_server.py: {message}\n")
    sys.exit(1)


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        fail(f"{name} is not set")
    return value


def build(port: int) -> MCPServer:
    issuer = required("AUTH_ISSUER")
    resource = os.environ.get("RESOURCE_URL") or f"http://{HOST}:{port}/mcp"
    introspection = os.environ.get("INTROSPECTION_URL") or f"{issuer.rstrip('/')}/introspect"
    scopes = os.environ.get("REQUIRED_SCOPES", "mcp:tools").split()
    server = MCPServer(
        name="mcp-auth-harness-python-rs",
        token_verifier=IntrospectionTokenVerifier(introspection, resource, validate_resource=True),
        auth=AuthSettings(
            # Strings, not `AnyHttpUrl(...)` as the example has it: `AuthSettings` keeps a
            # path-less issuer exactly as given only when it parses the string itself
            # (`AnyHttpUrl("http://h:1")` becomes "http://h:1/", which PRM would then name
            # as the authorization server, unequal to the issuer).
            issuer_url=issuer,  # type: ignore[arg-type]
            resource_server_url=resource,  # type: ignore[arg-type]
            required_scopes=scopes or None,
            validate_token_resource=True,
        ),
    )

    @server.tool()
    async def whoami() -> str:
        """The client id and scopes of the token this request carried."""
        token = get_access_token()
        return json.dumps({"client_id": token.client_id if token else None, "scopes": token.scopes if token else []})

    return server


async def serve(port: int) -> None:
    app = build(port).streamable_http_app(host=HOST)
    config = uvicorn.Config(app, host=HOST, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    # uvicorn sets `started` once the socket listens; READY must not come earlier.
    while not server.started:
        if task.done():
            await task
            fail(f"cannot listen on {HOST}:{port}")
        await asyncio.sleep(0.05)
    sys.stdout.write(f"READY http://{HOST}:{port}/mcp\n")
    sys.stdout.flush()
    await task


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        port = int(required("MCP_PORT"))
    except ValueError:
        fail("MCP_PORT is not a port")
    if not 0 < port < 65536:
        fail("MCP_PORT is not a port")
    asyncio.run(serve(port))


if __name__ == "__main__":
    main()
