//! The requirement catalogue: every row of `shared/spec/requirements.md`, with the role,
//! level, spec versions, requirement text, sources and test method its table gives.
//!
//! Generated from the catalogue by `tools/gen-requirements.py`; the test
//! `catalogue_matches_the_spec` fails when the two drift apart. Each ID is also a constant so
//! that code naming a requirement is checked by the compiler.

use crate::finding::RequirementId;

/// One row of the catalogue, as its table states it (the level column is free text there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueRow {
    pub id: RequirementId,
    pub role: &'static str,
    pub level: &'static str,
    pub versions: &'static str,
    /// The requirement, as the catalogue words it (Markdown).
    pub requirement: &'static str,
    /// Where the spec says it (spec and RFC sections).
    pub sources: &'static str,
    /// How the catalogue says to test it, with its pass and fail rules (Markdown).
    pub test: &'static str,
}

pub const RS_401_NOAUTH: RequirementId = RequirementId::new("RS-401-NOAUTH");
pub const RS_401_WWWAUTH: RequirementId = RequirementId::new("RS-401-WWWAUTH");
pub const RS_401_BEARER_PARAMS: RequirementId = RequirementId::new("RS-401-BEARER-PARAMS");
pub const RS_401_RESOURCE_METADATA: RequirementId = RequirementId::new("RS-401-RESOURCE-METADATA");
pub const RS_PRM_DISCOVERABLE: RequirementId = RequirementId::new("RS-PRM-DISCOVERABLE");
pub const RS_401_NO_ERROR_WITHOUT_TOKEN: RequirementId =
    RequirementId::new("RS-401-NO-ERROR-WITHOUT-TOKEN");
pub const RS_401_SCOPE_HINT: RequirementId = RequirementId::new("RS-401-SCOPE-HINT");
pub const RS_WWWAUTH_SYNTAX: RequirementId = RequirementId::new("RS-WWWAUTH-SYNTAX");
pub const RS_WWWAUTH_HOST_INJECTION: RequirementId =
    RequirementId::new("RS-WWWAUTH-HOST-INJECTION");
pub const RS_ERROR_STATUS_TABLE: RequirementId = RequirementId::new("RS-ERROR-STATUS-TABLE");
pub const RS_PRM_WELLKNOWN_PATH: RequirementId = RequirementId::new("RS-PRM-WELLKNOWN-PATH");
pub const RS_PRM_HTTP: RequirementId = RequirementId::new("RS-PRM-HTTP");
pub const RS_PRM_RESOURCE: RequirementId = RequirementId::new("RS-PRM-RESOURCE");
pub const RS_PRM_AS_NONEMPTY: RequirementId = RequirementId::new("RS-PRM-AS-NONEMPTY");
pub const RS_PRM_TYPES: RequirementId = RequirementId::new("RS-PRM-TYPES");
pub const RS_PRM_BEARER_METHODS: RequirementId = RequirementId::new("RS-PRM-BEARER-METHODS");
pub const RS_PRM_SCOPES: RequirementId = RequirementId::new("RS-PRM-SCOPES");
pub const RS_PRM_SIGNED: RequirementId = RequirementId::new("RS-PRM-SIGNED");
pub const RS_PRM_HTTPS: RequirementId = RequirementId::new("RS-PRM-HTTPS");
pub const RS_TOKEN_VALID: RequirementId = RequirementId::new("RS-TOKEN-VALID");
pub const RS_TOKEN_GARBAGE: RequirementId = RequirementId::new("RS-TOKEN-GARBAGE");
pub const RS_TOKEN_EXPIRED: RequirementId = RequirementId::new("RS-TOKEN-EXPIRED");
pub const RS_TOKEN_EXP_REQUIRED: RequirementId = RequirementId::new("RS-TOKEN-EXP-REQUIRED");
pub const RS_TOKEN_NOT_YET_VALID: RequirementId = RequirementId::new("RS-TOKEN-NOT-YET-VALID");
pub const RS_TOKEN_AUDIENCE: RequirementId = RequirementId::new("RS-TOKEN-AUDIENCE");
pub const RS_TOKEN_ISSUER: RequirementId = RequirementId::new("RS-TOKEN-ISSUER");
pub const RS_TOKEN_SIGNATURE: RequirementId = RequirementId::new("RS-TOKEN-SIGNATURE");
pub const RS_TOKEN_TYPE: RequirementId = RequirementId::new("RS-TOKEN-TYPE");
pub const RS_TOKEN_INACTIVE: RequirementId = RequirementId::new("RS-TOKEN-INACTIVE");
pub const RS_TOKEN_QUERY_IGNORED: RequirementId = RequirementId::new("RS-TOKEN-QUERY-IGNORED");
pub const RS_TOKEN_JSON_BODY_IGNORED: RequirementId =
    RequirementId::new("RS-TOKEN-JSON-BODY-IGNORED");
pub const RS_TOKEN_MULTI_METHOD: RequirementId = RequirementId::new("RS-TOKEN-MULTI-METHOD");
pub const RS_BEARER_CASE: RequirementId = RequirementId::new("RS-BEARER-CASE");
pub const RS_BEARER_SYNTAX: RequirementId = RequirementId::new("RS-BEARER-SYNTAX");
pub const RS_OTHER_SCHEME: RequirementId = RequirementId::new("RS-OTHER-SCHEME");
pub const RS_AUTH_EVERY_REQUEST: RequirementId = RequirementId::new("RS-AUTH-EVERY-REQUEST");
pub const RS_SESSION_USER_BINDING: RequirementId = RequirementId::new("RS-SESSION-USER-BINDING");
pub const RS_SESSION_ID_ENTROPY: RequirementId = RequirementId::new("RS-SESSION-ID-ENTROPY");
pub const RS_STATE_HANDLE: RequirementId = RequirementId::new("RS-STATE-HANDLE");
pub const RS_403_INSUFFICIENT_SCOPE: RequirementId =
    RequirementId::new("RS-403-INSUFFICIENT-SCOPE");
pub const RS_403_SCOPE_PARAM: RequirementId = RequirementId::new("RS-403-SCOPE-PARAM");
pub const RS_403_SINGLE_CHALLENGE: RequirementId = RequirementId::new("RS-403-SINGLE-CHALLENGE");
pub const RS_403_RESOURCE_METADATA: RequirementId = RequirementId::new("RS-403-RESOURCE-METADATA");
pub const RS_SCOPE_HIERARCHY: RequirementId = RequirementId::new("RS-SCOPE-HIERARCHY");
pub const RS_SCOPE_DOWNSCOPED: RequirementId = RequirementId::new("RS-SCOPE-DOWNSCOPED");
pub const RS_NO_TOKEN_PASSTHROUGH: RequirementId = RequirementId::new("RS-NO-TOKEN-PASSTHROUGH");
pub const RS_ORIGIN_VALIDATION: RequirementId = RequirementId::new("RS-ORIGIN-VALIDATION");
pub const RS_LOCAL_BIND: RequirementId = RequirementId::new("RS-LOCAL-BIND");
pub const RS_HTTPS_ENDPOINT: RequirementId = RequirementId::new("RS-HTTPS-ENDPOINT");
pub const RS_URL_ELICIT_NOT_AUTHN: RequirementId = RequirementId::new("RS-URL-ELICIT-NOT-AUTHN");
pub const RS03_ASMETA_ORIGIN: RequirementId = RequirementId::new("RS03-ASMETA-ORIGIN");
pub const RS03_DEFAULT_ENDPOINTS: RequirementId = RequirementId::new("RS03-DEFAULT-ENDPOINTS");
pub const RS03_REDIRECT_VALIDATION: RequirementId = RequirementId::new("RS03-REDIRECT-VALIDATION");
pub const RS03_3P_BINDING: RequirementId = RequirementId::new("RS03-3P-BINDING");
pub const C_401_STARTS_AUTH: RequirementId = RequirementId::new("C-401-STARTS-AUTH");
pub const C_WWWAUTH_PARSE: RequirementId = RequirementId::new("C-WWWAUTH-PARSE");
pub const C_PRM_USE_HEADER: RequirementId = RequirementId::new("C-PRM-USE-HEADER");
pub const C_PRM_FALLBACK_ORDER: RequirementId = RequirementId::new("C-PRM-FALLBACK-ORDER");
pub const C_PRM_NOT_FOUND_HANDLING: RequirementId = RequirementId::new("C-PRM-NOT-FOUND-HANDLING");
pub const C_PRM_ALL_FAIL: RequirementId = RequirementId::new("C-PRM-ALL-FAIL");
pub const C_PRM_200_JSON_ONLY: RequirementId = RequirementId::new("C-PRM-200-JSON-ONLY");
pub const C_PRM_RESOURCE_MATCH: RequirementId = RequirementId::new("C-PRM-RESOURCE-MATCH");
pub const C_PRM_CROSS_RESOURCE: RequirementId = RequirementId::new("C-PRM-CROSS-RESOURCE");
pub const C_PRM_AS_VALIDATION: RequirementId = RequirementId::new("C-PRM-AS-VALIDATION");
pub const C_PRM_MULTI_AS: RequirementId = RequirementId::new("C-PRM-MULTI-AS");
pub const C_PRM_REFETCH_ON_CHANGE: RequirementId = RequirementId::new("C-PRM-REFETCH-ON-CHANGE");
pub const C_DISC_SSRF: RequirementId = RequirementId::new("C-DISC-SSRF");
pub const C_DISC_HOSTILE_DOCS: RequirementId = RequirementId::new("C-DISC-HOSTILE-DOCS");
pub const C_ASMETA_03_ORIGIN: RequirementId = RequirementId::new("C-ASMETA-03-ORIGIN");
pub const C_ASMETA_03_DEFAULTS: RequirementId = RequirementId::new("C-ASMETA-03-DEFAULTS");
pub const C_ASMETA_RFC8414_PATH: RequirementId = RequirementId::new("C-ASMETA-RFC8414-PATH");
pub const C_ASMETA_ORDER_PATH: RequirementId = RequirementId::new("C-ASMETA-ORDER-PATH");
pub const C_ASMETA_ORDER_ROOT: RequirementId = RequirementId::new("C-ASMETA-ORDER-ROOT");
pub const C_ASMETA_OIDC: RequirementId = RequirementId::new("C-ASMETA-OIDC");
pub const C_ASMETA_ISSUER_MATCH: RequirementId = RequirementId::new("C-ASMETA-ISSUER-MATCH");
pub const C_ASMETA_REQUIRED_FIELDS: RequirementId = RequirementId::new("C-ASMETA-REQUIRED-FIELDS");
pub const C_ASMETA_ENDPOINT_SCHEMES: RequirementId =
    RequirementId::new("C-ASMETA-ENDPOINT-SCHEMES");
pub const C_AUTHURL_NO_SHELL: RequirementId = RequirementId::new("C-AUTHURL-NO-SHELL");
pub const C_ASMETA_TLS: RequirementId = RequirementId::new("C-ASMETA-TLS");
pub const C_PKCE_USED: RequirementId = RequirementId::new("C-PKCE-USED");
pub const C_PKCE_S256: RequirementId = RequirementId::new("C-PKCE-S256");
pub const C_PKCE_VERIFIER_FORMAT: RequirementId = RequirementId::new("C-PKCE-VERIFIER-FORMAT");
pub const C_PKCE_FRESH: RequirementId = RequirementId::new("C-PKCE-FRESH");
pub const C_PKCE_METADATA_REQUIRED: RequirementId = RequirementId::new("C-PKCE-METADATA-REQUIRED");
pub const C_PKCE_NO_S256_ADVERTISED: RequirementId =
    RequirementId::new("C-PKCE-NO-S256-ADVERTISED");
pub const C_PKCE_NO_DOWNGRADE_ON_ERROR: RequirementId =
    RequirementId::new("C-PKCE-NO-DOWNGRADE-ON-ERROR");
pub const C_RES_AUTHZ: RequirementId = RequirementId::new("C-RES-AUTHZ");
pub const C_RES_TOKEN: RequirementId = RequirementId::new("C-RES-TOKEN");
pub const C_RES_CANONICAL: RequirementId = RequirementId::new("C-RES-CANONICAL");
pub const C_RES_ALWAYS: RequirementId = RequirementId::new("C-RES-ALWAYS");
pub const C_RES_CONSISTENT: RequirementId = RequirementId::new("C-RES-CONSISTENT");
pub const C_RES_INVALID_TARGET: RequirementId = RequirementId::new("C-RES-INVALID-TARGET");
pub const C_SCOPE_FROM_CHALLENGE: RequirementId = RequirementId::new("C-SCOPE-FROM-CHALLENGE");
pub const C_SCOPE_FROM_PRM: RequirementId = RequirementId::new("C-SCOPE-FROM-PRM");
pub const C_SCOPE_OMIT: RequirementId = RequirementId::new("C-SCOPE-OMIT");
pub const C_SCOPE_AUTHORITATIVE: RequirementId = RequirementId::new("C-SCOPE-AUTHORITATIVE");
pub const C_SCOPE_STEPUP: RequirementId = RequirementId::new("C-SCOPE-STEPUP");
pub const C_SCOPE_UNION: RequirementId = RequirementId::new("C-SCOPE-UNION");
pub const C_SCOPE_RETRY_LIMIT: RequirementId = RequirementId::new("C-SCOPE-RETRY-LIMIT");
pub const C_SCOPE_PARTIAL_GRANT: RequirementId = RequirementId::new("C-SCOPE-PARTIAL-GRANT");
pub const C_SCOPE_OFFLINE_ACCESS: RequirementId = RequirementId::new("C-SCOPE-OFFLINE-ACCESS");
pub const C_TOK_HEADER_EVERY_REQUEST: RequirementId =
    RequirementId::new("C-TOK-HEADER-EVERY-REQUEST");
pub const C_TOK_NO_QUERY: RequirementId = RequirementId::new("C-TOK-NO-QUERY");
pub const C_TOK_ONLY_FROM_SERVERS_AS: RequirementId =
    RequirementId::new("C-TOK-ONLY-FROM-SERVERS-AS");
pub const C_TOK_ICON_NO_CREDENTIALS: RequirementId =
    RequirementId::new("C-TOK-ICON-NO-CREDENTIALS");
