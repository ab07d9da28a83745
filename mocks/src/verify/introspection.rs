//! [`IntrospectionVerifier`]: the mock MCP server treating bearer tokens as opaque and
//! asking its authorization servers about them (RFC 7662), over real HTTP so that every
//! question shows in the journal as a request to the authorization server.
//!
//! The token is POSTed as `application/x-www-form-urlencoded` `token=...` to each trusted
//! server's introspection endpoint in turn, until one answers `active: true`. Such an
//! answer is accepted only when its `iss` is the server that was asked, its `aud` names
//! this resource, its `exp` is present and in the future, and its `nbf` (if any) has
//! passed; `scope` gives the granted scopes. `exp` is required because an answer without
//! one describes something that never expires, such as a refresh token, which must not work
//! as an access token. A malformed or non-200 answer, a timeout or an oversized body is an
//! [`TokenRejection::IntrospectionFailed`], and the request is refused.
//!
//! Nothing is cached. With [`RsFlaw::FailOpenIntrospection`], a token reported inactive is
//! validated locally instead (a [`JwtVerifier`] without any revocation list): fail-open. The token-validation flaws that have
//! an introspection counterpart waive it: [`RsFlaw::IgnoreAudience`] (`aud`),
//! [`RsFlaw::IgnoreIssuerClaim`] (`iss`), [`RsFlaw::AcceptExpired`] and
//! [`RsFlaw::AcceptMissingExp`] (`exp`), [`RsFlaw::AcceptNotYetValid`] (`nbf`).

use std::fmt;
use std::time::Duration;

use mcp_auth_proto::Member;
use mcp_auth_proto::documents::introspection::IntrospectionResponse;
use mcp_auth_proto::scope::Scope;

use super::{
    AccessTokenVerifier, TokenRejection, Verdict, VerifiedToken, VerifyFuture, VerifyRequest,
};
use crate::config::RsFlaw;
use crate::mint::JwtVerifier;
use crate::mint::now_seconds;

/// How long one introspection request may take, connection included.
pub const INTROSPECTION_TIMEOUT: Duration = Duration::from_secs(2);

/// Largest introspection answer read; a longer one is a failure.
pub const MAX_INTROSPECTION_BODY: usize = 64 * 1024;

/// One authorization server whose introspection endpoint is trusted.
#[derive(Debug, Clone)]
struct Server {
    issuer: String,
    endpoint: String,
}

/// Verifies tokens by RFC 7662 introspection at a fixed list of authorization servers.
pub struct IntrospectionVerifier {
    servers: Vec<Server>,
    /// No redirects, a timeout. `None` if the TLS backend could not be set up, in which
    /// case every introspection fails (and every token is refused).
    http: Option<reqwest::Client>,
    /// What [`RsFlaw::FailOpenIntrospection`] falls back to.
    local: Option<JwtVerifier>,
}

impl fmt::Debug for IntrospectionVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntrospectionVerifier")
            .field("servers", &self.servers)
            .finish_non_exhaustive()
    }
}

impl Default for IntrospectionVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl IntrospectionVerifier {
    /// A verifier that trusts nobody yet.
    pub fn new() -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(INTROSPECTION_TIMEOUT)
            .build()
            .ok();
        Self { servers: Vec::new(), http, local: None }
    }

    /// Trusts the authorization server `issuer`, asking it at `introspection_endpoint`.
    /// Servers are asked in the order they were trusted.
    pub fn trust(
        mut self,
        issuer: impl Into<String>,
        introspection_endpoint: impl Into<String>,
    ) -> Self {
        self.servers
            .push(Server { issuer: issuer.into(), endpoint: introspection_endpoint.into() });
        self
    }

    /// The local JWT validation [`RsFlaw::FailOpenIntrospection`] falls back to.
    pub fn with_local_fallback(mut self, local: JwtVerifier) -> Self {
        self.local = Some(local);
        self
    }

    async fn introspect(&self, request: VerifyRequest<'_>) -> Verdict {
        let mut verdict = Err(TokenRejection::Inactive);
        for server in &self.servers {
            let answer = self.ask(server, request.token).await?;
            verdict = judge(&answer, server, request, now_seconds());
            if answer.active == Member::Valid(true) {
                break;
            }
        }
        verdict
    }

    /// One introspection request and its parsed answer.
    async fn ask(
        &self,
        server: &Server,
        token: &str,
    ) -> Result<IntrospectionResponse, TokenRejection> {
        let failed = |why: String| TokenRejection::IntrospectionFailed {
            endpoint: server.endpoint.clone(),
            why,
        };
        let http = self.http.as_ref().ok_or_else(|| failed("no HTTP client".to_owned()))?;
        let body: String =
            form_urlencoded::Serializer::new(String::new()).append_pair("token", token).finish();
        let mut response = http
            .post(&server.endpoint)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            // Without the URL: it is known, and the error must not grow with the input.
            .map_err(|e| failed(e.without_url().to_string()))?;
        if response.status() != reqwest::StatusCode::OK {
            return Err(failed(format!("status {}", response.status().as_u16())));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) =
            response.chunk().await.map_err(|e| failed(e.without_url().to_string()))?
        {
            if bytes.len() + chunk.len() > MAX_INTROSPECTION_BODY {
                return Err(failed(format!("answer longer than {MAX_INTROSPECTION_BODY} bytes")));
            }
            bytes.extend_from_slice(&chunk);
        }
        IntrospectionResponse::parse(&bytes)
            .map(|document| document.typed)
            .map_err(|e| failed(format!("answer is not a JSON object: {e}")))
    }
}

