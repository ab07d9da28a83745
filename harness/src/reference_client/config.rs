//! What the client is told, exactly as the official conformance suite tells a client under
//! test (`spec/conformance-suite.md` §1.3): the MCP URL as the last argument, and the
//! environment variables `MCP_CONFORMANCE_SCENARIO`, `MCP_CONFORMANCE_PROTOCOL_VERSION`
//! and `MCP_CONFORMANCE_CONTEXT` (JSON with a `name` discriminator). Pure: the binary reads
//! the process environment and hands the values in.

use mcp_auth_proto::discovery::ResourceIdentifier;
use mcp_auth_proto::{Secret, SpecVersion};
use serde_json::{Map, Value};

use super::breaks::Breaks;
use super::error::UsageError;

/// The scenario name variable.
pub const ENV_SCENARIO: &str = "MCP_CONFORMANCE_SCENARIO";
/// The wire protocol version variable.
pub const ENV_PROTOCOL_VERSION: &str = "MCP_CONFORMANCE_PROTOCOL_VERSION";
/// The out-of-band context variable (JSON).
pub const ENV_CONTEXT: &str = "MCP_CONFORMANCE_CONTEXT";
/// The broken-variant variable of this client (comma-separated names).
pub const ENV_BREAK: &str = "MCP_AUTH_REFERENCE_CLIENT_BREAK";

/// The version used when `MCP_CONFORMANCE_PROTOCOL_VERSION` is unset or empty: the
/// official suite's latest dated release at the time of writing.
pub const DEFAULT_VERSION: SpecVersion = SpecVersion::V2025_11_25;

/// Credentials registered out of band (`auth/pre-registration`, and the client-credentials
/// shapes: a secret, or a private key for `private_key_jwt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreRegistered {
    pub client_id: String,
    pub client_secret: Option<Secret>,
    /// `private_key_pem`: a PKCS#8 PEM private key the client signs assertions with.
    pub private_key_pem: Option<Secret>,
    /// `signing_algorithm` (the official suite sends `ES256`, the only one supported here).
    pub signing_algorithm: Option<String>,
}

/// `MCP_CONFORMANCE_CONTEXT`, as far as this client uses it. Members of other scenario
/// shapes are kept in `extra` and ignored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConformanceContext {
    pub name: Option<String>,
    pub pre_registered: Option<PreRegistered>,
    pub extra: Map<String, Value>,
}

impl ConformanceContext {
    /// Reads the JSON value of the variable.
    pub fn parse(json: &str) -> Result<ConformanceContext, UsageError> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| UsageError::BadContext { reason: e.to_string() })?;
        let Value::Object(mut object) = value else {
            return Err(UsageError::BadContext { reason: "not an object".to_owned() });
        };
        let mut text = |name: &str| match object.remove(name) {
            Some(Value::String(s)) => Ok(Some(s)),
            None | Some(Value::Null) => Ok(None),
            Some(_) => Err(UsageError::BadContext { reason: format!("{name} is not a string") }),
        };
        let name = text("name")?;
        let client_id = text("client_id")?;
        let client_secret = text("client_secret")?.map(Secret::new);
        let private_key_pem = text("private_key_pem")?.map(Secret::new);
        let signing_algorithm = text("signing_algorithm")?;
        let pre_registered = client_id.map(|client_id| PreRegistered {
            client_id,
            client_secret,
            private_key_pem,
            signing_algorithm,
        });
        Ok(ConformanceContext { name, pre_registered, extra: object })
    }
}

/// Official scenarios whose flows this client does not implement, and what they need: it
/// says so at once (a usage error) rather than failing them by attempting a code flow.
const UNSUPPORTED: [(&str, &str); 4] = [
    ("auth/enterprise-managed-authorization", "token exchange and the JWT bearer grant (SEP-990)"),
    ("auth/dpop-nonce", "DPoP-bound tokens (SEP-1932)"),
    ("auth/dpop", "DPoP-bound tokens (SEP-1932)"),
    ("auth/wif-jwt-bearer", "the JWT bearer grant for workload identity (SEP-1933)"),
];

/// Everything one run needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The MCP server URL, exactly as given (it is also the `resource` value).
    pub mcp_url: String,
    pub spec_version: SpecVersion,
    pub scenario: Option<String>,
    pub context: ConformanceContext,
    pub breaks: Breaks,
}