pub const C_TOK_REFRESH_ROTATION: RequirementId = RequirementId::new("C-TOK-REFRESH-ROTATION");
pub const C_TOK_NO_RT_ASSUMPTION: RequirementId = RequirementId::new("C-TOK-NO-RT-ASSUMPTION");
pub const C_TOK_EARLY_EXPIRY: RequirementId = RequirementId::new("C-TOK-EARLY-EXPIRY");
pub const C_TOK_RESPONSE_PARSING: RequirementId = RequirementId::new("C-TOK-RESPONSE-PARSING");
pub const C_TOK_STORAGE: RequirementId = RequirementId::new("C-TOK-STORAGE");
pub const C_AUTHZ_REQUEST_SHAPE: RequirementId = RequirementId::new("C-AUTHZ-REQUEST-SHAPE");
pub const C_STATE: RequirementId = RequirementId::new("C-STATE");
pub const C_CALLBACK_UNSOLICITED: RequirementId = RequirementId::new("C-CALLBACK-UNSOLICITED");
pub const C_ISS_RECORD: RequirementId = RequirementId::new("C-ISS-RECORD");
pub const C_ISS_ADVERTISED_OK: RequirementId = RequirementId::new("C-ISS-ADVERTISED-OK");
pub const C_ISS_ADVERTISED_MISSING: RequirementId = RequirementId::new("C-ISS-ADVERTISED-MISSING");
pub const C_ISS_MISMATCH: RequirementId = RequirementId::new("C-ISS-MISMATCH");
pub const C_ISS_UNADVERTISED_ABSENT: RequirementId =
    RequirementId::new("C-ISS-UNADVERTISED-ABSENT");
pub const C_ISS_NO_NORMALIZATION: RequirementId = RequirementId::new("C-ISS-NO-NORMALIZATION");
pub const C_ISS_ERROR_RESPONSES: RequirementId = RequirementId::new("C-ISS-ERROR-RESPONSES");
pub const C_MIXUP_TOKEN_ENDPOINT: RequirementId = RequirementId::new("C-MIXUP-TOKEN-ENDPOINT");
pub const C_REDIRECT_REGISTERED: RequirementId = RequirementId::new("C-REDIRECT-REGISTERED");
pub const C_REDIRECT_SCHEME: RequirementId = RequirementId::new("C-REDIRECT-SCHEME");
pub const C_REDIRECT_LISTENER: RequirementId = RequirementId::new("C-REDIRECT-LISTENER");
pub const C_NO_OPEN_REDIRECTOR: RequirementId = RequirementId::new("C-NO-OPEN-REDIRECTOR");
pub const C_REG_PRIORITY: RequirementId = RequirementId::new("C-REG-PRIORITY");
pub const C_REG_PREREG: RequirementId = RequirementId::new("C-REG-PREREG");
pub const C_REG_CIMD_CLIENT_ID: RequirementId = RequirementId::new("C-REG-CIMD-CLIENT-ID");
pub const C_REG_CIMD_DOCUMENT: RequirementId = RequirementId::new("C-REG-CIMD-DOCUMENT");
pub const C_REG_CIMD_CAPABILITY_CHECK: RequirementId =
    RequirementId::new("C-REG-CIMD-CAPABILITY-CHECK");
pub const C_REG_CIMD_PRIVATE_KEY_JWT: RequirementId =
    RequirementId::new("C-REG-CIMD-PRIVATE-KEY-JWT");
pub const C_REG_DCR_REQUEST: RequirementId = RequirementId::new("C-REG-DCR-REQUEST");
pub const C_REG_DCR_APPLICATION_TYPE: RequirementId =
    RequirementId::new("C-REG-DCR-APPLICATION-TYPE");
pub const C_REG_DCR_RESPONSE: RequirementId = RequirementId::new("C-REG-DCR-RESPONSE");
pub const C_REG_DCR_ERRORS: RequirementId = RequirementId::new("C-REG-DCR-ERRORS");
pub const C_REG_AS_BINDING: RequirementId = RequirementId::new("C-REG-AS-BINDING");
pub const C_REG_03_DEFAULT: RequirementId = RequirementId::new("C-REG-03-DEFAULT");
pub const C_STDIO_NO_OAUTH: RequirementId = RequirementId::new("C-STDIO-NO-OAUTH");
pub const C_LOCAL_SERVER_CONSENT: RequirementId = RequirementId::new("C-LOCAL-SERVER-CONSENT");
pub const C_URL_ELICITATION_HANDLING: RequirementId =
    RequirementId::new("C-URL-ELICITATION-HANDLING");
pub const AS_META_PUBLISHED: RequirementId = RequirementId::new("AS-META-PUBLISHED");
pub const AS_META_ISSUER: RequirementId = RequirementId::new("AS-META-ISSUER");
pub const AS_META_REQUIRED: RequirementId = RequirementId::new("AS-META-REQUIRED");
pub const AS_META_PKCE: RequirementId = RequirementId::new("AS-META-PKCE");
pub const AS_META_HTTPS: RequirementId = RequirementId::new("AS-META-HTTPS");
pub const AS_META_CIMD_FLAG: RequirementId = RequirementId::new("AS-META-CIMD-FLAG");
pub const AS_META_ISS_FLAG: RequirementId = RequirementId::new("AS-META-ISS-FLAG");
pub const AS_PKCE_REQUIRED: RequirementId = RequirementId::new("AS-PKCE-REQUIRED");
pub const AS_NO_IMPLICIT: RequirementId = RequirementId::new("AS-NO-IMPLICIT");
pub const AS_PKCE_S256: RequirementId = RequirementId::new("AS-PKCE-S256");
pub const AS_PKCE_VERIFY: RequirementId = RequirementId::new("AS-PKCE-VERIFY");
pub const AS_REDIRECT_EXACT: RequirementId = RequirementId::new("AS-REDIRECT-EXACT");
pub const AS_REDIRECT_NO_AUTO: RequirementId = RequirementId::new("AS-REDIRECT-NO-AUTO");
pub const AS_OPEN_REDIRECT: RequirementId = RequirementId::new("AS-OPEN-REDIRECT");
pub const AS_CODE_SINGLE_USE: RequirementId = RequirementId::new("AS-CODE-SINGLE-USE");
pub const AS_CODE_BINDING: RequirementId = RequirementId::new("AS-CODE-BINDING");
pub const AS_TOKEN_RESPONSE: RequirementId = RequirementId::new("AS-TOKEN-RESPONSE");
pub const AS_TOKEN_ERRORS: RequirementId = RequirementId::new("AS-TOKEN-ERRORS");
pub const AS_RESOURCE_AUDIENCE: RequirementId = RequirementId::new("AS-RESOURCE-AUDIENCE");
pub const AS_RT_ROTATION: RequirementId = RequirementId::new("AS-RT-ROTATION");
pub const AS_RT_SCOPE: RequirementId = RequirementId::new("AS-RT-SCOPE");
pub const AS_SHORT_LIVED: RequirementId = RequirementId::new("AS-SHORT-LIVED");
pub const AS_ISS_IN_RESPONSE: RequirementId = RequirementId::new("AS-ISS-IN-RESPONSE");
pub const AS_NO_307: RequirementId = RequirementId::new("AS-NO-307");
pub const AS_DCR_RESPONSE: RequirementId = RequirementId::new("AS-DCR-RESPONSE");
pub const AS_DCR_ERRORS: RequirementId = RequirementId::new("AS-DCR-ERRORS");
pub const AS_DCR_REDIRECT_SCHEME: RequirementId = RequirementId::new("AS-DCR-REDIRECT-SCHEME");
pub const AS_DCR_APPTYPE_CONSTRAINTS: RequirementId =
    RequirementId::new("AS-DCR-APPTYPE-CONSTRAINTS");
pub const AS_CIMD_FETCH: RequirementId = RequirementId::new("AS-CIMD-FETCH");
pub const AS_CIMD_ID_MATCH: RequirementId = RequirementId::new("AS-CIMD-ID-MATCH");
pub const AS_CIMD_REDIRECT: RequirementId = RequirementId::new("AS-CIMD-REDIRECT");
pub const AS_CIMD_STRUCTURE: RequirementId = RequirementId::new("AS-CIMD-STRUCTURE");
pub const AS_CIMD_NO_SECRETS: RequirementId = RequirementId::new("AS-CIMD-NO-SECRETS");
pub const AS_CIMD_SSRF: RequirementId = RequirementId::new("AS-CIMD-SSRF");
pub const AS_CIMD_LIMITS: RequirementId = RequirementId::new("AS-CIMD-LIMITS");
pub const AS_CIMD_DISPLAY: RequirementId = RequirementId::new("AS-CIMD-DISPLAY");
pub const PX_CONSENT_PER_CLIENT: RequirementId = RequirementId::new("PX-CONSENT-PER-CLIENT");
pub const PX_CONSENT_UI: RequirementId = RequirementId::new("PX-CONSENT-UI");
pub const PX_CONSENT_COOKIE: RequirementId = RequirementId::new("PX-CONSENT-COOKIE");
pub const PX_REDIRECT_EXACT: RequirementId = RequirementId::new("PX-REDIRECT-EXACT");
pub const PX_STATE: RequirementId = RequirementId::new("PX-STATE");

