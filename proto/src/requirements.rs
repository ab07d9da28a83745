//! The requirement catalogue: every row ID of `shared/spec/requirements.md`, with the
//! role, level and spec versions its table gives.
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
    CatalogueRow { id: RS_401_NOAUTH, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_401_WWWAUTH, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_401_BEARER_PARAMS, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_401_RESOURCE_METADATA, role: "RS", level: "MUST", versions: "06" },
    CatalogueRow { id: RS_PRM_DISCOVERABLE, role: "RS", level: "MUST", versions: "11+" },
    CatalogueRow {
        id: RS_401_NO_ERROR_WITHOUT_TOKEN,
        role: "RS",
        level: "SHOULD NOT",
        versions: "03+",
    },
    CatalogueRow { id: RS_401_SCOPE_HINT, role: "RS", level: "SHOULD", versions: "11+" },
    CatalogueRow { id: RS_WWWAUTH_SYNTAX, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_WWWAUTH_HOST_INJECTION, role: "RS", level: "(robust)", versions: "06+" },
    CatalogueRow { id: RS_ERROR_STATUS_TABLE, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow {
        id: RS_PRM_WELLKNOWN_PATH,
        role: "RS",
        level: "MUST (RFC 9728) / one-of (MCP 11+)",
        versions: "06+",
    },
    CatalogueRow { id: RS_PRM_HTTP, role: "RS", level: "MUST", versions: "06+" },
    CatalogueRow { id: RS_PRM_RESOURCE, role: "RS", level: "MUST", versions: "06+" },
    CatalogueRow { id: RS_PRM_AS_NONEMPTY, role: "RS", level: "MUST", versions: "06+" },
    CatalogueRow { id: RS_PRM_TYPES, role: "RS", level: "MUST", versions: "06+" },
    CatalogueRow {
        id: RS_PRM_BEARER_METHODS,
        role: "RS",
        level: "MUST NOT (derived)",
        versions: "06+",
    },
    CatalogueRow {
        id: RS_PRM_SCOPES,
        role: "RS",
        level: "SHOULD / SHOULD NOT",
        versions: "11+ / 07+",
    },
    CatalogueRow { id: RS_PRM_SIGNED, role: "RS", level: "MUST (if used)", versions: "06+" },
    CatalogueRow { id: RS_PRM_HTTPS, role: "RS", level: "MUST", versions: "06+" },
    CatalogueRow { id: RS_TOKEN_VALID, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_TOKEN_GARBAGE, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_TOKEN_EXPIRED, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_TOKEN_EXP_REQUIRED, role: "RS", level: "MUST", versions: "06+" },
    CatalogueRow { id: RS_TOKEN_NOT_YET_VALID, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_TOKEN_AUDIENCE, role: "RS", level: "MUST", versions: "06+" },
    CatalogueRow { id: RS_TOKEN_ISSUER, role: "RS", level: "MUST", versions: "06+" },
    CatalogueRow { id: RS_TOKEN_SIGNATURE, role: "RS", level: "MUST", versions: "06+" },
    CatalogueRow {
        id: RS_TOKEN_TYPE,
        role: "RS",
        level: "MUST (RFC 9068) / derived MUST",
        versions: "06+",
    },
    CatalogueRow { id: RS_TOKEN_INACTIVE, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_TOKEN_QUERY_IGNORED, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow {
        id: RS_TOKEN_JSON_BODY_IGNORED,
        role: "RS",
        level: "(derived)",
        versions: "03+",
    },
    CatalogueRow { id: RS_TOKEN_MULTI_METHOD, role: "RS", level: "SHOULD", versions: "03+" },
    CatalogueRow { id: RS_BEARER_CASE, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow {
        id: RS_BEARER_SYNTAX,
        role: "RS",
        level: "(robust) / MUST for valid forms",
        versions: "03+",
    },
    CatalogueRow {
        id: RS_OTHER_SCHEME,
        role: "RS",
        level: "SHOULD NOT (error info)",
        versions: "03+",
    },
    CatalogueRow { id: RS_AUTH_EVERY_REQUEST, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_SESSION_USER_BINDING, role: "RS", level: "SHOULD", versions: "06–11" },
    CatalogueRow { id: RS_SESSION_ID_ENTROPY, role: "RS", level: "MUST", versions: "06–11" },
    CatalogueRow { id: RS_STATE_HANDLE, role: "RS", level: "MUST NOT / SHOULD", versions: "07+" },
    CatalogueRow {
        id: RS_403_INSUFFICIENT_SCOPE,
        role: "RS",
        level: "SHOULD (status/challenge) · MUST (not serving)",
        versions: "11+ (403 row in table 03+)",
    },
    CatalogueRow { id: RS_403_SCOPE_PARAM, role: "RS", level: "SHOULD", versions: "11+" },
    CatalogueRow { id: RS_403_SINGLE_CHALLENGE, role: "RS", level: "SHOULD", versions: "07+" },
    CatalogueRow { id: RS_403_RESOURCE_METADATA, role: "RS", level: "SHOULD", versions: "11+" },
    CatalogueRow { id: RS_SCOPE_HIERARCHY, role: "RS", level: "MUST", versions: "07+" },
    CatalogueRow { id: RS_SCOPE_DOWNSCOPED, role: "RS", level: "SHOULD (SBP)", versions: "11+" },
    CatalogueRow { id: RS_NO_TOKEN_PASSTHROUGH, role: "RS", level: "MUST NOT", versions: "06+" },
    CatalogueRow {
        id: RS_ORIGIN_VALIDATION,
        role: "RS",
        level: "MUST",
        versions: "03+ (403 code 11+)",
    },
    CatalogueRow { id: RS_LOCAL_BIND, role: "RS", level: "SHOULD", versions: "03+" },
    CatalogueRow { id: RS_HTTPS_ENDPOINT, role: "RS", level: "MUST", versions: "03+" },
    CatalogueRow { id: RS_URL_ELICIT_NOT_AUTHN, role: "RS", level: "MUST NOT", versions: "11+" },
    CatalogueRow { id: RS03_ASMETA_ORIGIN, role: "RS03", level: "SHOULD", versions: "03" },
    CatalogueRow {
        id: RS03_DEFAULT_ENDPOINTS,
        role: "RS03",
        level: "MUST (if no metadata)",
        versions: "03",
    },
    CatalogueRow { id: RS03_REDIRECT_VALIDATION, role: "RS03", level: "MUST", versions: "03" },
    CatalogueRow { id: RS03_3P_BINDING, role: "RS03", level: "MUST", versions: "03" },
    CatalogueRow { id: C_401_STARTS_AUTH, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow { id: C_WWWAUTH_PARSE, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow { id: C_PRM_USE_HEADER, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow { id: C_PRM_FALLBACK_ORDER, role: "C", level: "MUST", versions: "11+" },
    CatalogueRow { id: C_PRM_NOT_FOUND_HANDLING, role: "C", level: "(robust)", versions: "11+" },
    CatalogueRow { id: C_PRM_ALL_FAIL, role: "C", level: "MUST (abort)", versions: "11+" },
    CatalogueRow { id: C_PRM_200_JSON_ONLY, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow { id: C_PRM_RESOURCE_MATCH, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow { id: C_PRM_CROSS_RESOURCE, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow { id: C_PRM_AS_VALIDATION, role: "C", level: "MUST (derived)", versions: "06+" },
    CatalogueRow {
        id: C_PRM_MULTI_AS,
        role: "C",
        level: "MAY (choice) · MUST (07 isolation)",
        versions: "06+ / 07+",
    },
    CatalogueRow {
        id: C_PRM_REFETCH_ON_CHANGE,
        role: "C",
        level: "SHOULD (RFC 9728) · MUST (07 re-register)",
        versions: "06+ / 07+",
    },
    CatalogueRow { id: C_DISC_SSRF, role: "C", level: "SHOULD", versions: "06+" },
    CatalogueRow { id: C_DISC_HOSTILE_DOCS, role: "C", level: "(robust)", versions: "06+" },
    CatalogueRow { id: C_ASMETA_03_ORIGIN, role: "C", level: "MUST", versions: "03" },
    CatalogueRow { id: C_ASMETA_03_DEFAULTS, role: "C", level: "MUST", versions: "03" },
    CatalogueRow { id: C_ASMETA_RFC8414_PATH, role: "C", level: "MUST", versions: "06" },
    CatalogueRow { id: C_ASMETA_ORDER_PATH, role: "C", level: "MUST", versions: "11+" },
    CatalogueRow { id: C_ASMETA_ORDER_ROOT, role: "C", level: "MUST", versions: "11+" },
    CatalogueRow { id: C_ASMETA_OIDC, role: "C", level: "MUST", versions: "11+" },
    CatalogueRow {
        id: C_ASMETA_ISSUER_MATCH,
        role: "C",
        level: "MUST",
        versions: "06+ (RFC) · explicit 07+",
    },
    CatalogueRow {
        id: C_ASMETA_REQUIRED_FIELDS,
        role: "C",
        level: "MUST (derived)",
        versions: "03+",
    },
    CatalogueRow { id: C_ASMETA_ENDPOINT_SCHEMES, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow { id: C_AUTHURL_NO_SHELL, role: "C", level: "MUST NOT", versions: "06+ (SBP)" },
    CatalogueRow { id: C_ASMETA_TLS, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow { id: C_PKCE_USED, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow {
        id: C_PKCE_S256,
        role: "C",
        level: "MUST",
        versions: "11+ (O21 §4.1.1 for all)",
    },
    CatalogueRow {
        id: C_PKCE_VERIFIER_FORMAT,
        role: "C",
        level: "MUST (syntax) · SHOULD (entropy)",
        versions: "03+",
    },
    CatalogueRow { id: C_PKCE_FRESH, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow { id: C_PKCE_METADATA_REQUIRED, role: "C", level: "MUST", versions: "11+" },
    CatalogueRow {
        id: C_PKCE_NO_S256_ADVERTISED,
        role: "C",
        level: "MUST",
        versions: "11+ (derived for 06)",
    },
    CatalogueRow {
        id: C_PKCE_NO_DOWNGRADE_ON_ERROR,
        role: "C",
        level: "MUST NOT",
        versions: "03+",
    },
    CatalogueRow { id: C_RES_AUTHZ, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow { id: C_RES_TOKEN, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow {
        id: C_RES_CANONICAL,
        role: "C",
        level: "MUST (identify server, absolute, no fragment) · SHOULD (form)",
        versions: "06+",
    },
    CatalogueRow { id: C_RES_ALWAYS, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow { id: C_RES_CONSISTENT, role: "C", level: "(derived)", versions: "06+" },
    CatalogueRow { id: C_RES_INVALID_TARGET, role: "C", level: "(robust)", versions: "06+" },
    CatalogueRow { id: C_SCOPE_FROM_CHALLENGE, role: "C", level: "SHOULD", versions: "11+" },
    CatalogueRow { id: C_SCOPE_FROM_PRM, role: "C", level: "SHOULD", versions: "11+" },
    CatalogueRow { id: C_SCOPE_OMIT, role: "C", level: "SHOULD", versions: "11+" },
    CatalogueRow {
        id: C_SCOPE_AUTHORITATIVE,
        role: "C",
        level: "MUST / MUST NOT",
        versions: "11+",
    },
    CatalogueRow {
        id: C_SCOPE_STEPUP,
        role: "C",
        level: "SHOULD (user clients) · MAY (client_credentials)",
        versions: "11+",
    },
    CatalogueRow { id: C_SCOPE_UNION, role: "C", level: "SHOULD", versions: "07+" },
    CatalogueRow { id: C_SCOPE_RETRY_LIMIT, role: "C", level: "SHOULD", versions: "11+" },
    CatalogueRow { id: C_SCOPE_PARTIAL_GRANT, role: "C", level: "(robust)", versions: "06+" },
    CatalogueRow {
        id: C_SCOPE_OFFLINE_ACCESS,
        role: "C",
        level: "MAY / (derived SHOULD NOT)",
        versions: "07+",
    },
    CatalogueRow { id: C_TOK_HEADER_EVERY_REQUEST, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow { id: C_TOK_NO_QUERY, role: "C", level: "MUST NOT", versions: "03+" },
    CatalogueRow { id: C_TOK_ONLY_FROM_SERVERS_AS, role: "C", level: "MUST NOT", versions: "06+" },
    CatalogueRow {
        id: C_TOK_ICON_NO_CREDENTIALS,
        role: "C",
        level: "MUST (listed precaution)",
        versions: "11+",
    },
    CatalogueRow { id: C_TOK_REFRESH_ROTATION, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow { id: C_TOK_NO_RT_ASSUMPTION, role: "C", level: "MUST NOT", versions: "07+" },
    CatalogueRow {
        id: C_TOK_EARLY_EXPIRY,
        role: "C",
        level: "MUST NOT (expect full lifetime)",
        versions: "03+",
    },
    CatalogueRow { id: C_TOK_RESPONSE_PARSING, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow { id: C_TOK_STORAGE, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow { id: C_AUTHZ_REQUEST_SHAPE, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow { id: C_STATE, role: "C", level: "SHOULD", versions: "06+" },
    CatalogueRow {
        id: C_CALLBACK_UNSOLICITED,
        role: "C",
        level: "MUST (derived: CSRF + code injection)",
        versions: "03+",
    },
    CatalogueRow { id: C_ISS_RECORD, role: "C", level: "MUST", versions: "07+" },
    CatalogueRow { id: C_ISS_ADVERTISED_OK, role: "C", level: "MUST", versions: "07+" },
    CatalogueRow { id: C_ISS_ADVERTISED_MISSING, role: "C", level: "MUST", versions: "07+" },
    CatalogueRow { id: C_ISS_MISMATCH, role: "C", level: "MUST", versions: "07+" },
    CatalogueRow {
        id: C_ISS_UNADVERTISED_ABSENT,
        role: "C",
        level: "MUST (proceed)",
        versions: "07+",
    },
    CatalogueRow { id: C_ISS_NO_NORMALIZATION, role: "C", level: "MUST NOT", versions: "07+" },
    CatalogueRow {
        id: C_ISS_ERROR_RESPONSES,
        role: "C",
        level: "MUST / MUST NOT",
        versions: "07+",
    },
    CatalogueRow {
        id: C_MIXUP_TOKEN_ENDPOINT,
        role: "C",
        level: "MUST",
        versions: "06+ (O21) · 07 explicit",
    },
    CatalogueRow { id: C_REDIRECT_REGISTERED, role: "C", level: "MUST", versions: "06+" },
    CatalogueRow { id: C_REDIRECT_SCHEME, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow { id: C_REDIRECT_LISTENER, role: "C", level: "(robust)", versions: "03+" },
    CatalogueRow { id: C_NO_OPEN_REDIRECTOR, role: "C", level: "MUST NOT", versions: "03+" },
    CatalogueRow { id: C_REG_PRIORITY, role: "C", level: "SHOULD", versions: "11+" },
    CatalogueRow { id: C_REG_PREREG, role: "C", level: "SHOULD", versions: "11+" },
    CatalogueRow { id: C_REG_CIMD_CLIENT_ID, role: "C", level: "MUST", versions: "11+" },
    CatalogueRow { id: C_REG_CIMD_DOCUMENT, role: "C", level: "MUST", versions: "11+" },
    CatalogueRow { id: C_REG_CIMD_CAPABILITY_CHECK, role: "C", level: "SHOULD", versions: "11+" },
    CatalogueRow {
        id: C_REG_CIMD_PRIVATE_KEY_JWT,
        role: "C",
        level: "MAY (if used: MUST per RFC 7523)",
        versions: "11+",
    },
    CatalogueRow {
        id: C_REG_DCR_REQUEST,
        role: "C",
        level: "SHOULD (03, 06) · MAY (11) · deprecated (07+)",
        versions: "03+",
    },
    CatalogueRow {
        id: C_REG_DCR_APPLICATION_TYPE,
        role: "C",
        level: "MUST · SHOULD (value)",
        versions: "07+",
    },
    CatalogueRow { id: C_REG_DCR_RESPONSE, role: "C", level: "MUST", versions: "03+" },
    CatalogueRow {
        id: C_REG_DCR_ERRORS,
        role: "C",
        level: "MUST (be prepared) · SHOULD (surface) · MAY (retry)",
        versions: "07+ (robust earlier)",
    },
    CatalogueRow {
        id: C_REG_AS_BINDING,
        role: "C",
        level: "MUST / MUST NOT / SHOULD",
        versions: "07+",
    },
    CatalogueRow { id: C_REG_03_DEFAULT, role: "C", level: "MUST", versions: "03" },
    CatalogueRow { id: C_STDIO_NO_OAUTH, role: "C", level: "SHOULD NOT", versions: "03+" },
    CatalogueRow { id: C_LOCAL_SERVER_CONSENT, role: "C", level: "MUST", versions: "11+ (SBP)" },
    CatalogueRow {
        id: C_URL_ELICITATION_HANDLING,
        role: "C",
        level: "MUST / MUST NOT",
        versions: "11+",
    },
    CatalogueRow {
        id: AS_META_PUBLISHED,
        role: "AS",
        level: "MUST",
        versions: "06 (RFC 8414) · 11+ (RFC 8414 or OIDC)",
    },
    CatalogueRow { id: AS_META_ISSUER, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_META_REQUIRED, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow {
        id: AS_META_PKCE,
        role: "AS",
        level: "MUST (OIDC, 11+) · (derived MUST for MCP use)",
        versions: "11+",
    },
    CatalogueRow { id: AS_META_HTTPS, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow {
        id: AS_META_CIMD_FLAG,
        role: "AS",
        level: "MUST (if CIMD supported and RFC 8414 published)",
        versions: "11+",
    },
    CatalogueRow {
        id: AS_META_ISS_FLAG,
        role: "AS",
        level: "MUST (if `iss` sent)",
        versions: "07+",
    },
    CatalogueRow { id: AS_PKCE_REQUIRED, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_NO_IMPLICIT, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_PKCE_S256, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_PKCE_VERIFY, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_REDIRECT_EXACT, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_REDIRECT_NO_AUTO, role: "AS", level: "MUST NOT", versions: "03+" },
    CatalogueRow { id: AS_OPEN_REDIRECT, role: "AS", level: "MUST · SHOULD", versions: "06+" },
    CatalogueRow { id: AS_CODE_SINGLE_USE, role: "AS", level: "MUST · SHOULD", versions: "03+" },
    CatalogueRow { id: AS_CODE_BINDING, role: "AS", level: "MUST · RECOMMENDED", versions: "03+" },
    CatalogueRow { id: AS_TOKEN_RESPONSE, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_TOKEN_ERRORS, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_RESOURCE_AUDIENCE, role: "AS", level: "SHOULD", versions: "06+" },
    CatalogueRow { id: AS_RT_ROTATION, role: "AS", level: "MUST", versions: "06+" },
    CatalogueRow { id: AS_RT_SCOPE, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_SHORT_LIVED, role: "AS", level: "SHOULD", versions: "03+" },
    CatalogueRow { id: AS_ISS_IN_RESPONSE, role: "AS", level: "SHOULD", versions: "07+" },
    CatalogueRow { id: AS_NO_307, role: "AS", level: "MUST NOT", versions: "03+" },
    CatalogueRow { id: AS_DCR_RESPONSE, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_DCR_ERRORS, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow { id: AS_DCR_REDIRECT_SCHEME, role: "AS", level: "MUST", versions: "03+" },
    CatalogueRow {
        id: AS_DCR_APPTYPE_CONSTRAINTS,
        role: "AS",
        level: "MAY (OIDC)",
        versions: "07+",
    },
    CatalogueRow { id: AS_CIMD_FETCH, role: "AS", level: "SHOULD", versions: "11+" },
    CatalogueRow { id: AS_CIMD_ID_MATCH, role: "AS", level: "MUST", versions: "11+" },
    CatalogueRow { id: AS_CIMD_REDIRECT, role: "AS", level: "MUST", versions: "11+" },
    CatalogueRow { id: AS_CIMD_STRUCTURE, role: "AS", level: "MUST", versions: "11+" },
    CatalogueRow {
        id: AS_CIMD_NO_SECRETS,
        role: "AS",
        level: "MUST (document constraint)",
        versions: "11+",
    },
    CatalogueRow {
        id: AS_CIMD_SSRF,
        role: "AS",
        level: "SHOULD (-00) · MUST (-01, special-use IPs)",
        versions: "11+",
    },
    CatalogueRow {
        id: AS_CIMD_LIMITS,
        role: "AS",
        level: "SHOULD · MUST NOT (redirects, -01)",
        versions: "11+",
    },
    CatalogueRow { id: AS_CIMD_DISPLAY, role: "AS", level: "MUST · SHOULD", versions: "11+" },
    CatalogueRow { id: PX_CONSENT_PER_CLIENT, role: "PX", level: "MUST", versions: "06+" },
    CatalogueRow { id: PX_CONSENT_UI, role: "PX", level: "MUST", versions: "11+" },
    CatalogueRow { id: PX_CONSENT_COOKIE, role: "PX", level: "MUST", versions: "11+" },
    CatalogueRow { id: PX_REDIRECT_EXACT, role: "PX", level: "MUST", versions: "11+" },
    CatalogueRow { id: PX_STATE, role: "PX", level: "MUST", versions: "11+" },
];

/// Looks a row up by its ID.
pub fn lookup(id: &str) -> Option<&'static CatalogueRow> {
    CATALOGUE.iter().find(|row| row.id.as_str() == id)
}
