//! What a conformant resource server must conclude about a JWT access token, short of
//! verifying its signature (RFC 9068 §4, RFC 8725, RFC 7519 §4.1).

use super::claims::NumericDate;
use super::compact::CompactJwt;
use crate::documents::checks::{Findings, Rule};
use crate::finding::{Finding, JsonPath, Level};
use crate::member::Member;
use crate::requirements::{
    RS_TOKEN_AUDIENCE, RS_TOKEN_EXP_REQUIRED, RS_TOKEN_EXPIRED, RS_TOKEN_ISSUER,
    RS_TOKEN_NOT_YET_VALID, RS_TOKEN_SIGNATURE, RS_TOKEN_TYPE,
};
use crate::scope::Scope;

/// What the token is judged against.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessTokenContext {
    /// The trusted authorization server's issuer; empty skips the comparison.
    pub expected_issuer: String,
    /// The resource server's canonical URI; empty skips the comparison.
    pub expected_audience: String,
    /// The current time in seconds since the epoch; `0` (unknown) skips time comparisons.
    pub now: u64,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`.
    pub leeway_seconds: u64,
}

/// Reports why a resource server must refuse `jwt`. An empty result means nothing short of
/// the signature is wrong; the signature is never checked here.
pub fn validate_access_token(jwt: &CompactJwt, ctx: &AccessTokenContext) -> Vec<Finding> {
    let mut f = Findings::new();
    check_header(&mut f, jwt);
    check_claims(&mut f, jwt, ctx);
    f.into_vec()
}

fn header_finding(
    f: &mut Findings,
    requirement: crate::RequirementId,
    level: Level,
    message: String,
) {
    f.push(Finding::new(requirement, level, message));
}

fn check_header(f: &mut Findings, jwt: &CompactJwt) {
    let h = &jwt.header().typed;
    match &h.typ {
        Member::Valid(typ)
            if typ.eq_ignore_ascii_case("at+jwt")
                || typ.eq_ignore_ascii_case("application/at+jwt") => {}
        Member::Valid(typ) => header_finding(
            f,
            RS_TOKEN_TYPE,
            Level::Must,
            format!(
                "JOSE header typ is {typ:?}, not at+jwt; RFC 9068 §4 requires resource servers to refuse it (an ID token or other JWT is not an access token)"
            ),
        ),
        Member::Absent => header_finding(
            f,
            RS_TOKEN_TYPE,
            Level::Must,
            "JOSE header has no typ; RFC 9068 §2.1 access tokens carry typ at+jwt".to_owned(),
        ),
        other => header_finding(
            f,
            RS_TOKEN_TYPE,
            Level::Must,
            format!(
                "JOSE header typ is {}, not the string at+jwt",
                other.invalid_type().map_or("invalid", |t| t.as_str())
            ),
        ),
    }
    match &h.alg {
        Member::Valid(alg) if alg.eq_ignore_ascii_case("none") => header_finding(
            f,
            RS_TOKEN_SIGNATURE,
            Level::Must,
            format!(
                "JOSE header alg is {alg:?}: an unsecured token; RFC 9068 §4 requires resource servers to reject it"
            ),
        ),
        Member::Valid(alg) if alg.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("HS")) => {
            header_finding(
                f,
                RS_TOKEN_SIGNATURE,
                Level::Must,
                format!(
                    "JOSE header alg is {alg:?}, a symmetric MAC; the AS's published keys are public keys, so accepting it invites algorithm confusion (RFC 8725 §2.1, §3.1)"
                ),
            )
        }
        Member::Valid(_) => {
            if jwt.signature().is_empty() {
                header_finding(
                    f,
                    RS_TOKEN_SIGNATURE,
                    Level::Must,
                    "signature segment is empty; the token cannot verify".to_owned(),
                );
            }
        }
        Member::Absent => header_finding(
            f,
            RS_TOKEN_SIGNATURE,
            Level::Must,
            "JOSE header has no alg (REQUIRED, RFC 7515 §4.1.1)".to_owned(),
        ),
        other => header_finding(
            f,
            RS_TOKEN_SIGNATURE,
            Level::Must,
            format!(
                "JOSE header alg is {}, not a string",
                other.invalid_type().map_or("invalid", |t| t.as_str())
            ),
        ),
    }
    let object = &jwt.header().object;
    for name in ["jku", "x5u", "jwk", "x5c"] {
        if object.contains_key(name) {
            header_finding(
                f,
                RS_TOKEN_SIGNATURE,
                Level::Should,
                format!(
                    "JOSE header carries {name}: key material chosen by the token's sender; a resource server must use only the AS's keys and must not honour it (RFC 9068 §4, RFC 8725 §3.10)"
                ),
            );
        }
    }
    if object.contains_key("crit") {
        header_finding(
            f,
            RS_TOKEN_SIGNATURE,
            Level::Should,
            "JOSE header has crit: a recipient that does not understand every listed extension must reject the token (RFC 7515 §4.1.11)".to_owned(),
        );
    }
}

fn check_claims(f: &mut Findings, jwt: &CompactJwt, ctx: &AccessTokenContext) {
    let c = &jwt.claims().typed;
    let root = JsonPath::root();
    let leeway = ctx.leeway_seconds as f64;
    let now = ctx.now as f64;
    let time_known = ctx.now != 0;

    let path = root.key("exp");
    let exp_rule = Rule::new(RS_TOKEN_EXP_REQUIRED, Level::Must);
    if c.exp.is_absent() {
        f.report(exp_rule, &path, "is missing; RFC 9068 §2.2 makes exp REQUIRED and a token that never expires must be refused");
    }
    if let Some(exp) = f.typed(&c.exp, exp_rule, &path, "a NumericDate").map(NumericDate::seconds) {
        if time_known && now >= exp + leeway {
            f.report(
                Rule::new(RS_TOKEN_EXPIRED, Level::Must),
                &path,
                format!(
                    "token expired at {exp}, {} s before now, beyond the {} s leeway",
                    now - exp,
                    ctx.leeway_seconds
                ),
            );
        } else if time_known && now >= exp {
            f.report(
                Rule::new(RS_TOKEN_EXPIRED, Level::Info),
                &path,
                format!("token expired at {exp}, within the {} s leeway", ctx.leeway_seconds),
            );
        }
    }
    let path = root.key("nbf");
    let nbf_rule = Rule::new(RS_TOKEN_NOT_YET_VALID, Level::Must);
    if let Some(nbf) = f.typed(&c.nbf, nbf_rule, &path, "a NumericDate").map(NumericDate::seconds) {
        if time_known && nbf > now + leeway {
            f.report(
                nbf_rule,
                &path,
                format!(
                    "token is not valid before {nbf}, {} s from now, beyond the {} s leeway",
                    nbf - now,
                    ctx.leeway_seconds
                ),
            );
        } else if time_known && nbf > now {
            f.report(
                Rule::new(RS_TOKEN_NOT_YET_VALID, Level::Info),
                &path,
                format!("token becomes valid at {nbf}, within the {} s leeway", ctx.leeway_seconds),
            );
        }
    }

    let path = root.key("aud");
    let aud_rule = Rule::new(RS_TOKEN_AUDIENCE, Level::Must);
    f.require_present(&c.aud, aud_rule, &path, "aud");
    if let Some(aud) = f.typed(&c.aud, aud_rule, &path, "a string or an array of strings")
        && !ctx.expected_audience.is_empty()
        && !aud.contains(&ctx.expected_audience)
    {
        f.report(aud_rule, &path, format!("{:?} does not contain {:?} (exact comparison); the token was not issued for this resource", aud.values(), ctx.expected_audience));
    }
    let path = root.key("iss");
    let iss_rule = Rule::new(RS_TOKEN_ISSUER, Level::Must);
    f.require_present(&c.iss, iss_rule, &path, "iss");
    if let Some(iss) = f.typed(&c.iss, iss_rule, &path, "a string")
        && !ctx.expected_issuer.is_empty()
        && *iss != ctx.expected_issuer
    {
        f.report(
            iss_rule,
            &path,
            format!(
                "is {iss:?}, not the trusted issuer {:?} (exact comparison)",
                ctx.expected_issuer
            ),
        );
    }

    // RFC 9068 §2.2: the remaining REQUIRED claims, and the types of the optional ones.
    let profile = Rule::new(RS_TOKEN_TYPE, Level::Must);
    for (name, member) in [("sub", &c.sub), ("client_id", &c.client_id), ("jti", &c.jti)] {
        let path = root.key(name);
        f.require_present(member, profile, &path, name);
        f.typed(member, profile, &path, "a string");
    }
    let path = root.key("iat");
    f.require_present(&c.iat, profile, &path, "iat");
    if let Some(iat) = f.typed(&c.iat, profile, &path, "a NumericDate").map(NumericDate::seconds)
        && time_known
        && iat > now + leeway
    {
        f.report(
            Rule::new(RS_TOKEN_NOT_YET_VALID, Level::Info),
            &path,
            format!("token claims to be issued at {iat}, {} s in the future", iat - now),
        );
    }
    let path = root.key("scope");
    if let Some(scope) = f.typed(&c.scope, profile, &path, "a string")
        && let Err(e) = Scope::parse(scope)
    {
        f.report(profile, &path, format!("is not a valid scope string: {e}"));
    }
    f.typed(&c.auth_time, profile, &root.key("auth_time"), "a NumericDate");
    f.typed(&c.acr, profile, &root.key("acr"), "a string");
    f.typed(&c.amr, profile, &root.key("amr"), "an array of strings");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingsExt;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn token(header: &str, claims: &str) -> CompactJwt {
        let e = |s: &str| URL_SAFE_NO_PAD.encode(s);
        CompactJwt::parse(&format!("{}.{}.c2ln", e(header), e(claims))).unwrap()
    }

    const CLAIMS: &str = r#"{"iss":"https://as.example","exp":2000,"aud":"https://mcp.example/mcp","sub":"u","client_id":"c","iat":1000,"jti":"j"}"#;

    fn ctx() -> AccessTokenContext {
        AccessTokenContext {
            expected_issuer: "https://as.example".into(),
            expected_audience: "https://mcp.example/mcp".into(),
            now: 1500,
            leeway_seconds: 60,
        }
    }

    #[test]
    fn leeway_turns_boundary_expiry_into_info() {
        let jwt = token(r#"{"alg":"ES256","typ":"at+jwt"}"#, CLAIMS);
        assert!(validate_access_token(&jwt, &ctx()).is_empty());
        let fs = validate_access_token(&jwt, &AccessTokenContext { now: 2030, ..ctx() });
        assert_eq!((fs.worst(), fs[0].requirement), (Some(Level::Info), RS_TOKEN_EXPIRED));
        let fs = validate_access_token(&jwt, &AccessTokenContext { now: 2060, ..ctx() });
        assert!(fs.has_must() && fs.mentions(RS_TOKEN_EXPIRED));
    }

    #[test]
    fn rfc7515_typ_may_omit_the_application_prefix() {
        let jwt = token(r#"{"alg":"PS256","typ":"Application/AT+JWT"}"#, CLAIMS);
        assert!(validate_access_token(&jwt, &ctx()).is_empty());
    }
}
