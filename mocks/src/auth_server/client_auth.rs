//! Client authentication at the token and revocation endpoints (OAuth 2.1 §2.4, §3.2.1;
//! RFC 6749 §2.3.1; RFC 7523 §2.2, §3).
//!
//! Exactly one method per request; the method must be the one the client registered; a
//! failure is `invalid_client`, answered 401 with `WWW-Authenticate` when the client used
//! the `Authorization` header. Nothing here puts a secret or an assertion in a message.

use axum::http::{HeaderMap, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use mcp_auth_proto::documents::jwt::CompactJwt;
use serde_json::{Map, Value};

use super::respond::{OAuthError, Params};
use super::state::Client;
use super::{Shared, authorize};

/// RFC 7523 §2.2.
pub(super) const JWT_BEARER_ASSERTION: &str =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Clock skew tolerated on assertion times.
const ASSERTION_LEEWAY_SECONDS: u64 = 30;

/// An authenticated (or, for public clients, identified) client.
pub(super) struct Authenticated {
    pub client: Client,
}

enum Presented<'a> {
    Basic { id: String, secret: String },
    Post { id: &'a str, secret: &'a str },
    Assertion { assertion: &'a str },
    None { id: &'a str },
}

/// Decodes `application/x-www-form-urlencoded` text (RFC 6749 §2.3.1 applies it to the
/// Basic credentials before Base64): `+` is a space, `%XX` a byte.
fn form_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// `Authorization: Basic` credentials, if that is the scheme; `Err` when malformed.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, ()> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let value = value.to_str().map_err(|_| ())?;
    let Some((scheme, rest)) = value.split_once(' ') else { return Ok(None) };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Ok(None);
    }
    let decoded = STANDARD.decode(rest.trim()).map_err(|_| ())?;
    let decoded = String::from_utf8(decoded).map_err(|_| ())?;
    let (id, secret) = decoded.split_once(':').ok_or(())?;
    Ok(Some((form_decode(id).ok_or(())?, form_decode(secret).ok_or(())?)))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Authenticates the client of a token-endpoint-style request. `audiences` are the values
/// a client assertion's `aud` may carry (the endpoint URL, the issuer).
pub(super) async fn authenticate(
    shared: &Shared,
    headers: &HeaderMap,
    params: &Params,
    audiences: &[String],
) -> Result<Authenticated, OAuthError> {
    let realm = shared.issuer.as_str();
    let basic = basic_credentials(headers).map_err(|()| {
        OAuthError::invalid_client(
            "the Basic credentials are malformed (RFC 6749 §2.3.1)",
            Some(realm),
        )
    })?;
    let one = |name: &str| {
        params.one(name).map_err(|n| OAuthError::invalid_request(format!("{n} is repeated")))
    };
    let body_id = one("client_id")?;
    let post_secret = one("client_secret")?;
    let assertion = one("client_assertion")?;
    let assertion_type = one("client_assertion_type")?;
    let used = [basic.is_some(), post_secret.is_some(), assertion.is_some()];
    if used.iter().filter(|u| **u).count() > 1 {
        return Err(OAuthError::invalid_request(
            "more than one client authentication method was used (OAuth 2.1 §2.4)",
        ));
    }
    let via_header = basic.is_some();
    let fail =
        |description: &str| OAuthError::invalid_client(description, via_header.then_some(realm));
    let presented = match (basic, post_secret, assertion, body_id) {
        (Some((id, secret)), ..) => {
            if body_id.is_some_and(|b| b != id) {
                return Err(OAuthError::invalid_request(
                    "client_id differs from the Basic credentials",
                ));
            }
            Presented::Basic { id, secret }
        }
        (None, Some(secret), _, Some(id)) => Presented::Post { id, secret },
        (None, Some(_), _, None) => return Err(fail("client_secret without client_id")),
        (None, None, Some(assertion), _) => {
            if assertion_type != Some(JWT_BEARER_ASSERTION) {
                return Err(fail("client_assertion_type must be the RFC 7523 JWT bearer type"));
            }
            Presented::Assertion { assertion }
        }
        (None, None, None, Some(id)) => Presented::None { id },
        (None, None, None, None) => return Err(fail("no client authentication and no client_id")),
    };
    let id = match &presented {
        Presented::Basic { id, .. } => id.clone(),
        Presented::Post { id, .. } | Presented::None { id } => (*id).to_owned(),
        // RFC 7523 §3: the assertion's sub is the client_id.
        Presented::Assertion { assertion } => match body_id {
            Some(id) => id.to_owned(),
            None => CompactJwt::parse(assertion)
                .ok()
                .and_then(|jwt| jwt.claims().typed.sub.valid().cloned())
                .ok_or_else(|| fail("the client assertion names no client (sub)"))?,
        },
    };
    let client = authorize::client(shared, &id, false).await.map_err(|_| fail("unknown client"))?;
    let method = match presented {
        Presented::Basic { .. } => "client_secret_basic",
        Presented::Post { .. } => "client_secret_post",
        Presented::Assertion { .. } => "private_key_jwt",
        Presented::None { .. } => "none",
    };
    if client.auth_method != method {
        return Err(fail(&format!(
            "the client authenticates with {}, not {method}",
            client.auth_method
        )));
    }
    match presented {
        Presented::Basic { secret, .. } => {
            check_secret(&client, &secret).map_err(|()| fail("wrong client secret"))?
        }
        Presented::Post { secret, .. } => {
            check_secret(&client, secret).map_err(|()| fail("wrong client secret"))?
        }
        Presented::Assertion { assertion } => {
            let jti = check_assertion(&client, assertion, audiences).map_err(|e| fail(&e))?;
            if !shared.state().assertion_jtis.insert(jti) {
                return Err(fail("the client assertion's jti was already used (RFC 7523 §3)"));
            }
        }
        Presented::None { .. } => {}
    }
    Ok(Authenticated { client })
}

fn check_secret(client: &Client, presented: &str) -> Result<(), ()> {
    match &client.secret {
        Some(secret) if constant_time_eq(secret.expose().as_bytes(), presented.as_bytes()) => {
            Ok(())
        }
        _ => Err(()),
    }
}

/// Verifies a `private_key_jwt` assertion with the client's keys; returns its `jti`.
fn check_assertion(
    client: &Client,
    assertion: &str,
    audiences: &[String],
) -> Result<String, String> {
    let header = jsonwebtoken::decode_header(assertion)
        .map_err(|_| "the client assertion is not a JWS with a known algorithm".to_owned())?;
    let jwks: JwkSet = client
        .jwks
        .clone()
        .and_then(|j| serde_json::from_value(j).ok())
        .ok_or_else(|| "the client has no usable jwks".to_owned())?;
    let jwk = match (&header.kid, jwks.keys.as_slice()) {
        (Some(kid), _) => jwks.find(kid),
        (None, [only]) => Some(only),
        (None, _) => None,
    }
    .ok_or_else(|| "no key of the client matches the assertion's kid".to_owned())?;
    if matches!(header.alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512) {
        return Err("a symmetric algorithm cannot prove a key-based client".to_owned());
    }
    let key = DecodingKey::from_jwk(jwk).map_err(|_| "the client's key is unusable".to_owned())?;
    let mut validation = Validation::new(header.alg);
    validation.leeway = ASSERTION_LEEWAY_SECONDS;
    validation.set_audience(audiences);
    validation.set_issuer(&[&client.client_id]);
    validation.sub = Some(client.client_id.clone());
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    let data = jsonwebtoken::decode::<Map<String, Value>>(assertion, &key, &validation)
        .map_err(|e| format!("the client assertion is invalid: {}", assertion_problem(e.kind())))?;
    data.claims
        .get("jti")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| "the client assertion has no jti (RFC 7523 §3)".to_owned())
}