impl Config {
    /// Builds the configuration from the arguments (the URL is the last one) and the
    /// values of the environment variables (`None` when unset).
    pub fn from_parts(
        args: &[String],
        scenario: Option<String>,
        protocol_version: Option<String>,
        context: Option<String>,
        breaks: Breaks,
    ) -> Result<Config, UsageError> {
        let mcp_url = args.last().cloned().ok_or(UsageError::NoUrl)?;
        ResourceIdentifier::parse(&mcp_url)
            .map_err(|e| UsageError::BadUrl { url: mcp_url.clone(), reason: e.to_string() })?;
        let spec_version = match protocol_version.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_VERSION,
            Some(v) => v.parse()?,
        };
        let context = match context.as_deref().map(str::trim) {
            None | Some("") => ConformanceContext::default(),
            Some(json) => ConformanceContext::parse(json)?,
        };
        if let Some((name, feature)) = scenario.as_deref().and_then(|name| {
            UNSUPPORTED.iter().find(|(prefix, _)| name.starts_with(prefix)).map(|(_, f)| (name, *f))
        }) {
            return Err(UsageError::UnsupportedScenario { scenario: name.to_owned(), feature });
        }
        Ok(Config { mcp_url, spec_version, scenario, context, breaks })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(url: &str) -> Vec<String> {
        vec!["--flag-of-a-wrapper".to_owned(), url.to_owned()]
    }

    #[test]
    fn url_is_the_last_argument_and_version_defaults() {
        let c = Config::from_parts(
            &args("http://127.0.0.1:9/mcp"),
            None,
            None,
            None,
            Breaks::default(),
        )
        .unwrap();
        assert_eq!(c.mcp_url, "http://127.0.0.1:9/mcp");
        assert_eq!(c.spec_version, DEFAULT_VERSION);
        assert!(Config::from_parts(&[], None, None, None, Breaks::default()).is_err());
    }

    #[test]
    fn pre_registration_context_is_read_and_other_shapes_tolerated() {
        let c = ConformanceContext::parse(
            r#"{"name":"auth/pre-registration","client_id":"pre-registered-client","client_secret":"pre-registered-secret"}"#,
        )
        .unwrap();
        let pre = c.pre_registered.unwrap();
        assert_eq!(pre.client_id, "pre-registered-client");
        assert_eq!(pre.client_secret.unwrap().expose(), "pre-registered-secret");
        let other = ConformanceContext::parse(r#"{"name":"x","valid_jwt":"a.b.c"}"#).unwrap();
        assert!(other.pre_registered.is_none() && other.extra.contains_key("valid_jwt"));
        assert!(ConformanceContext::parse("[1]").is_err());
        assert!(ConformanceContext::parse(r#"{"client_id":7}"#).is_err());
    }

    #[test]
    fn bad_version_and_unsupported_extension_scenarios_are_usage_errors() {
        let a = args("http://127.0.0.1:9/mcp");
        let bad = Config::from_parts(&a, None, Some("2024-01-01".into()), None, Breaks::default());
        assert!(matches!(bad, Err(UsageError::Version(_))));
        let scenario =
            |name: &str| Config::from_parts(&a, Some(name.into()), None, None, Breaks::default());
        assert!(matches!(scenario("auth/dpop"), Err(UsageError::UnsupportedScenario { .. })));
        assert!(matches!(
            scenario("auth/wif-jwt-bearer"),
            Err(UsageError::UnsupportedScenario { .. })
        ));
        assert!(scenario("auth/client-credentials-basic").is_ok(), "implemented");
    }

    #[test]
    fn client_credentials_contexts_are_read() {
        let c = ConformanceContext::parse(
            r#"{"name":"auth/client-credentials-jwt","client_id":"c","private_key_pem":"-----BEGIN PRIVATE KEY-----","signing_algorithm":"ES256"}"#,
        )
        .unwrap();
        let pre = c.pre_registered.unwrap();
        assert!(pre.client_secret.is_none());
        assert_eq!(pre.private_key_pem.unwrap().expose(), "-----BEGIN PRIVATE KEY-----");
        assert_eq!(pre.signing_algorithm.as_deref(), Some("ES256"));
    }
}