/// Every row, in catalogue order.
pub const CATALOGUE: &[CatalogueRow] = &[
    CatalogueRow {
        id: RS_401_NOAUTH,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "When authorization is required and no credentials are presented, respond **401**.",
        sources: "MCP-03 §Example auth code grant; MCP-06+ §Error Handling; O21 §5.3",
        test: "Send an MCP POST to `R` with no `Authorization`. Also (03–11) GET `R` (SSE) and DELETE `R` with a session id. **Pass:** 401 each time (405 acceptable for GET/DELETE when the server offers no such endpoint). **Fail:** 2xx, 3xx to a login page, 403, 404, 5xx.",
    },
    CatalogueRow {
        id: RS_401_WWWAUTH,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "A 401 carries `WWW-Authenticate` with ≥1 challenge; the bearer challenge uses scheme `Bearer`.",
        sources: "RFC 9110 §15.5.2; O21 §5.3.1; RFC 6750 §3",
        test: "Same request. **Pass:** ≥1 `WWW-Authenticate` field parsing per §4.1 with a `Bearer` challenge (scheme case-insensitive; extra challenges such as `DPoP` allowed). **Fail:** header missing, unparsable, no Bearer challenge.",
    },
    CatalogueRow {
        id: RS_401_BEARER_PARAMS,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "The `Bearer` scheme is followed by one or more auth-params (a bare `Bearer` is non-conformant).",
        sources: "RFC 6750 §3; O21 §5.3.1",
        test: "Inspect the Bearer challenge. **Pass:** ≥1 auth-param. **Fail:** bare `Bearer` or token68 form. (11+: report as minor if PRM is still discoverable via well-known.)",
    },
    CatalogueRow {
        id: RS_401_RESOURCE_METADATA,
        role: "RS",
        level: "MUST",
        versions: "06",
        requirement: "401 `WWW-Authenticate` includes `resource_metadata` = URL of the PRM document.",
        sources: "MCP-06 §Authorization Server Location; RFC 9728 §5.1",
        test: "**Pass:** `resource_metadata` present, absolute `https` URL (loopback `http` only in dev profile), and GET on it satisfies RS-PRM-HTTP/-RESOURCE/-AS. **Fail:** absent, relative, non-https, 4xx/5xx, invalid document.",
    },
    CatalogueRow {
        id: RS_PRM_DISCOVERABLE,
        role: "RS",
        level: "MUST",
        versions: "11+",
        requirement: "Server offers PRM through **at least one** of: `resource_metadata` in the 401 challenge, or well-known URI (path-inserted or root).",
        sources: "MCP-11 §PRM Discovery Requirements; MCP-07 asd §PRM Discovery",
        test: "Probe all three (header URL; `O/.well-known/oauth-protected-resource<path of R>`; `O/.well-known/oauth-protected-resource`). **Pass:** at least one yields a valid PRM; if the header is present its URL MUST be the one that works (clients do not fall back after a header). **Fail:** none valid, or header present but broken. Record which mechanisms exist.",
    },
    CatalogueRow {
        id: RS_401_NO_ERROR_WITHOUT_TOKEN,
        role: "RS",
        level: "SHOULD NOT",
        versions: "03+",
        requirement: "If the request carried no authentication, the challenge SHOULD NOT include `error`/error information.",
        sources: "RFC 6750 §3.1; O21 §5.3.2",
        test: "No-token request. **Pass:** no `error`, `error_description`, `error_uri`. **Fail:** `error=\"invalid_token\"` etc. on an anonymous request.",
    },
    CatalogueRow {
        id: RS_401_SCOPE_HINT,
        role: "RS",
        level: "SHOULD",
        versions: "11+",
        requirement: "401 challenge includes `scope` with the scopes needed for the resource.",
        sources: "MCP-11 §PRM Discovery Requirements; MCP-07 idx §Scope Selection Strategy; RFC 6750 §3",
        test: "**Pass:** `scope` present, space-delimited scope-tokens in the §4.2 charset. **Info:** absent (clients then use `scopes_supported`).",
    },
    CatalogueRow {
        id: RS_WWWAUTH_SYNTAX,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "Every emitted challenge is well-formed: each param at most once; `realm` only as quoted-string; `scope`/`error`/`error_description`/`error_uri` values inside their charsets.",
        sources: "RFC 9110 §11.2, §11.5; RFC 6750 §3; O21 §5.3.1",
        test: "Run a strict §4.1 parser over every `WWW-Authenticate` the target emits (401, 403, 400). **Fail:** duplicate params, unbalanced quotes, illegal characters, CR/LF, non-ASCII in restricted params, `resource_metadata` not an absolute URL.",
    },
    CatalogueRow {
        id: RS_WWWAUTH_HOST_INJECTION,
        role: "RS",
        level: "(robust)",
        versions: "06+",
        requirement: "Values derived from the request (Host, X-Forwarded-*, path) must not let a caller rewrite the advertised PRM URL or break out of a quoted-string.",
        sources: "RFC 9728 §7.3 (impersonation); RFC 9110 §5.6.4",
        test: "Send anonymous requests with `Host: evil.example`, `Host: mcp.example.test\", x=\"`, `X-Forwarded-Host: evil.example`. **Pass:** `resource_metadata` still points at the genuine origin (or request rejected) and the header still parses. **Fail:** attacker host reflected into `resource_metadata`, or header syntax broken.",
    },
    CatalogueRow {
        id: RS_ERROR_STATUS_TABLE,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "Status codes: 401 = authorization required / token invalid; 403 = insufficient scope or permissions; 400 = malformed authorization request.",
        sources: "MCP-03+ §Error Handling",
        test: "Aggregate of the RS-TOKEN-* and RS-403-* results: any 5xx or 200 where 401/403/400 is expected fails.",
    },
    CatalogueRow {
        id: RS_PRM_WELLKNOWN_PATH,
        role: "RS",
        level: "MUST (RFC 9728) / one-of (MCP 11+)",
        versions: "06+",
        requirement: "A resource that publishes metadata serves it at the URL formed by inserting `/.well-known/oauth-protected-resource` between host and path of its resource identifier.",
        sources: "RFC 9728 §3, §3.1; MCP-11 §PRM Discovery (either path or root)",
        test: "GET `O/.well-known/oauth-protected-resource/mcp` for `R=O/mcp` (construction rules in §3). **Pass (06 strict):** valid PRM. **11+:** pass if this or the root or the header works (see RS-PRM-DISCOVERABLE); report which.",
    },
    CatalogueRow {
        id: RS_PRM_HTTP,
        role: "RS",
        level: "MUST",
        versions: "06+",
        requirement: "Success is **200** with a JSON object, media type `application/json`; fetched with GET; must be reachable without a token.",
        sources: "RFC 9728 §3.1, §3.2",
        test: "GET the PRM URL anonymously. **Pass:** 200, `Content-Type: application/json` (params like charset allowed), body a JSON object. **Fail:** 401 on PRM (breaks discovery — derived), 3xx, HTML, JSON array, `text/plain`.",
    },
    CatalogueRow {
        id: RS_PRM_RESOURCE,
        role: "RS",
        level: "MUST",
        versions: "06+",
        requirement: "`resource` is present and **identical** to the resource identifier the well-known URL was derived from; when reached via `resource_metadata`, identical to the URL the client requested. It is an https URL without fragment (SHOULD NOT have a query).",
        sources: "RFC 9728 §1.2, §2, §3.3; MCP-06+ §Canonical Server URI",
        test: "Compare code-point exactly (RFC 9728 §6) with `R` (header/path-inserted) and with `O` (root doc). **Pass (strict):** identical. **Lenient profile:** same origin and `resource` path is a prefix of `R`'s path (what MCP SDKs and draft-mcguinness-oauth-rfc9728bis accept) → pass-with-warning. **Fail:** other origin, missing, fragment, non-string.",
    },
    CatalogueRow {
        id: RS_PRM_AS_NONEMPTY,
        role: "RS",
        level: "MUST",
        versions: "06+",
        requirement: "PRM includes `authorization_servers` with at least one AS issuer identifier.",
        sources: "MCP-06+ §Authorization Server Location; RFC 9728 §2",
        test: "**Pass:** JSON array, ≥1 string, each an https URL with no query/fragment (issuer syntax, RFC 8414 §2). Then cross-check: metadata discovery (§3) on each entry finds a document whose `issuer` matches (AS-META-ISSUER). **Fail:** missing, `[]`, string instead of array, non-https, query/fragment, unreachable AS.",
    },
    CatalogueRow {
        id: RS_PRM_TYPES,
        role: "RS",
        level: "MUST",
        versions: "06+",
        requirement: "Field types as in §4.4 (`scopes_supported` array of strings; `bearer_methods_supported` ⊆ {header, body, query}; `jwks_uri` https; `resource_signing_alg_values_supported` never contains `none`; booleans are booleans); zero-valued parameters omitted.",
        sources: "RFC 9728 §2, §3.2",
        test: "JSON-schema check against §4.4. **Fail:** wrong types, `none` alg, empty arrays other than `bearer_methods_supported: []`.",
    },
    CatalogueRow {
        id: RS_PRM_BEARER_METHODS,
        role: "RS",
        level: "MUST NOT (derived)",
        versions: "06+",
        requirement: "If `bearer_methods_supported` is present it should contain `header`; it must not advertise `query` (O21 forbids query tokens and RS MUST ignore them; MCP clients MUST use the header).",
        sources: "RFC 9728 §2; O21 §5.1; MCP §Token Requirements",
        test: "**Fail:** contains `query`. **Warn:** present without `header`.",
    },
    CatalogueRow {
        id: RS_PRM_SCOPES,
        role: "RS",
        level: "SHOULD / SHOULD NOT",
        versions: "11+ / 07+",
        requirement: "Scope sets in challenges and `scopes_supported` SHOULD be constructed consistently; `scopes_supported` is the minimal baseline; `offline_access` SHOULD NOT appear in PRM or in challenges.",
        sources: "MCP-11 §PRM Discovery; MCP-07 idx §Refresh Tokens; SBP §Scope Minimization",
        test: "Collect all challenge scopes across scenarios. **Fail (07+ SHOULD NOT):** `offline_access` present. **Info:** omnibus scopes (`*`, `all`), full catalogue in every challenge.",
    },
    CatalogueRow {
        id: RS_PRM_SIGNED,
        role: "RS",
        level: "MUST (if used)",
        versions: "06+",
        requirement: "`signed_metadata`, if present, is a JWS-signed JWT with an `iss` claim; it SHOULD NOT itself contain `signed_metadata`.",
        sources: "RFC 9728 §2.2, §3.3",
        test: "If present: decode, check `iss`, signature against a trust anchor if configured. **Fail:** unsigned (`alg:none`), no `iss`.",
    },
    CatalogueRow {
        id: RS_PRM_HTTPS,
        role: "RS",
        level: "MUST",
        versions: "06+",
        requirement: "PRM, `resource`, `jwks_uri` and the MCP endpoint use `https` (loopback may use http only for redirect URIs in O21; dev profile relaxes).",
        sources: "O21 §1.5; RFC 9728 §7.1",
        test: "Scheme + TLS certificate validity checks on every URL the target advertises.",
    },
    CatalogueRow {
        id: RS_TOKEN_VALID,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "Positive control: a token from the trusted AS, `aud` = R (or resource-bound introspection), unexpired, sufficient scope, is accepted.",
        sources: "O21 §5.2; MCP §Token Handling",
        test: "Send MCP request with `Authorization: Bearer <valid>`. **Pass:** 2xx + JSON-RPC result. Every negative row below is only meaningful if this passes.",
    },
    CatalogueRow {
        id: RS_TOKEN_GARBAGE,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "Invalid tokens receive 401; the challenge SHOULD carry `error=\"invalid_token\"`.",
        sources: "MCP-03+ §Token Handling; RFC 6750 §3.1; O21 §5.3.2",
        test: "Tokens: random 32 bytes b64url; truncated JWT; JWT with payload byte flipped; empty-signature JWT. **Pass:** 401 (+ `error=\"invalid_token\"` SHOULD). **Fail:** 2xx, 5xx.",
    },
    CatalogueRow {
        id: RS_TOKEN_EXPIRED,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "Expired tokens receive 401.",
        sources: "MCP-03+ §Token Handling; O21 §5.2; RFC 9068 §4",
        test: "`exp` = now − 10 min (beyond any reasonable skew). Boundary probe `exp` = now − 1 s (leeway of a few minutes is allowed → info only). S-B: operator-supplied expired token. **Pass:** 401 `invalid_token`.",
    },
    CatalogueRow {
        id: RS_TOKEN_EXP_REQUIRED,
        role: "RS",
        level: "MUST",
        versions: "06+",
        requirement: "A JWT access token without an `exp` claim is not valid and must be refused (RFC 9068 makes `exp` REQUIRED; a token that never expires defeats the short-lifetime rule).",
        sources: "RFC 9068 §2.2, §4; MCP-06+ §Token Theft",
        test: "Trusted-AS token identical to the valid one but with `exp` removed. **Pass:** 401 `invalid_token`. **Fail:** 2xx. (Introspection mode: not applicable — the AS answers `active`.)",
    },
    CatalogueRow {
        id: RS_TOKEN_NOT_YET_VALID,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "A token must not be accepted before its `nbf`.",
        sources: "RFC 7519 §4.1.5; O21 §5.2 (\"meets other policy requirements\")",
        test: "`nbf` = now + 1 h (valid otherwise). **Pass:** 401. Info: `iat` far in the future.",
    },
    CatalogueRow {
        id: RS_TOKEN_AUDIENCE,
        role: "RS",
        level: "MUST",
        versions: "06+",
        requirement: "Server accepts only tokens issued specifically for it (audience = its canonical URI); rejects tokens that do not name it. Core anti-passthrough / confused-deputy rule.",
        sources: "MCP-06+ §Token Handling, §Access Token Privilege Restriction; RFC 8707 §2; RFC 9068 §4; SBP §Token Passthrough",
        test: "Trusted-AS tokens with: `aud` = `https://other.example/mcp`; `aud` missing; `aud` = AS issuer; `aud` = `[\"https://other.example\"]`; `aud` = R on a different port or path (`O/other`); `aud` = `O` when R has a path (strict-profile failure, lenient-profile info). Introspection mode: `active:true` with foreign `aud`. **Pass:** 401 `invalid_token` for all foreign audiences. **Fail:** any 2xx.",
    },
    CatalogueRow {
        id: RS_TOKEN_ISSUER,
        role: "RS",
        level: "MUST",
        versions: "06+",
        requirement: "Only tokens issued by the server's AS are accepted (`iss` must exactly match the trusted issuer; keys are the AS's keys).",
        sources: "MCP-06+ §Token Handling (\"MUST NOT accept or transit any other tokens\"); RFC 9068 §4",
        test: "(a) token signed by a second harness AS (own JWKS) with its own `iss`; (b) token signed by attacker key but `iss` = trusted issuer; (c) `iss` with trailing slash/case variant. **Pass:** 401.",
    },
    CatalogueRow {
        id: RS_TOKEN_SIGNATURE,
        role: "RS",
        level: "MUST",
        versions: "06+",
        requirement: "Signature validated with the AS's keys; `alg: none` rejected; algorithm confusion and header-supplied keys not honoured.",
        sources: "RFC 9068 §4; RFC 8725 §3.1–3.2",
        test: "Variants: `alg:none` + empty sig; HS256 signed with the AS public key bytes; unknown `kid`; `jku`/`x5u` pointing at a harness-hosted JWKS (canary must stay silent); embedded `jwk` header; `crit` with unknown extension. **Pass:** 401 and no canary hit.",
    },
    CatalogueRow {
        id: RS_TOKEN_TYPE,
        role: "RS",
        level: "MUST (RFC 9068) / derived MUST",
        versions: "06+",
        requirement: "JWT access tokens carry `typ: at+jwt`; an OIDC ID token (audience = client_id, not the resource) must not be accepted as an access token.",
        sources: "RFC 9068 §4; MCP audience rule",
        test: "Present an ID token minted by the trusted AS for the client (`typ: JWT`, `aud` = client_id). Also a valid AT with `typ: JWT`. **Pass:** ID token → 401 (always); `typ: JWT` AT → 401 if server claims RFC 9068 profile, else info.",
    },
    CatalogueRow {
        id: RS_TOKEN_INACTIVE,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "Revoked / inactive tokens are rejected.",
        sources: "O21 §5.2; RFC 7662 §2.2",
        test: "Introspection mode: harness introspection answers `{\"active\":false}` for a well-formed token. **Pass:** 401. Also check the server does not cache a previous `active:true` beyond the token's `exp`.",
    },
    CatalogueRow {
        id: RS_TOKEN_QUERY_IGNORED,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "Access tokens in the URI query are ignored by resource servers (clients must never send them there).",
        sources: "O21 §5.1; MCP-03+ §Token Requirements (\"MUST NOT be included in the URI query string\")",
        test: "POST `R?access_token=<valid>` with no header. **Pass:** 401. **Fail:** 2xx (server honours query tokens). Also `R?access_token=<garbage>` + valid header → must behave as header-only (2xx) or 400, never 5xx.",
    },
    CatalogueRow {
        id: RS_TOKEN_JSON_BODY_IGNORED,
        role: "RS",
        level: "(derived)",
        versions: "03+",
        requirement: "The form-body method (O21 §5.1.2, MAY) needs `application/x-www-form-urlencoded`; a token smuggled in the JSON-RPC body (`params.access_token`, `_meta.access_token`) must not authenticate.",
        sources: "O21 §5.1.2; MCP §Token Requirements",
        test: "Anonymous request with the valid token in JSON body fields. **Pass:** 401.",
    },
    CatalogueRow {
        id: RS_TOKEN_MULTI_METHOD,
        role: "RS",
        level: "SHOULD",
        versions: "03+",
        requirement: "Using more than one token transmission method, or repeating the parameter, is `invalid_request` → 400.",
        sources: "RFC 6750 §3.1; O21 §5.1, §5.3.2",
        test: "Two `Authorization` headers (same and different tokens); header + form-body token. **Pass:** 400 `invalid_request` (401 acceptable); **Fail:** 2xx using the second token, 5xx.",
    },
    CatalogueRow {
        id: RS_BEARER_CASE,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "The scheme name is case-insensitive: `bearer`, `BEARER`, `bEaReR` must work.",
        sources: "O21 §5.1.1; RFC 9110 §11.1",
        test: "Valid token with each casing. **Pass:** 2xx. **Fail:** 401.",
    },
    CatalogueRow {
        id: RS_BEARER_SYNTAX,
        role: "RS",
        level: "(robust) / MUST for valid forms",
        versions: "03+",
        requirement: "Credentials grammar `Bearer 1*SP b64token`; malformed credentials are rejected cleanly.",
        sources: "RFC 6750 §2.1; O21 §5.1.1; RFC 9110 §11.4",
        test: "Valid-but-unusual: `Bearer␠␠<tok>` (multiple SP is valid → 2xx). Malformed: `Bearer` alone, `Bearer <tok> extra`, `Bearer <tok>,<tok>`, tab separator, quotes around token, NUL/CTL bytes, non-ASCII, 64 KiB and 1 MiB tokens, `Bearer=<tok>`. **Pass:** 400/401/431, no 2xx, no 5xx, no hang.",
    },
    CatalogueRow {
        id: RS_OTHER_SCHEME,
        role: "RS",
        level: "SHOULD NOT (error info)",
        versions: "03+",
        requirement: "Unsupported schemes are treated as \"no usable credentials\": 401 with a Bearer challenge and no error code.",
        sources: "RFC 6750 §3.1; O21 §5.3.2",
        test: "`Authorization: Basic dXNlcjpwYXNz`, `DPoP <valid>` (if DPoP unsupported), `Token <valid>`. **Pass:** 401 + Bearer challenge, no `error`. **Fail:** 2xx, 5xx.",
    },
    CatalogueRow {
        id: RS_AUTH_EVERY_REQUEST,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "Authorization is checked on every HTTP request; a session (03–11) or any server-side state is never a substitute for the token.",
        sources: "MCP-03+ §Token Requirements; SBP §Session Hijacking (06, 11) / §State Handle Hijacking (07)",
        test: "03–11: initialize with valid token → obtain `Mcp-Session-Id` → send `tools/list`, GET SSE, DELETE with that session id and **no** token. 07+: repeat a stateful tool call without token. **Pass:** 401 each. **Fail:** any 2xx.",
    },
    CatalogueRow {
        id: RS_SESSION_USER_BINDING,
        role: "RS",
        level: "SHOULD",
        versions: "06–11",
        requirement: "Session IDs are bound to the authenticated user; a valid token of user B plus user A's session id must not reach A's session.",
        sources: "SBP §Session Hijacking",
        test: "Users A and B (two valid tokens, different `sub`). A initialises; B sends requests with A's session id. **Pass:** 4xx or a fresh, empty context; **Fail:** B observes A's state (scenario-declared observable).",
    },
    CatalogueRow {
        id: RS_SESSION_ID_ENTROPY,
        role: "RS",
        level: "MUST",
        versions: "06–11",
        requirement: "Session IDs are secure, non-deterministic (CSPRNG SHOULD).",
        sources: "SBP §Session Hijacking",
        test: "Collect ≥50 session IDs; flag sequential/timestamp patterns, short length (<128 bits estimated).",
    },
    CatalogueRow {
        id: RS_STATE_HANDLE,
        role: "RS",
        level: "MUST NOT / SHOULD",
        versions: "07+",
        requirement: "Possession of a server-minted state handle is not authentication; handles SHOULD be unguessable and bound to the authenticated user.",
        sources: "SBP-07 §State Handle Hijacking",
        test: "Scenario declares a tool returning a handle. User A obtains it; user B (valid token) calls with A's handle. **Pass:** rejected / B sees nothing of A.",
    },
    CatalogueRow {
        id: RS_403_INSUFFICIENT_SCOPE,
        role: "RS",
        level: "SHOULD (status/challenge) · MUST (not serving)",
        versions: "11+ (403 row in table 03+)",
        requirement: "Token valid but lacking the scope for the operation → 403 with `WWW-Authenticate: Bearer error=\"insufficient_scope\"`; the operation must not be performed.",
        sources: "MCP-11+ §Runtime Insufficient Scope Errors; RFC 6750 §3.1; O21 §5.2 (RS MUST check scope covers the resource)",
        test: "Scenario declares `{operation, required_scopes}`. Mint token with baseline scope only; invoke the operation. **Pass:** 403 + `error=\"insufficient_scope\"`; side-effect probe shows the action did not happen. **Fail:** 2xx (scope escalation), 401 (03/06: 403 per table), 500.",
    },
    CatalogueRow {
        id: RS_403_SCOPE_PARAM,
        role: "RS",
        level: "SHOULD",
        versions: "11+",
        requirement: "The 403 challenge carries `scope` with the scopes needed for the current operation (07: need not repeat previously granted scopes).",
        sources: "MCP-11 / MCP-07 idx §Server Scope Management",
        test: "**Pass:** `scope` present and obtaining a token with exactly those scopes (07: plus previously granted) makes the retried operation succeed.",
    },
    CatalogueRow {
        id: RS_403_SINGLE_CHALLENGE,
        role: "RS",
        level: "SHOULD",
        versions: "07+",
        requirement: "All scopes required for one operation are returned in a single challenge (no incremental one-scope-at-a-time challenges).",
        sources: "MCP-07 idx §Server Scope Management",
        test: "Follow the step-up loop as a client would (union of scopes). **Fail:** a second 403 for the same operation naming an additional scope.",
    },
    CatalogueRow {
        id: RS_403_RESOURCE_METADATA,
        role: "RS",
        level: "SHOULD",
        versions: "11+",
        requirement: "The 403 `insufficient_scope` challenge also includes `resource_metadata`.",
        sources: "MCP-11+ §Runtime Insufficient Scope Errors",
        test: "**Pass:** present and equal to the 401 value.",
    },
    CatalogueRow {
        id: RS_SCOPE_HIERARCHY,
        role: "RS",
        level: "MUST",
        versions: "07+",
        requirement: "When deciding sufficiency, servers account for scope hierarchies (a broader scope implies narrower ones).",
        sources: "MCP-07 idx §Step-Up Authorization Flow",
        test: "Scenario declares `broad ⊇ narrow`. Token with only `broad` calls an operation needing `narrow`. **Pass:** 2xx.",
    },
    CatalogueRow {
        id: RS_SCOPE_DOWNSCOPED,
        role: "RS",
        level: "SHOULD (SBP)",
        versions: "11+",
        requirement: "Servers accept reduced-scope tokens for operations those scopes cover.",
        sources: "SBP §Scope Minimization",
        test: "Token with baseline scope calls baseline operations. **Pass:** 2xx.",
    },
    CatalogueRow {
        id: RS_NO_TOKEN_PASSTHROUGH,
        role: "RS",
        level: "MUST NOT",
        versions: "06+",
        requirement: "The server never forwards the client's access token to upstream APIs; upstream calls use separately obtained tokens.",
        sources: "MCP-06+ §Access Token Privilege Restriction; SBP §Token Passthrough",
        test: "Optional fixture: point the server's upstream base URL at a harness \"upstream\" listener; invoke a tool that calls upstream. **Fail:** upstream request carries the MCP access token (exact or substring).",
    },
    CatalogueRow {
        id: RS_ORIGIN_VALIDATION,
        role: "RS",
        level: "MUST",
        versions: "03+ (403 code 11+)",
        requirement: "Validate `Origin` on all incoming connections (DNS rebinding); present-and-invalid `Origin` → 403 (11+).",
        sources: "Transports §Security Warning (03, 06, 11; also \"SHOULD implement proper authentication for all connections\"), streamable-http §Security & Endpoint (07)",
        test: "Valid token + `Origin: https://evil.example`. **Pass (11+):** 403; (03/06): any 4xx. **Fail:** 2xx. Also no-Origin request must still work (non-browser clients).",
    },
    CatalogueRow {
        id: RS_LOCAL_BIND,
        role: "RS",
        level: "SHOULD",
        versions: "03+",
        requirement: "Locally running HTTP servers bind to loopback, not all interfaces.",
        sources: "Transports §Security Warning",
        test: "Local mode only: inspect listening sockets.",
    },
    CatalogueRow {
        id: RS_HTTPS_ENDPOINT,
        role: "RS",
        level: "MUST",
        versions: "03+",
        requirement: "MCP endpoint (an OAuth RS URL) uses https outside loopback/dev.",
        sources: "O21 §1.5",
        test: "Scheme/cert check of `R`.",
    },
    CatalogueRow {
        id: RS_URL_ELICIT_NOT_AUTHN,
        role: "RS",
        level: "MUST NOT",
        versions: "11+",
        requirement: "URL-mode elicitation is never used to authorize the user *for the MCP server itself*; third-party credentials never transit the client.",
        sources: "11 client/elicitation §URL Mode Elicitation for OAuth Flows",
        test: "Mostly review-only; black-box: URL elicitation URLs must not contain tokens/credentials (scan).",
    },
    CatalogueRow {
        id: RS03_ASMETA_ORIGIN,
        role: "RS03",
        level: "SHOULD",
        versions: "03",
        requirement: "Server serves RFC 8414 metadata at `O/.well-known/oauth-authorization-server` (path of R discarded).",
        sources: "MCP-03 §Server Metadata Discovery, §Authorization Base URL",
        test: "GET it (send `MCP-Protocol-Version: 2025-03-26`). **Pass:** 200 JSON valid per §4.5 (issuer check: see ambiguity A6).",
    },
    CatalogueRow {
        id: RS03_DEFAULT_ENDPOINTS,
        role: "RS03",
        level: "MUST (if no metadata)",
        versions: "03",
        requirement: "Without metadata, `/authorize`, `/token`, `/register` at `O` implement the flow.",
        sources: "MCP-03 §Fallbacks",
        test: "If metadata 404: GET `O/authorize?response_type=code&...` → login page or 302 with error; POST `O/token` empty → 400 JSON `invalid_request`; POST `O/register` JSON → 201.",
    },
    CatalogueRow {
        id: RS03_REDIRECT_VALIDATION,
        role: "RS03",
        level: "MUST",
        versions: "03",
        requirement: "Server validates redirect URIs (open redirect prevention); redirect URIs must be localhost or https.",
        sources: "MCP-03 §Security Considerations",
        test: "Run AS-REDIRECT-EXACT and AS-DCR-REDIRECT-SCHEME against the server's own AS endpoints.",
    },
    CatalogueRow {
        id: RS03_3P_BINDING,
        role: "RS03",
        level: "MUST",
        versions: "03",
        requirement: "With third-party delegation: keep a secure mapping third-party token ↔ MCP token; validate the third-party token's status before honouring the MCP token; handle expiry/renewal.",
        sources: "MCP-03 §Session Binding Requirements",
        test: "Harness plays the third-party AS. Complete the flow, then revoke the third-party grant (introspection `active:false` / refresh fails). **Pass:** the MCP token stops working (401) within the server's stated freshness window.",
    },
    CatalogueRow {
        id: C_401_STARTS_AUTH,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "On 401 the client starts the authorization flow (06+: \"respond appropriately\").",
        sources: "MCP-03 §Example; MCP-06+ §Authorization Server Location",
        test: "**Pass:** next requests are discovery (03: AS metadata at origin; 06+: PRM). **Fail:** client gives up silently, or re-sends the same request in a loop.",
    },
    CatalogueRow {
        id: C_WWWAUTH_PARSE,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "Client parses `WWW-Authenticate` correctly (RFC 9110 challenge grammar).",
        sources: "MCP-06+ §Authorization Server Location",
        test: "Serve each header variant of §4.3 (case of scheme/param names, BWS around `=`, token vs quoted values, multiple challenges in one field, Bearer in second field, unknown params first, escaped quotes, commas inside quoted values, empty list elements, `DPoP` challenge before `Bearer`). PRM placed at a **non-well-known** path (`/custom/prm.json`) so only a correct parse finds it. **Pass:** client fetches exactly that URL. **Fail:** wrong URL, crash, fallback to well-known although header was parseable.",
    },
    CatalogueRow {
        id: C_PRM_USE_HEADER,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "If the 401 carries `resource_metadata`, the client fetches that URL (11+: and does not probe well-known first).",
        sources: "MCP-06 §Auth Server Location; MCP-11+ §PRM Discovery Requirements",
        test: "PRM only at `/custom/prm.json`; trap listeners on both well-known paths. **Pass:** first PRM request = header URL; traps silent.",
    },
    CatalogueRow {
        id: C_PRM_FALLBACK_ORDER,
        role: "C",
        level: "MUST",
        versions: "11+",
        requirement: "No `resource_metadata` → try `O/.well-known/oauth-protected-resource<path>` first, then `O/.well-known/oauth-protected-resource`. Server at root → only the root URL.",
        sources: "MCP-11 / MCP-07 asd §PRM Discovery Requirements",
        test: "(a) path-inserted 404, root 200 → requests in that order; (b) path-inserted 200 + trap at root → root never requested; (c) `R = O` → exactly one request. Challenge variants: bare `Bearer`, `Bearer realm=\"x\"`, no `WWW-Authenticate` at all.",
    },
    CatalogueRow {
        id: C_PRM_NOT_FOUND_HANDLING,
        role: "C",
        level: "(robust)",
        versions: "11+",
        requirement: "\"Not found\" should be interpreted sanely: 404/410 → next candidate; 5xx/timeout/HTML 200 must not be parsed as PRM.",
        sources: "MCP-11 asd sequence diagram",
        test: "Path-inserted returns 500 / times out / 200 `text/html`. **Pass:** treated as failure (next candidate or abort), never parsed.",
    },
    CatalogueRow {
        id: C_PRM_ALL_FAIL,
        role: "C",
        level: "MUST (abort)",
        versions: "11+",
        requirement: "If no PRM is found the client aborts or uses pre-configured values; it must not invent an AS. Exception: deliberate 03 back-compat (origin RFC 8414 doc, then defaults).",
        sources: "MCP-11 asd diagram (\"Abort or use pre-configured values\")",
        test: "All PRM URLs 404. **Pass:** no authorization request, or only the documented 03 back-compat probes (`O/.well-known/oauth-authorization-server`) — record as back-compat.",
    },
    CatalogueRow {
        id: C_PRM_200_JSON_ONLY,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "Only a 200 response with a JSON object is a PRM; unknown members are ignored.",
        sources: "RFC 9728 §3.2",
        test: "(a) 404 with a valid-looking JSON body; (b) 200 JSON array; (c) 200 with extra unknown members. **Pass:** (a),(b) rejected; (c) accepted.",
    },
    CatalogueRow {
        id: C_PRM_RESOURCE_MATCH,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "PRM `resource` must be identical to the resource identifier used to build the URL, or (header path) to the URL the client requested; otherwise the data MUST NOT be used.",
        sources: "RFC 9728 §3.3, §7.3; MCP-06+ \"Validate RS metadata\"",
        test: "Variants: `https://evil.harness.test/mcp` (other origin); `O/other`; missing; with `#frag`; array; host upper-cased; trailing slash added. **Pass:** no AS metadata fetch / no authorization request for other-origin, other-path, missing, malformed. Upper-case host and trailing slash: strict profile fail, lenient profile info (ambiguity A1/A3).",
    },
    CatalogueRow {
        id: C_PRM_CROSS_RESOURCE,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "Attack (RFC 9728 §7.4): malicious RS1 advertises `resource_metadata` = the PRM of legitimate RS2; RS2's doc says `resource` = RS2 ≠ URL the client requested → reject.",
        sources: "RFC 9728 §3.3, §7.4",
        test: "Two mock RSes; RS1's 401 points at RS2's PRM. **Pass:** client refuses; no token for RS2's resource is ever sent to RS1.",
    },
    CatalogueRow {
        id: C_PRM_AS_VALIDATION,
        role: "C",
        level: "MUST (derived)",
        versions: "06+",
        requirement: "`authorization_servers` must be a non-empty array of issuer URLs; malformed entries are not used.",
        sources: "MCP-06+ §AS Location; RFC 8414 §2 (issuer syntax)",
        test: "Variants: absent, `[]`, string, `[123]`, `[\"https://u:p@as.test\"]`, `[\"https://as.test?x=1\"]`, `[\"https://as.test#f\"]`, `[\"http://as.harness.test\"]` (non-loopback http), 10 000 entries. **Pass:** refuses (or skips the bad entry) without fetching malformed URLs; bounded time.",
    },
    CatalogueRow {
        id: C_PRM_MULTI_AS,
        role: "C",
        level: "MAY (choice) · MUST (07 isolation)",
        versions: "06+ / 07+",
        requirement: "Client chooses among several ASes; 07+: each AS is independent — separate registrations, credentials and tokens.",
        sources: "RFC 9728 §7.6; MCP-07 asd §AS Location",
        test: "PRM lists AS1, AS2 (both functional, both with DCR). Run flows that make the client use both (e.g. PRM switches order). **Fail (07+):** AS2 ever receives a `client_id`/secret/refresh token/code issued by AS1.",
    },
    CatalogueRow {
        id: C_PRM_REFETCH_ON_CHANGE,
        role: "C",
        level: "SHOULD (RFC 9728) · MUST (07 re-register)",
        versions: "06+ / 07+",
        requirement: "When a later 401 carries a (possibly new) `resource_metadata`, the client re-fetches PRM and uses the updated values (e.g. new AS).",
        sources: "RFC 9728 §5.2; MCP-07 reg §Authorization Server Binding",
        test: "After a successful session, switch PRM to AS2 and make RS return 401. **Pass:** client re-reads PRM, registers with AS2, never presents AS1 credentials to AS2.",
    },
    CatalogueRow {
        id: C_DISC_SSRF,
        role: "C",
        level: "SHOULD",
        versions: "06+",
        requirement: "Client guards discovery fetches against SSRF: HTTPS required outside loopback dev, private/link-local ranges blocked, redirect targets re-validated.",
        sources: "SBP §SSRF; RFC 9728 §7.7; O21 §1.5",
        test: "`resource_metadata`/`authorization_servers`/endpoints set to `http://169.254.169.254/latest/meta-data/`, `http://10.0.0.1/`, `http://127.0.0.2:<canary>/`, `http://[::ffff:127.0.0.2]/`, `http://2130706434/` (decimal), a name resolving to 127.0.0.2, and a public-looking URL that 302s to the canary. **Pass:** canary never hit (report per vector; deployment-dependent SHOULD).",
    },
    CatalogueRow {
        id: C_DISC_HOSTILE_DOCS,
        role: "C",
        level: "(robust)",
        versions: "06+",
        requirement: "Malformed/oversized/hostile metadata never crashes the client or lets it proceed with partial data.",
        sources: "RFC 9728 §3.2; RFC 8414 §3.2",
        test: "Serve as PRM and as AS metadata: invalid JSON, JSON array, 50 MiB body, 100 000-deep nesting, gzip bomb (`Content-Encoding: gzip`), slow-drip body, non-UTF-8, UTF-8 BOM, `Content-Type: text/html`, duplicate keys (`{\"issuer\":\"https://evil\",\"issuer\":\"https://as\"}`), `null` values, 1 MiB strings. **Pass:** bounded memory/time, clean error, no further OAuth requests based on that document.",
    },
    CatalogueRow {
        id: C_ASMETA_03_ORIGIN,
        role: "C",
        level: "MUST",
        versions: "03",
        requirement: "Metadata URL derived from the MCP URL by discarding the path: `O/.well-known/oauth-authorization-server`; SHOULD send `MCP-Protocol-Version`.",
        sources: "MCP-03 §Authorization Base URL, §Discovery Headers",
        test: "`R = https://mcp.harness.test/v1/mcp`. **Pass:** first discovery GET is `https://mcp.harness.test/.well-known/oauth-authorization-server`; header present (SHOULD).",
    },
    CatalogueRow {
        id: C_ASMETA_03_DEFAULTS,
        role: "C",
        level: "MUST",
        versions: "03",
        requirement: "On metadata failure use `O/authorize`, `O/token`, `O/register`; metadata must be attempted first.",
        sources: "MCP-03 §Fallbacks",
        test: "Metadata 404. **Pass:** registration POST to `O/register`, authorization URL `O/authorize…`, token POST to `O/token`, all after the metadata attempt.",
    },
    CatalogueRow {
        id: C_ASMETA_RFC8414_PATH,
        role: "C",
        level: "MUST",
        versions: "06",
        requirement: "Client uses RFC 8414 path insertion for issuers with a path.",
        sources: "MCP-06 §Server Metadata Discovery; RFC 8414 §3.1",
        test: "Issuer `https://as.harness.test/tenant1`, doc only at `/.well-known/oauth-authorization-server/tenant1`. **Pass:** flow completes.",
    },
    CatalogueRow {
        id: C_ASMETA_ORDER_PATH,
        role: "C",
        level: "MUST",
        versions: "11+",
        requirement: "Issuer with path: try (1) `/.well-known/oauth-authorization-server/<path>`, (2) `/.well-known/openid-configuration/<path>`, (3) `<path>/.well-known/openid-configuration`, in that order.",
        sources: "MCP-11 §AS Metadata Discovery; MCP-07 asd",
        test: "Serve the doc only at (3); (1),(2) 404; traps at `/.well-known/oauth-authorization-server` (path dropped) and `/tenant1/.well-known/oauth-authorization-server` (appended). **Pass:** (1)→(2)→(3) in order and the doc from (3) used. **Fail:** wrong order, a trap document used. Extra trap probes = warning (the official suite fails root probing).",
    },
    CatalogueRow {
        id: C_ASMETA_ORDER_ROOT,
        role: "C",
        level: "MUST",
        versions: "11+",
        requirement: "Issuer without path: try `/.well-known/oauth-authorization-server` then `/.well-known/openid-configuration`.",
        sources: "same",
        test: "Doc only at OIDC location. **Pass:** both tried in order; flow completes.",
    },
    CatalogueRow {
        id: C_ASMETA_OIDC,
        role: "C",
        level: "MUST",
        versions: "11+",
        requirement: "Client supports OIDC Discovery documents as AS metadata.",
        sources: "MCP-11+ §Overview item 5",
        test: "AS serves only `openid-configuration` (with `code_challenge_methods_supported`). **Pass:** flow completes.",
    },
    CatalogueRow {
        id: C_ASMETA_ISSUER_MATCH,
        role: "C",
        level: "MUST",
        versions: "06+ (RFC) · explicit 07+",
        requirement: "`issuer` in the document must be identical to the issuer used to build the URL; otherwise the metadata MUST NOT be used.",
        sources: "RFC 8414 §3.3; OIDC Discovery §4.3; MCP-07 asd §AS Metadata Discovery",
        test: "Variants: `https://honest.harness.test` served from `as.harness.test`; trailing slash added/removed; host upper-case; `:443` added; `http` scheme; percent-encoded path; Cyrillic homoglyph host; missing `issuer`; numeric `issuer`; duplicate `issuer` keys. **Pass:** no registration/authorization/token request using it.",
    },
    CatalogueRow {
        id: C_ASMETA_REQUIRED_FIELDS,
        role: "C",
        level: "MUST (derived)",
        versions: "03+",
        requirement: "Document must provide what the flow needs: `authorization_endpoint`, `token_endpoint`, `response_types_supported` containing `code`; wrong types are rejected; unknown members ignored.",
        sources: "RFC 8414 §2, §3.2",
        test: "Remove each field in turn; set `response_types_supported:[\"token\"]`; `token_endpoint: 42`. **Pass:** refuses; unknown extra members tolerated.",
    },
    CatalogueRow {
        id: C_ASMETA_ENDPOINT_SCHEMES,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "Authorization URLs are only `https` (`http` only for loopback in development); `javascript:`, `data:`, `file:`, `vbscript:` etc. are rejected; all AS endpoints HTTPS.",
        sources: "SBP §OAuth Authorization URL Validation; MCP-06+ §Communication Security; O21 §1.5",
        test: "`authorization_endpoint` = `javascript:alert(1)`, `data:text/html,<script>…`, `file:///etc/passwd`, `http://as.harness.test/authorize`; `token_endpoint` = `http://as.harness.test/token`; `registration_endpoint` = `ftp://…`. **Pass:** driver receives no URL; no code/verifier/secret sent over cleartext.",
    },
    CatalogueRow {
        id: C_AUTHURL_NO_SHELL,
        role: "C",
        level: "MUST NOT",
        versions: "06+ (SBP)",
        requirement: "The client never opens authorization URLs via a shell (`sh`, `cmd.exe`, PowerShell); it uses non-shell platform APIs and rejects URLs with shell-significant characters it cannot pass safely.",
        sources: "SBP §OAuth Authorization URL Validation",
        test: "`authorization_endpoint` values that are valid https URLs but carry shell metacharacters in the query: `$(touch h1.marker)` percent-encoded and raw, a backtick-wrapped `touch h2.marker`, `;touch h3.marker`, `&calc`, and a pipe followed by `id`. **Pass:** no marker file/process appears; the URL reaches the driver byte-identical or is refused.",
    },
    CatalogueRow {
        id: C_ASMETA_TLS,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "TLS certificates are validated for AS, RS and metadata endpoints.",
        sources: "O21 §1.5, §7.1.3; RFC 8414 §6.1; RFC 9728 §7.3",
        test: "Serve AS/RS/PRM with: wrong hostname, expired, untrusted CA. **Pass:** client refuses; no token, code, verifier or secret transmitted.",
    },
    CatalogueRow {
        id: C_PKCE_USED,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "Every authorization request carries `code_challenge`; the token request carries the matching `code_verifier`.",
        sources: "MCP-03 §Implementation Requirements (\"PKCE is REQUIRED\"); MCP-06+ §Authorization Code Protection; O21 §4.1.1, §4.1.3",
        test: "Record both requests. **Pass:** challenge present; verifier present; `BASE64URL(SHA256(verifier)) == challenge`.",
    },
    CatalogueRow {
        id: C_PKCE_S256,
        role: "C",
        level: "MUST",
        versions: "11+ (O21 §4.1.1 for all)",
        requirement: "Use `code_challenge_method=S256` when technically capable (`plain` only for constrained clients that know the AS supports it).",
        sources: "MCP-11+ §Authorization Code Protection; O21 §4.1.1",
        test: "**Pass:** `code_challenge_method=S256` explicitly (omitting it means `plain`). **Fail:** absent or `plain`.",
    },
    CatalogueRow {
        id: C_PKCE_VERIFIER_FORMAT,
        role: "C",
        level: "MUST (syntax) · SHOULD (entropy)",
        versions: "03+",
        requirement: "Verifier is 43–128 chars from `[A-Za-z0-9-._~]`; challenge is unpadded base64url (43 chars for S256); verifier high-entropy (32 random octets RECOMMENDED).",
        sources: "O21 §4.1.1 (ABNF); RFC 7636 §4.1–4.2",
        test: "Validate grammar; over 20 runs all verifiers distinct; crude entropy estimate ≥ 256 bits for 43-char verifiers.",
    },
    CatalogueRow {
        id: C_PKCE_FRESH,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "Challenge/verifier are per transaction; a new pair after any error or for each re-authorization (step-up).",
        sources: "O21 §7.5.2",
        test: "Force an `access_denied` error, then a retry; and a step-up. **Pass:** challenges never repeat.",
    },
    CatalogueRow {
        id: C_PKCE_METADATA_REQUIRED,
        role: "C",
        level: "MUST",
        versions: "11+",
        requirement: "If AS metadata (RFC 8414 or OIDC) lacks `code_challenge_methods_supported`, refuse to proceed.",
        sources: "MCP-11+ §Authorization Code Protection",
        test: "Omit the field (RFC 8414 variant and OIDC variant). **Pass:** refuses (no authorization request). **Fail:** proceeds \"because PKCE is probably fine\".",
    },
    CatalogueRow {
        id: C_PKCE_NO_S256_ADVERTISED,
        role: "C",
        level: "MUST",
        versions: "11+ (derived for 06)",
        requirement: "If the AS lists only `plain` (or `[]`, or `\"S256\"` as a string, or `[\"s256\"]` — method names are case-sensitive), an S256-capable client must not downgrade; it refuses.",
        sources: "O21 §4.1.1; MCP-11+ §Authorization Code Protection",
        test: "Serve each variant. **Pass:** refuses. **Fail:** sends `plain` or no challenge.",
    },
    CatalogueRow {
        id: C_PKCE_NO_DOWNGRADE_ON_ERROR,
        role: "C",
        level: "MUST NOT",
        versions: "03+",
        requirement: "After the AS rejects an S256 request, the client must not retry with `plain` (or without PKCE).",
        sources: "RFC 7636 §7.2",
        test: "Mock AS redirects back `error=invalid_request&error_description=transform+algorithm+not+supported` for S256. **Pass:** no subsequent request with `plain`/no challenge.",
    },
    CatalogueRow {
        id: C_RES_AUTHZ,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "`resource` parameter included in the authorization request.",
        sources: "MCP-06+ §Resource Parameter Implementation",
        test: "Inspect the URL the driver receives. **Pass:** exactly one `resource`.",
    },
    CatalogueRow {
        id: C_RES_TOKEN,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "`resource` included in token requests (authorization_code grant; the refresh_token grant is also a token request).",
        sources: "MCP-06+ §Resource Parameter Implementation; RFC 8707 §2.2",
        test: "Inspect token POST bodies for both grants. **Pass:** present in both. (Report refresh-grant omission separately: derived, see ambiguity A10.)",
    },
    CatalogueRow {
        id: C_RES_CANONICAL,
        role: "C",
        level: "MUST (identify server, absolute, no fragment) · SHOULD (form)",
        versions: "06+",
        requirement: "Value is the MCP server's canonical URI: absolute, scheme + host, no fragment; most specific URI; lowercase scheme/host; no trailing slash unless significant. Aligns with PRM `resource`.",
        sources: "MCP-06+ §Canonical Server URI; RFC 8707 §2",
        test: "`R = https://MCP.Harness.test:8443/Server/mcp`. **Pass:** `resource` ∈ {`https://mcp.harness.test:8443/Server/mcp`, PRM `resource`}; path case preserved. **Fail:** origin only when path identifies the server, fragment present, relative value.",
    },
    CatalogueRow {
        id: C_RES_ALWAYS,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "Sent regardless of whether the AS supports resource indicators.",
        sources: "MCP-06+ §Resource Parameter Implementation",
        test: "AS metadata without any resource-related hints; AS ignores the parameter. **Pass:** still sent.",
    },
    CatalogueRow {
        id: C_RES_CONSISTENT,
        role: "C",
        level: "(derived)",
        versions: "06+",
        requirement: "Same value in authorization request, token request and refresh requests for one resource.",
        sources: "RFC 8707 §2; MCP §Resource Parameter",
        test: "Compare values across requests.",
    },
    CatalogueRow {
        id: C_RES_INVALID_TARGET,
        role: "C",
        level: "(robust)",
        versions: "06+",
        requirement: "On `error=invalid_target` the client surfaces the error and does not retry without `resource`.",
        sources: "RFC 8707 §2; MCP \"MUST send regardless\"",
        test: "Token endpoint returns 400 `invalid_target`. **Fail:** retry without `resource`.",
    },
    CatalogueRow {
        id: C_SCOPE_FROM_CHALLENGE,
        role: "C",
        level: "SHOULD",
        versions: "11+",
        requirement: "Initial authorization uses the `scope` from the 401 challenge when present.",
        sources: "MCP-11 §Scope Selection Strategy; MCP-07 idx §Scope Selection Strategy",
        test: "401 `scope=\"files:read\"`, PRM `scopes_supported:[\"files:read\",\"files:write\"]`. **Pass:** authorization `scope` = `files:read` (07+: `offline_access` additionally allowed if AS lists it).",
    },
    CatalogueRow {
        id: C_SCOPE_FROM_PRM,
        role: "C",
        level: "SHOULD",
        versions: "11+",
        requirement: "Else request all `scopes_supported` from PRM.",
        sources: "same",
        test: "No `scope` in challenge. **Pass:** `scope` = all PRM scopes (any order).",
    },
    CatalogueRow {
        id: C_SCOPE_OMIT,
        role: "C",
        level: "SHOULD",
        versions: "11+",
        requirement: "Else omit the `scope` parameter entirely.",
        sources: "same",
        test: "Neither present. **Pass:** no `scope` parameter (an empty `scope=` counts as failure).",
    },
    CatalogueRow {
        id: C_SCOPE_AUTHORITATIVE,
        role: "C",
        level: "MUST / MUST NOT",
        versions: "11+",
        requirement: "Challenged scopes are authoritative; no assumed subset/superset relation with `scopes_supported`.",
        sources: "MCP-11 §PRM Discovery Requirements; MCP-07 idx",
        test: "Challenge `scope=\"files:special\"` not in `scopes_supported`. **Pass:** requested as-is. **Fail:** filtered to the intersection or replaced by `scopes_supported`.",
    },
    CatalogueRow {
        id: C_SCOPE_STEPUP,
        role: "C",
        level: "SHOULD (user clients) · MAY (client_credentials)",
        versions: "11+",
        requirement: "On 403 `insufficient_scope` obtain a new token with the required scopes and retry the original request.",
        sources: "MCP-11+ §Step-Up Authorization Flow",
        test: "After success with `files:read`, RS answers `tools/call write` with 403 `scope=\"files:write\"`. **Pass:** new authorization request containing `files:write`, fresh PKCE, then the original call retried with the new token.",
    },
    CatalogueRow {
        id: C_SCOPE_UNION,
        role: "C",
        level: "SHOULD",
        versions: "07+",
        requirement: "Re-authorization requests the union of previously requested scopes and the challenged scopes.",
        sources: "MCP-07 idx §Step-Up Authorization Flow; SBP-07 §Scope Minimization",
        test: "Same as above. **Pass (07+):** `scope` ⊇ {`files:read`,`files:write`}. (11: including only `files:write` is acceptable.)",
    },
    CatalogueRow {
        id: C_SCOPE_RETRY_LIMIT,
        role: "C",
        level: "SHOULD",
        versions: "11+",
        requirement: "Retry step-up only a few times for the same resource/operation; then treat as permanent failure.",
        sources: "MCP-11+ §Step-Up Authorization Flow",
        test: "RS answers 403 `insufficient_scope` forever. **Pass:** ≤3 re-authorizations then stop with an error. **Fail:** unbounded loop.",
    },
    CatalogueRow {
        id: C_SCOPE_PARTIAL_GRANT,
        role: "C",
        level: "(robust)",
        versions: "06+",
        requirement: "Token response granting fewer scopes than requested (`scope` field narrower) is handled; no loop.",
        sources: "O21 §3.2.3 (`scope` REQUIRED if different)",
        test: "Grant `files:read` when `files:read files:write` requested. **Pass:** token used; later 403 handled per C-SCOPE-RETRY-LIMIT.",
    },
    CatalogueRow {
        id: C_SCOPE_OFFLINE_ACCESS,
        role: "C",
        level: "MAY / (derived SHOULD NOT)",
        versions: "07+",
        requirement: "`offline_access` may be added only when AS `scopes_supported` lists it; never taken from the RS.",
        sources: "MCP-07 idx §Refresh Tokens",
        test: "(a) AS lists it → allowed; (b) AS does not → **Fail-soft** if requested.",
    },
    CatalogueRow {
        id: C_TOK_HEADER_EVERY_REQUEST,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "`Authorization: Bearer <token>` on every HTTP request to the MCP server.",
        sources: "MCP-03+ §Token Requirements; O21 §5.1.1",
        test: "Check all RS-bound requests after auth: POSTs, notifications, GET SSE stream and DELETE (03–11), `subscriptions/listen` (07). **Fail:** any request without the header.",
    },
    CatalogueRow {
        id: C_TOK_NO_QUERY,
        role: "C",
        level: "MUST NOT",
        versions: "03+",
        requirement: "Access tokens never appear in a URI query (or anywhere in a URL).",
        sources: "MCP-03+ §Token Requirements; O21 §5.1, §7.1.3.7",
        test: "Search every recorded URL (RS, AS, CIMD host, canaries, icon fetches) for the token string. **Fail:** any hit.",
    },
    CatalogueRow {
        id: C_TOK_ONLY_FROM_SERVERS_AS,
        role: "C",
        level: "MUST NOT",
        versions: "06+",
        requirement: "Never send a token to an MCP server unless it was issued by that server's AS (and, derived, for that server's resource).",
        sources: "MCP-06+ §Token Handling; §Access Token Privilege Restriction",
        test: "Two mock RSes: RS1→AS1, RS2→AS2; and variant RS1, RS2 → shared AS with per-resource tokens. **Pass:** tokens from AS1/for RS1 never reach RS2. **Fail:** token reuse across servers (confused deputy enabler).",
    },
    CatalogueRow {
        id: C_TOK_ICON_NO_CREDENTIALS,
        role: "C",
        level: "MUST (listed precaution)",
        versions: "11+",
        requirement: "Icons are fetched without credentials (no `Authorization`, cookies, client credentials).",
        sources: "11+ basic/index §Icons — Security considerations",
        test: "RS returns a tool with `icons:[{src:\"https://mcp.harness.test/icon.png\"}]`. **Fail:** icon GET carries `Authorization`.",
    },
    CatalogueRow {
        id: C_TOK_REFRESH_ROTATION,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "If a refresh response contains a new refresh token, the client discards the old one.",
        sources: "O21 §4.3.2",
        test: "Mock AS rotates and invalidates old refresh tokens (replay → `invalid_grant` + family revocation). **Pass:** next refresh uses the new token.",
    },
    CatalogueRow {
        id: C_TOK_NO_RT_ASSUMPTION,
        role: "C",
        level: "MUST NOT",
        versions: "07+",
        requirement: "Do not assume a refresh token will be issued.",
        sources: "MCP-07 idx §Refresh Tokens",
        test: "Token response without `refresh_token`, short `expires_in`. **Pass:** after expiry the client re-authorizes cleanly.",
    },
    CatalogueRow {
        id: C_TOK_EARLY_EXPIRY,
        role: "C",
        level: "MUST NOT (expect full lifetime)",
        versions: "03+",
        requirement: "Clients must not expect a token to stay valid for `expires_in`; on 401 `invalid_token` they may obtain a new one and retry.",
        sources: "O21 §3.2.3; RFC 6750 §3.1",
        test: "RS starts returning 401 `invalid_token` before `expires_in`. **Pass:** refresh or re-auth, then success; no tight loop.",
    },
    CatalogueRow {
        id: C_TOK_RESPONSE_PARSING,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "`token_type` is case-insensitive; unknown members ignored; missing `access_token`/`token_type` is an error; error responses are 400 JSON.",
        sources: "O21 §3.2.3, §3.2.4",
        test: "`token_type:\"bearer\"`, `\"BEARER\"`; extra members; missing fields; 400 `{\"error\":\"invalid_grant\"}`; 200 with HTML. **Pass:** first two accepted; rest refused cleanly.",
    },
    CatalogueRow {
        id: C_TOK_STORAGE,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "Tokens stored securely; not leaked to logs or unintended parties.",
        sources: "MCP-03 §Security; MCP-06+ §Token Theft; O21 §7.1.3.1",
        test: "Partial black-box: scan client stdout/stderr/log files and any file it writes for the access/refresh token strings.",
    },
    CatalogueRow {
        id: C_AUTHZ_REQUEST_SHAPE,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "Authorization request has `response_type=code`, `client_id`, `redirect_uri` (required when several are registered), PKCE params; `state`/`scope` must not carry sensitive data.",
        sources: "O21 §4.1.1, §2.3.2",
        test: "Parse the driver URL. **Fail:** missing `response_type=code`/`client_id`; `response_type=token` (implicit, removed in O21).",
    },
    CatalogueRow {
        id: C_STATE,
        role: "C",
        level: "SHOULD",
        versions: "06+",
        requirement: "Use a `state` value and discard callbacks whose `state` is missing or differs.",
        sources: "MCP-06+ §Open Redirection; O21 §2.3.3, §7.9",
        test: "Driver returns the callback with (a) `state` removed, (b) `state` altered, (c) correct. **Pass:** (a),(b) produce no token request; (c) proceeds. Report \"no state sent\" as SHOULD failure (PKCE alone is acceptable CSRF protection under O21 §2.3.3 only if AS PKCE support was verified).",
    },
    CatalogueRow {
        id: C_CALLBACK_UNSOLICITED,
        role: "C",
        level: "MUST (derived: CSRF + code injection)",
        versions: "03+",
        requirement: "A callback the client did not initiate (no pending transaction) must not be redeemed.",
        sources: "O21 §2.3.3, §4.1.2 (clients MUST prevent code injection)",
        test: "With no flow running, hit the client's redirect URI with `code=attacker&state=xyz` (and with a code the mock AS actually issued to the harness). **Pass:** no token request. **Fail:** token request (code injection/login CSRF).",
    },
    CatalogueRow {
        id: C_ISS_RECORD,
        role: "C",
        level: "MUST",
        versions: "07+",
        requirement: "Before redirecting, record the validated metadata `issuer` with the PKCE verifier/state of that transaction.",
        sources: "MCP-07 idx §Authorization Response Validation",
        test: "Implied by C-ISS-* results; two concurrent transactions to two ASes must each compare against their own issuer.",
    },
    CatalogueRow {
        id: C_ISS_ADVERTISED_OK,
        role: "C",
        level: "MUST",
        versions: "07+",
        requirement: "`authorization_response_iss_parameter_supported: true` and correct `iss` → proceed.",
        sources: "same; RFC 9207 §2.4",
        test: "**Pass:** token request made.",
    },
    CatalogueRow {
        id: C_ISS_ADVERTISED_MISSING,
        role: "C",
        level: "MUST",
        versions: "07+",
        requirement: "Advertised true but `iss` absent → reject the response.",
        sources: "same",
        test: "**Pass:** no token request.",
    },
    CatalogueRow {
        id: C_ISS_MISMATCH,
        role: "C",
        level: "MUST",
        versions: "07+",
        requirement: "`iss` present and ≠ recorded issuer → reject (whether or not advertised).",
        sources: "same (rows 1 and 3 of the MCP table)",
        test: "`iss=https://evil.harness.test` with flag true, and with flag absent. **Pass:** no token request in both.",
    },
    CatalogueRow {
        id: C_ISS_UNADVERTISED_ABSENT,
        role: "C",
        level: "MUST (proceed)",
        versions: "07+",
        requirement: "Flag false/absent and no `iss` → proceed.",
        sources: "same (row 4)",
        test: "**Pass:** token request made.",
    },
    CatalogueRow {
        id: C_ISS_NO_NORMALIZATION,
        role: "C",
        level: "MUST NOT",
        versions: "07+",
        requirement: "After form-decoding, compare `iss` by simple string comparison: no case folding, default-port elision, trailing-slash or percent-encoding normalisation.",
        sources: "MCP-07 idx; RFC 3986 §6.2.1",
        test: "`iss` variants `https://AS.harness.test`, `https://as.harness.test/`, `https://as.harness.test:443`, `https://as.harness.test/%74enant` (issuer has path `/tenant`). **Pass:** all rejected.",
    },
    CatalogueRow {
        id: C_ISS_ERROR_RESPONSES,
        role: "C",
        level: "MUST / MUST NOT",
        versions: "07+",
        requirement: "`iss` validation applies to error responses; on mismatch the client must not act on or display `error`, `error_description`, `error_uri`.",
        sources: "MCP-07 idx; RFC 9207 §2.4",
        test: "Error redirect with wrong `iss` and `error_description=HARNESS-MARKER-…`. **Pass:** marker absent from client UI/output/logs; client does not, e.g., switch flows based on `error`.",
    },
    CatalogueRow {
        id: C_MIXUP_TOKEN_ENDPOINT,
        role: "C",
        level: "MUST",
        versions: "06+ (O21) · 07 explicit",
        requirement: "Code obtained from AS X is only sent to AS X's token endpoint; the client processes only responses from the issuer it sent the request to.",
        sources: "O21 §2.3.4, §7.14; MCP-07 sec §Mix-Up Attacks",
        test: "Mix-up scenario: attacker AS-A metadata (valid issuer A, `iss` supported) lists `authorization_endpoint` of honest AS-H and its own `token_endpoint`; AS-H returns code + `iss=H`. **Pass (07+):** client rejects; AS-A token endpoint never receives the code or verifier. Run also without `iss` to document residual exposure (expected to succeed — informational).",
    },
    CatalogueRow {
        id: C_REDIRECT_REGISTERED,
        role: "C",
        level: "MUST",
        versions: "06+",
        requirement: "Redirect URIs are registered with the AS; the request uses a registered one exactly (loopback port variation only).",
        sources: "MCP-06+ §Open Redirection; O21 §2.3.1",
        test: "Mock AS enforces exact match against DCR/CIMD/pre-registered values. **Pass:** `redirect_uri` in request ∈ registered set (byte-exact, except port for `127.0.0.1`/`[::1]`).",
    },
    CatalogueRow {
        id: C_REDIRECT_SCHEME,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "Redirect URIs are `localhost`/loopback `http` or `https`; loopback IP literal preferred over the name `localhost` (NOT RECOMMENDED).",
        sources: "MCP-03 §Security; MCP-06+ §Communication Security; O21 §8.4.2",
        test: "Inspect registered and used redirect URIs. **Fail:** `http://<non-loopback>`, custom/private-use schemes (MCP allows only localhost or https). **Info:** `localhost` instead of `127.0.0.1`.",
    },
    CatalogueRow {
        id: C_REDIRECT_LISTENER,
        role: "C",
        level: "(robust)",
        versions: "03+",
        requirement: "Loopback callback listener binds to loopback only and stops accepting after the transaction.",
        sources: "O21 §8.4.2, §8.5.4",
        test: "Local mode: check bind address; replay the callback after completion → ignored.",
    },
    CatalogueRow {
        id: C_NO_OPEN_REDIRECTOR,
        role: "C",
        level: "MUST NOT",
        versions: "03+",
        requirement: "The client's redirect endpoint never forwards to arbitrary URLs from parameters.",
        sources: "O21 §2.3.1, §7.12.1",
        test: "Hit callback with `?next=https://evil.harness.test`, `?redirect_uri=…`. **Fail:** 3xx to the supplied URL.",
    },
    CatalogueRow {
        id: C_REG_PRIORITY,
        role: "C",
        level: "SHOULD",
        versions: "11+",
        requirement: "Prefer: pre-registered credentials → CIMD if `client_id_metadata_document_supported` → DCR if `registration_endpoint` → ask the user.",
        sources: "MCP-11 §Client Registration Approaches; MCP-07 reg",
        test: "Matrix: (a) pre-registered configured + CIMD + DCR available → no CIMD/DCR use; (b) CIMD flag true + DCR → URL `client_id`, no registration POST; (c) flag absent + DCR → registration POST; (d) neither → prompt/error.",
    },
    CatalogueRow {
        id: C_REG_PREREG,
        role: "C",
        level: "SHOULD",
        versions: "11+",
        requirement: "Support static client credentials (configured client_id/secret).",
        sources: "MCP-11+ §Preregistration",
        test: "Configure credentials; AS has no DCR/CIMD. **Pass:** flow completes with configured `client_id`; secret sent using the configured auth method.",
    },
    CatalogueRow {
        id: C_REG_CIMD_CLIENT_ID,
        role: "C",
        level: "MUST",
        versions: "11+",
        requirement: "CIMD `client_id` is an https URL with a path; no fragment, no userinfo, no `.`/`..` segments; SHOULD NOT have a query; same value in authorization and token requests.",
        sources: "MCP-11+ §CIMD Implementation Requirements; CIMD §3",
        test: "Inspect `client_id` in both requests.",
    },
    CatalogueRow {
        id: C_REG_CIMD_DOCUMENT,
        role: "C",
        level: "MUST",
        versions: "11+",
        requirement: "The document at `client_id` is JSON containing at least `client_id` (exactly the URL), `client_name`, `redirect_uris` (containing the redirect URI used); no shared-secret auth methods; no `client_secret*`.",
        sources: "MCP-11+ §CIMD; CIMD §4.1",
        test: "Harness fetches the URL (or the client's configured document is served by the harness). **Pass:** 200 JSON object; checks above; size ≤ 5 KiB (info; AS SHOULD limit); `token_endpoint_auth_method` ∈ {`none`, `private_key_jwt`(+`jwks`/`jwks_uri`)}.",
    },
    CatalogueRow {
        id: C_REG_CIMD_CAPABILITY_CHECK,
        role: "C",
        level: "SHOULD",
        versions: "11+",
        requirement: "Check `client_id_metadata_document_supported` before using a URL client_id; MAY fall back to DCR/pre-registration.",
        sources: "MCP-11+ §CIMD Discovery",
        test: "Flag absent/false. **Fail-soft:** URL `client_id` sent anyway.",
    },
    CatalogueRow {
        id: C_REG_CIMD_PRIVATE_KEY_JWT,
        role: "C",
        level: "MAY (if used: MUST per RFC 7523)",
        versions: "11+",
        requirement: "When `private_key_jwt` is used, the token request carries `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` and a JWT with `iss`=`sub`=client_id, `aud` = AS, short `exp`, unique `jti`, verifiable via the document's keys.",
        sources: "MCP-11+ §CIMD; CIMD §6.2; RFC 7523 §3",
        test: "Verify assertion claims/signature; replayed `jti` (harness replays) must not be reused by the client.",
    },
    CatalogueRow {
        id: C_REG_DCR_REQUEST,
        role: "C",
        level: "SHOULD (03, 06) · MAY (11) · deprecated (07+)",
        versions: "03+",
        requirement: "DCR: POST JSON to `registration_endpoint` with `redirect_uris` and consistent `grant_types`/`response_types`; 07+: SHOULD include `refresh_token` in `grant_types` if it wants refresh tokens.",
        sources: "MCP-06 §DCR; MCP-11 §DCR; MCP-07 reg; RFC 7591 §2, §3.1; MCP-07 idx §Refresh Tokens",
        test: "Inspect request: method POST, `Content-Type: application/json`, body schema §4.6; `authorization_code` ↔ `code` consistency.",
    },
    CatalogueRow {
        id: C_REG_DCR_APPLICATION_TYPE,
        role: "C",
        level: "MUST · SHOULD (value)",
        versions: "07+",
        requirement: "DCR request includes `application_type`; `native` for desktop/CLI/localhost redirects, `web` for remote web apps.",
        sources: "MCP-07 reg §Application Type and Redirect URI Constraints",
        test: "**Fail:** absent. **Warn:** `web` with loopback redirect URIs.",
    },
    CatalogueRow {
        id: C_REG_DCR_RESPONSE,
        role: "C",
        level: "MUST",
        versions: "03+",
        requirement: "Use the returned `client_id`; if a `client_secret` is returned, authenticate with the returned `token_endpoint_auth_method` (`client_secret_basic`: form-urlencode id and secret before Base64; `client_secret_post`: body params); honour server-modified metadata; re-register when `client_secret_expires_at` has passed.",
        sources: "RFC 7591 §3.2.1; RFC 6749 §2.3.1; O21 §2.4",
        test: "Responses: public (`none`), basic, post; secret with `:` and `%`, `+` characters; `client_secret_expires_at` in the past; server-replaced `redirect_uris`. **Pass:** correct auth at token endpoint in each case.",
    },
    CatalogueRow {
        id: C_REG_DCR_ERRORS,
        role: "C",
        level: "MUST (be prepared) · SHOULD (surface) · MAY (retry)",
        versions: "07+ (robust earlier)",
        requirement: "Registration errors (e.g. `invalid_redirect_uri`, `invalid_client_metadata`) are surfaced meaningfully; a retry with adjusted `application_type`/redirect URIs is allowed; no infinite loop.",
        sources: "MCP-07 reg; RFC 7591 §3.2.2",
        test: "400 JSON errors; 200 instead of 201 (info: many ASes do this); 201 without `client_id`. **Pass:** bounded retries, clear error; missing `client_id` rejected.",
    },
    CatalogueRow {
        id: C_REG_AS_BINDING,
        role: "C",
        level: "MUST / MUST NOT / SHOULD",
        versions: "07+",
        requirement: "Persisted DCR and pre-registered credentials are keyed by issuer; when PRM points at a different AS the client does not reuse old credentials and re-registers; for pre-registered credentials it SHOULD surface an error. CIMD IDs may be reused.",
        sources: "MCP-07 reg §Authorization Server Binding; RFC 6749 §2.2",
        test: "Run flow with AS1 (DCR) → switch PRM to AS2 → 401. **Pass:** registration POST to AS2; AS2 never sees AS1's `client_id`/secret/tokens. Pre-registered variant: error surfaced. CIMD variant: same URL `client_id` at AS2 is fine.",
    },
    CatalogueRow {
        id: C_REG_03_DEFAULT,
        role: "C",
        level: "MUST",
        versions: "03",
        requirement: "Without metadata, DCR goes to `O/register`.",
        sources: "MCP-03 §Fallbacks",
        test: "See C-ASMETA-03-DEFAULTS.",
    },
    CatalogueRow {
        id: C_STDIO_NO_OAUTH,
        role: "C",
        level: "SHOULD NOT",
        versions: "03+",
        requirement: "stdio transports don't use this OAuth flow (credentials come from the environment).",
        sources: "MCP all §Protocol Requirements",
        test: "stdio target: no HTTP discovery/authorization traffic observed.",
    },
    CatalogueRow {
        id: C_LOCAL_SERVER_CONSENT,
        role: "C",
        level: "MUST",
        versions: "11+ (SBP)",
        requirement: "One-click local server configuration shows the full command and requires explicit consent before executing.",
        sources: "SBP §Local MCP Server Compromise",
        test: "Out of scope for protocol harness; list for completeness (UI test).",
    },
    CatalogueRow {
        id: C_URL_ELICITATION_HANDLING,
        role: "C",
        level: "MUST / MUST NOT",
        versions: "11+",
        requirement: "URL-mode elicitation: no pre-fetching, no opening without consent, show full URL.",
        sources: "11 client/elicitation §Safe URL Handling",
        test: "Adjacent (not auth); canary URL must not be fetched automatically.",
    },
    CatalogueRow {
        id: AS_META_PUBLISHED,
        role: "AS",
        level: "MUST",
        versions: "06 (RFC 8414) · 11+ (RFC 8414 or OIDC)",
        requirement: "AS publishes RFC 8414 metadata (06) / at least one of RFC 8414 or OIDC Discovery (11+), at the §3 locations.",
        sources: "MCP-06 §Overview 4; MCP-11+ §Overview 5",
        test: "Probe §3 URLs for the issuer. **Pass:** ≥1 returns 200 JSON.",
    },
    CatalogueRow {
        id: AS_META_ISSUER,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "`issuer` equals the issuer identifier used to build the URL; https, no query, no fragment.",
        sources: "RFC 8414 §2, §3.3; OIDC Discovery §4.3",
        test: "Byte-compare. **Fail:** mismatch (including trailing slash).",
    },
    CatalogueRow {
        id: AS_META_REQUIRED,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "RFC 8414: `issuer`, `authorization_endpoint`, `token_endpoint`, `response_types_supported` (with `code`). OIDC adds `jwks_uri`, `subject_types_supported`, `id_token_signing_alg_values_supported`.",
        sources: "RFC 8414 §2; OIDC Discovery §3",
        test: "Schema §4.5.",
    },
    CatalogueRow {
        id: AS_META_PKCE,
        role: "AS",
        level: "MUST (OIDC, 11+) · (derived MUST for MCP use)",
        versions: "11+",
        requirement: "`code_challenge_methods_supported` present and containing `S256` (otherwise MCP clients refuse).",
        sources: "MCP-11+ §Authorization Code Protection; RFC 8414 §2; O21 §7.9 (AS MUST make PKCE support detectable)",
        test: "**Fail:** absent or lacking `S256`. **Warn:** lists `plain`.",
    },
    CatalogueRow {
        id: AS_META_HTTPS,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "All AS endpoints (authorization, token, registration, JWKS, …) are https.",
        sources: "MCP-03 §Security 3; MCP-06+ §Communication Security",
        test: "Scheme + certificate checks on every URL in the document.",
    },
    CatalogueRow {
        id: AS_META_CIMD_FLAG,
        role: "AS",
        level: "MUST (if CIMD supported and RFC 8414 published)",
        versions: "11+",
        requirement: "ASes supporting CIMD advertise `client_id_metadata_document_supported: true`.",
        sources: "CIMD §5; MCP-11+ §CIMD Discovery",
        test: "Cross-check with AS-CIMD-FETCH.",
    },
    CatalogueRow {
        id: AS_META_ISS_FLAG,
        role: "AS",
        level: "MUST (if `iss` sent)",
        versions: "07+",
        requirement: "ASes that send `iss` set `authorization_response_iss_parameter_supported: true`; `iss` equals metadata `issuer`.",
        sources: "MCP-07 idx §Authorization Response Validation; RFC 9207 §2.3",
        test: "Compare flag with observed responses.",
    },
    CatalogueRow {
        id: AS_PKCE_REQUIRED,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "Reject authorization requests without `code_challenge` from public clients.",
        sources: "O21 §4.1.2.1, §7.5.2",
        test: "Public client, no challenge. **Pass:** error (`invalid_request`) via redirect to the (valid) redirect URI, no code.",
    },
    CatalogueRow {
        id: AS_NO_IMPLICIT,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "The implicit grant is removed: `response_type=token` (or any response type that returns an access token in the front channel) must be refused.",
        sources: "O21 §4.1.1, §10 (Removal of the Implicit grant); MCP-03+ (OAuth 2.1)",
        test: "Authorization request with `response_type=token`. **Pass:** error (`unsupported_response_type` redirect or 400), never a fragment carrying `access_token`. **Fail:** a 302 whose fragment or query holds an access token.",
    },
    CatalogueRow {
        id: AS_PKCE_S256,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "`S256` supported (mandatory to implement); unsupported method → `invalid_request`.",
        sources: "O21 §4.1.1, §4.1.2.1",
        test: "Send S256 → code; send `code_challenge_method=FOO` → `invalid_request`.",
    },
    CatalogueRow {
        id: AS_PKCE_VERIFY,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "Token request: verifier present iff challenge was present; verifier must transform to the stored challenge; otherwise reject (`invalid_grant` / `invalid_request`).",
        sources: "O21 §4.1.3, §3.2.4; RFC 7636 §4.6",
        test: "(a) wrong verifier; (b) missing verifier; (c) verifier for a code issued without challenge (downgrade). **Pass:** all rejected.",
    },
    CatalogueRow {
        id: AS_REDIRECT_EXACT,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "Redirect URI must exactly match a registered one (simple string comparison), except the port of loopback redirect URIs.",
        sources: "O21 §2.3.1, §4.1.1; MCP-06+ §Open Redirection; CIMD §4.5",
        test: "Variants of a registered `https://c.test/cb`: `…/cb/`, `…/CB`, `…/cb?x=1`, `…/cb#f`, `http://c.test/cb`, `https://c.test:444/cb`, `https://c.test.evil/cb`, `https://user@c.test/cb`, `https://c.test/cb/../evil`, `https://c.test/%63b`. Loopback `http://127.0.0.1:1234/cb` registered → `:5678` allowed. **Pass:** mismatches rejected, loopback port change accepted.",
    },
    CatalogueRow {
        id: AS_REDIRECT_NO_AUTO,
        role: "AS",
        level: "MUST NOT",
        versions: "03+",
        requirement: "On missing/invalid/mismatching redirect URI or invalid `client_id`, do not redirect the user agent to it; inform the user.",
        sources: "O21 §2.3.5, §4.1.2.1",
        test: "Same variants. **Fail:** any 3xx whose `Location` is the submitted URI.",
    },
    CatalogueRow {
        id: AS_OPEN_REDIRECT,
        role: "AS",
        level: "MUST · SHOULD",
        versions: "06+",
        requirement: "Take precautions against being an open redirector (authenticate the user before redirecting; only auto-redirect to trusted URIs, else inform the user).",
        sources: "MCP-06+ §Open Redirection; O21 §7.12.2",
        test: "Freshly DCR-registered attacker client with `redirect_uri=https://evil.test/cb` sends `scope=invalid`. **Info/Fail:** immediate 302 to evil without user authentication.",
    },
    CatalogueRow {
        id: AS_CODE_SINGLE_USE,
        role: "AS",
        level: "MUST · SHOULD",
        versions: "03+",
        requirement: "A code yields tokens once; a second valid redemption is denied and previously issued tokens SHOULD be revoked.",
        sources: "O21 §4.1.3, §7.5.3",
        test: "Redeem twice. **Pass:** second → `invalid_grant`; first token then inactive (SHOULD).",
    },
    CatalogueRow {
        id: AS_CODE_BINDING,
        role: "AS",
        level: "MUST · RECOMMENDED",
        versions: "03+",
        requirement: "Code bound to client, redirect URI and challenge; short lifetime (≤10 min RECOMMENDED).",
        sources: "O21 §4.1.2, §4.1.3",
        test: "Redeem with another client's id; redeem after 11 min.",
    },
    CatalogueRow {
        id: AS_TOKEN_RESPONSE,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "200 JSON with `access_token`, `token_type`; `expires_in` RECOMMENDED; `scope` if it differs from request; `Cache-Control: no-store`.",
        sources: "O21 §3.2.3",
        test: "Schema §4.8 + header check.",
    },
    CatalogueRow {
        id: AS_TOKEN_ERRORS,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "400 JSON `error` from the fixed set; `invalid_client` via `Authorization` header → 401 with `WWW-Authenticate`.",
        sources: "O21 §3.2.4",
        test: "Bad grant, bad client, unsupported grant type.",
    },
    CatalogueRow {
        id: AS_RESOURCE_AUDIENCE,
        role: "AS",
        level: "SHOULD",
        versions: "06+",
        requirement: "Tokens requested with `resource` are audience-restricted to it; unknown/malformed resource → `invalid_target`.",
        sources: "RFC 8707 §2; O21 §7.1.3.6, §7.1.4; MCP-06+ §Token Audience Binding",
        test: "Request with `resource=R`; inspect JWT `aud`/introspection `aud`. `resource=relative/path` or with `#frag` → `invalid_target`.",
    },
    CatalogueRow {
        id: AS_RT_ROTATION,
        role: "AS",
        level: "MUST",
        versions: "06+",
        requirement: "For public clients, refresh tokens are rotated (or sender-constrained); reuse of an old refresh token is detected.",
        sources: "MCP-06+ §Token Theft; O21 §4.3.1",
        test: "Refresh twice with the same RT. **Pass:** new RT each time; replay of the old RT rejected (and family revoked).",
    },
    CatalogueRow {
        id: AS_RT_SCOPE,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "A refresh request may not add scopes not originally granted (`invalid_scope`).",
        sources: "O21 §4.3.1",
        test: "Refresh with `scope=<granted> admin`. **Pass:** `invalid_scope`.",
    },
    CatalogueRow {
        id: AS_SHORT_LIVED,
        role: "AS",
        level: "SHOULD",
        versions: "03+",
        requirement: "Short-lived access tokens.",
        sources: "MCP-03 §Implementation Requirements 4; MCP-06+ §Token Theft",
        test: "Info: report `expires_in`.",
    },
    CatalogueRow {
        id: AS_ISS_IN_RESPONSE,
        role: "AS",
        level: "SHOULD",
        versions: "07+",
        requirement: "Include `iss` in authorization responses including error responses.",
        sources: "MCP-07 idx §Authorization Response Validation; RFC 9207 §2",
        test: "Inspect success and `access_denied` redirects.",
    },
    CatalogueRow {
        id: AS_NO_307,
        role: "AS",
        level: "MUST NOT",
        versions: "03+",
        requirement: "Never use 307 to redirect a request that may contain user credentials (use 303).",
        sources: "O21 §7.5.4",
        test: "Observe redirect after the (mock) credential POST.",
    },
    CatalogueRow {
        id: AS_DCR_RESPONSE,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "201 Created, JSON with `client_id`; `client_secret_expires_at` when a secret is issued; registered metadata echoed; unknown metadata ignored.",
        sources: "RFC 7591 §2, §3.2.1",
        test: "POST a valid request with an unknown member. **Pass:** 201 + required fields (200 = info).",
    },
    CatalogueRow {
        id: AS_DCR_ERRORS,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "400 JSON with `error` ∈ {`invalid_redirect_uri`, `invalid_client_metadata`, `invalid_software_statement`, `unapproved_software_statement`}.",
        sources: "RFC 7591 §3.2.2",
        test: "Invalid inputs below.",
    },
    CatalogueRow {
        id: AS_DCR_REDIRECT_SCHEME,
        role: "AS",
        level: "MUST",
        versions: "03+",
        requirement: "Registered redirect URIs must be loopback/localhost or https (no fragments, absolute).",
        sources: "MCP-03 §Security 5; MCP-06+ §Communication Security; O21 §2.3",
        test: "Register `http://evil.test/cb`, `javascript:x`, `https://c.test/cb#f`, relative `/cb`. **Pass:** `invalid_redirect_uri`.",
    },
    CatalogueRow {
        id: AS_DCR_APPTYPE_CONSTRAINTS,
        role: "AS",
        level: "MAY (OIDC)",
        versions: "07+",
        requirement: "OIDC ASes may reject native-style redirect URIs for `web` clients; they must return a clean registration error.",
        sources: "MCP-07 reg §Application Type",
        test: "Register loopback redirect with `application_type:\"web\"` → error is allowed; must be 400 JSON.",
    },
    CatalogueRow {
        id: AS_CIMD_FETCH,
        role: "AS",
        level: "SHOULD",
        versions: "11+",
        requirement: "On a URL-formatted `client_id`, fetch the document.",
        sources: "MCP-11+ §CIMD (AS); CIMD §4",
        test: "Harness hosts the document and logs the fetch.",
    },
    CatalogueRow {
        id: AS_CIMD_ID_MATCH,
        role: "AS",
        level: "MUST",
        versions: "11+",
        requirement: "Document `client_id` must equal the URL exactly.",
        sources: "MCP-11+ §CIMD; CIMD §4.1",
        test: "Document with trailing slash / other host / missing `client_id`. **Pass:** authorization refused (`invalid_client` or `invalid_request`), no redirect to the supplied URI.",
    },
    CatalogueRow {
        id: AS_CIMD_REDIRECT,
        role: "AS",
        level: "MUST",
        versions: "11+",
        requirement: "Redirect URI in the request must be one of the document's `redirect_uris` (exact).",
        sources: "MCP-11+ §CIMD; CIMD §4.5",
        test: "Request with an unlisted redirect URI.",
    },
    CatalogueRow {
        id: AS_CIMD_STRUCTURE,
        role: "AS",
        level: "MUST",
        versions: "11+",
        requirement: "Document must be valid JSON with required fields.",
        sources: "MCP-11+ §CIMD",
        test: "Invalid JSON, array root, missing `redirect_uris`.",
    },
    CatalogueRow {
        id: AS_CIMD_NO_SECRETS,
        role: "AS",
        level: "MUST (document constraint)",
        versions: "11+",
        requirement: "Documents with shared-secret auth methods or `client_secret*` are invalid.",
        sources: "CIMD §4.1",
        test: "`token_endpoint_auth_method: client_secret_basic` → rejected.",
    },
    CatalogueRow {
        id: AS_CIMD_SSRF,
        role: "AS",
        level: "SHOULD (-00) · MUST (-01, special-use IPs)",
        versions: "11+",
        requirement: "Don't fetch `client_id` URLs (or URLs inside documents) resolving to private/loopback/special-use addresses; require https.",
        sources: "MCP-11+ §AS Abuse Protection; CIMD §6.5; CIMD-01 §6.5",
        test: "`client_id` = `https://127.0.0.2:<canary>/c.json`, name resolving to 169.254.169.254, `http://…`. **Pass:** canary silent, request rejected.",
    },
    CatalogueRow {
        id: AS_CIMD_LIMITS,
        role: "AS",
        level: "SHOULD · MUST NOT (redirects, -01)",
        versions: "11+",
        requirement: "Limit document size (~5 KB recommended); only 200 is success and redirects are not followed (-01); errors and invalid documents are never cached; caching SHOULD respect HTTP headers.",
        sources: "CIMD §4.3, §4.4, §6.6; CIMD-01 §4",
        test: "10 MiB document; 302 to another host; 404 then fixed document (must refetch); `Cache-Control: max-age=0`.",
    },
    CatalogueRow {
        id: AS_CIMD_DISPLAY,
        role: "AS",
        level: "MUST · SHOULD",
        versions: "11+",
        requirement: "Consent UI clearly shows the redirect URI hostname; SHOULD warn for localhost-only redirect URIs; SHOULD show `client_id` host.",
        sources: "MCP-11+ §Localhost Redirect URI Risks; CIMD §6.4",
        test: "Heuristic: consent HTML contains the redirect host.",
    },
    CatalogueRow {
        id: PX_CONSENT_PER_CLIENT,
        role: "PX",
        level: "MUST",
        versions: "06+",
        requirement: "With a static upstream client ID, obtain user consent for **each** dynamically registered MCP client before forwarding to the third-party AS.",
        sources: "MCP-06+ §Confused Deputy Problem; SBP §Confused Deputy",
        test: "Harness = third-party AS that auto-consents by cookie. Register client 1, complete flow; register client 2 (redirect `https://evil.test/cb`) and start a flow in the same user agent. **Pass:** PX shows its own consent page before redirecting upstream. **Fail:** code delivered to evil without PX consent.",
    },
    CatalogueRow {
        id: PX_CONSENT_UI,
        role: "PX",
        level: "MUST",
        versions: "11+",
        requirement: "Consent page names the client, shows requested upstream scopes and the redirect URI, has CSRF protection, and cannot be framed (CSP `frame-ancestors` or `X-Frame-Options: DENY`).",
        sources: "SBP §Consent UI Requirements",
        test: "Fetch consent page; check headers and content; submit approval without CSRF token → rejected.",
    },
    CatalogueRow {
        id: PX_CONSENT_COOKIE,
        role: "PX",
        level: "MUST",
        versions: "11+",
        requirement: "Consent cookies use `__Host-` prefix, `Secure`, `HttpOnly`, `SameSite=Lax`, are signed/server-side, and are bound to the `client_id`.",
        sources: "SBP §Consent Cookie Security",
        test: "Inspect `Set-Cookie`; replay client 1's cookie in client 2's flow → consent still required.",
    },
    CatalogueRow {
        id: PX_REDIRECT_EXACT,
        role: "PX",
        level: "MUST",
        versions: "11+",
        requirement: "Exact-string redirect URI match; changed redirect URI requires re-registration.",
        sources: "SBP §Redirect URI Validation",
        test: "As AS-REDIRECT-EXACT.",
    },
    CatalogueRow {
        id: PX_STATE,
        role: "PX",
        level: "MUST",
        versions: "11+",
        requirement: "Cryptographically random `state` per request, stored only after consent, checked at the callback, single-use, short-lived; missing/mismatching state rejected.",
        sources: "SBP §OAuth State Parameter Validation",
        test: "Callback with missing state, wrong state, replayed state, state from before consent. **Pass:** all rejected.",
    },
];

/// Looks a row up by its ID.
pub fn lookup(id: &str) -> Option<&'static CatalogueRow> {
    CATALOGUE.iter().find(|row| row.id.as_str() == id)
}