/// What is wrong with an assertion, without quoting any of it.
fn assertion_problem(kind: &jsonwebtoken::errors::ErrorKind) -> String {
    use jsonwebtoken::errors::ErrorKind as K;
    match kind {
        K::InvalidSignature => "the signature does not verify".to_owned(),
        K::ExpiredSignature => "it has expired".to_owned(),
        K::ImmatureSignature => "it is not valid yet".to_owned(),
        K::InvalidAudience => "aud is neither the token endpoint nor the issuer".to_owned(),
        K::InvalidIssuer => "iss is not the client_id".to_owned(),
        K::InvalidSubject => "sub is not the client_id".to_owned(),
        K::MissingRequiredClaim(claim) => format!("{claim} is missing"),
        K::InvalidAlgorithm => "its algorithm does not fit the client's key".to_owned(),
        _ => "it is malformed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6749_2_3_1_basic_credentials_are_form_decoded() {
        let mut headers = HeaderMap::new();
        let raw = STANDARD.encode("my%3Aclient:s+e%25cret");
        headers.insert(header::AUTHORIZATION, format!("Basic {raw}").parse().unwrap());
        assert_eq!(
            basic_credentials(&headers),
            Ok(Some(("my:client".to_owned(), "s e%cret".to_owned())))
        );
        headers.insert(header::AUTHORIZATION, "Basic !!!".parse().unwrap());
        assert_eq!(basic_credentials(&headers), Err(()));
        headers.insert(header::AUTHORIZATION, "Bearer x".parse().unwrap());
        assert_eq!(basic_credentials(&headers), Ok(None));
        assert_eq!(form_decode("%zz"), None);
        assert_eq!(form_decode("%4"), None);
    }
}