/// What the resource server concludes from one answer by `server`.
fn judge(
    answer: &IntrospectionResponse,
    server: &Server,
    request: VerifyRequest<'_>,
    now: u64,
) -> Verdict {
    if answer.active != Member::Valid(true) {
        return Err(TokenRejection::Inactive);
    }
    if !request.has(RsFlaw::IgnoreIssuerClaim) && answer.iss.valid() != Some(&server.issuer) {
        return Err(TokenRejection::UntrustedIssuer(
            answer.iss.valid().cloned().unwrap_or_default(),
        ));
    }
    if !request.has(RsFlaw::IgnoreAudience)
        && !answer.aud.valid().is_some_and(|aud| aud.contains(request.resource))
    {
        return Err(TokenRejection::Audience);
    }
    let expires_at = match answer.exp {
        Member::Valid(exp) if now < exp || request.has(RsFlaw::AcceptExpired) => exp,
        Member::Valid(_) => return Err(TokenRejection::Expired),
        Member::Absent if request.has(RsFlaw::AcceptMissingExp) => 0,
        _ => {
            return Err(TokenRejection::NotAnAccessToken(
                "the introspection answer has no valid exp".to_owned(),
            ));
        }
    };
    match answer.nbf {
        Member::Absent => {}
        Member::Valid(nbf) if nbf <= now || request.has(RsFlaw::AcceptNotYetValid) => {}
        _ => return Err(TokenRejection::NotYetValid),
    }
    let text = |m: &Member<String>| m.valid().cloned().unwrap_or_default();
    let scope = answer
        .scope
        .valid()
        .and_then(|s| Scope::parse(s).ok())
        .unwrap_or_else(|| Scope::from_tokens(Vec::<String>::new()));
    Ok(VerifiedToken {
        issuer: server.issuer.clone(),
        subject: text(&answer.sub),
        client_id: text(&answer.client_id),
        scope,
        expires_at,
    })
}

impl AccessTokenVerifier for IntrospectionVerifier {
    fn verify<'a>(&'a self, request: VerifyRequest<'a>) -> VerifyFuture<'a> {
        Box::pin(async move {
            let verdict = self.introspect(request).await;
            match (&verdict, &self.local) {
                (Err(TokenRejection::Inactive), Some(local))
                    if request.has(RsFlaw::FailOpenIntrospection) =>
                {
                    local.verify(request).await
                }
                _ => verdict,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    const R: &str = "http://127.0.0.1:8/mcp";
    const ISS: &str = "http://127.0.0.1:9";

    fn answer(json: serde_json::Value) -> IntrospectionResponse {
        IntrospectionResponse::parse(json.to_string().as_bytes()).unwrap().typed
    }

    fn judged(json: serde_json::Value, flaws: &[RsFlaw]) -> Verdict {
        let flaws: BTreeSet<RsFlaw> = flaws.iter().copied().collect();
        let server = Server { issuer: ISS.into(), endpoint: format!("{ISS}/introspect") };
        let request = VerifyRequest { token: "t", resource: R, flaws: &flaws };
        judge(&answer(json), &server, request, 1_000)
    }

    #[test]
    fn rfc7662_answers_are_accepted_only_when_active_for_this_resource_and_issuer() {
        let good = serde_json::json!({"active": true, "iss": ISS, "aud": R, "exp": 2_000, "sub": "u", "client_id": "c", "scope": "mcp:tools"});
        let ok = judged(good.clone(), &[]).unwrap();
        assert_eq!((ok.subject.as_str(), ok.expires_at), ("u", 2_000));
        assert!(ok.scope.contains("mcp:tools"));
        let with = |key: &str, value: serde_json::Value| {
            let mut v = good.clone();
            v[key] = value;
            v
        };
        assert_eq!(judged(with("active", false.into()), &[]), Err(TokenRejection::Inactive));
        assert_eq!(
            judged(with("aud", "http://127.0.0.1:8/other".into()), &[]),
            Err(TokenRejection::Audience)
        );
        assert!(matches!(
            judged(with("iss", "http://127.0.0.1:9/".into()), &[]),
            Err(TokenRejection::UntrustedIssuer(_))
        ));
        assert_eq!(judged(with("exp", 999.into()), &[]), Err(TokenRejection::Expired));
        assert_eq!(judged(with("nbf", 1_100.into()), &[]), Err(TokenRejection::NotYetValid));
        let mut no_exp = good.clone();
        no_exp.as_object_mut().unwrap().remove("exp");
        assert!(matches!(judged(no_exp.clone(), &[]), Err(TokenRejection::NotAnAccessToken(_))));
        // The flaws with an introspection counterpart waive exactly it.
        assert!(
            judged(with("aud", "http://127.0.0.1:8/other".into()), &[RsFlaw::IgnoreAudience])
                .is_ok()
        );
        assert!(
            judged(with("iss", "http://127.0.0.1:9/".into()), &[RsFlaw::IgnoreIssuerClaim]).is_ok()
        );
        assert!(judged(with("exp", 999.into()), &[RsFlaw::AcceptExpired]).is_ok());
        assert!(judged(with("exp", 999.into()), &[RsFlaw::AcceptMissingExp]).is_err());
        assert!(judged(no_exp, &[RsFlaw::AcceptMissingExp]).is_ok());
        assert!(judged(with("nbf", 1_100.into()), &[RsFlaw::AcceptNotYetValid]).is_ok());
        assert!(judged(with("active", false.into()), &RsFlaw::ALL).is_err());
    }
}
