//! Structural checks of `signed_metadata` (RFC 9728 §2.2): a JWS-signed JWT in compact
//! serialization whose payload has an `iss` claim and does not nest `signed_metadata`.
//!
//! Signatures are not verified here: proto holds no keys. What can be judged without keys
//! is whether the value is a signed JWT at all — three base64url parts, a JOSE header with
//! an `alg` other than `none`, a non-empty signature — and what its claims say.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use crate::documents::checks::{Findings, Rule};
use crate::finding::{JsonPath, Level};
use crate::json::parse_object;
use crate::limits::MAX_JWT_BYTES;
use crate::requirements::RS_PRM_SIGNED;

const MUST: Rule = Rule::new(RS_PRM_SIGNED, Level::Must);
const SHOULD: Rule = Rule::new(RS_PRM_SIGNED, Level::Should);

/// Reports everything structurally wrong with the `signed_metadata` value `jwt`.
pub(crate) fn check(f: &mut Findings, jwt: &str, path: &JsonPath) {
    if jwt.len() > MAX_JWT_BYTES {
        f.report(
            MUST,
            path,
            format!(
                "signed_metadata is {} bytes, more than the {MAX_JWT_BYTES}-byte limit for a JWT",
                jwt.len()
            ),
        );
        return;
    }
    let parts: Vec<&str> = jwt.splitn(4, '.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        let count = jwt.split('.').count();
        let hint = if count == 5 { " (that is a JWE; RFC 9728 §2.2 requires a JWS)" } else { "" };
        f.report(
            MUST,
            path,
            format!(
                "signed_metadata is not a compact JWS: expected 3 base64url parts separated by '.', found {count}{hint}"
            ),
        );
        return;
    };
    if let Some(header) = decode_object(f, header, path, "JOSE header") {
        match header.get("alg") {
            Some(Value::String(alg)) if alg.eq_ignore_ascii_case("none") => f.report(
                MUST,
                path,
                format!(
                    "signed_metadata uses alg {alg:?}: an unsigned JWT, which RFC 9728 §2.2 does not allow (it must be JWS-signed)"
                ),
            ),
            Some(Value::String(_)) => {}
            _ => f.report(
                MUST,
                path,
                "signed_metadata has no \"alg\" string in its JOSE header (RFC 7515 §4.1.1)",
            ),
        }
    }
    if signature.is_empty() {
        f.report(
            MUST,
            path,
            "signed_metadata has an empty signature part: it is not signed (RFC 9728 §2.2)",
        );
    } else if URL_SAFE_NO_PAD.decode(signature).is_err() {
        f.report(MUST, path, "signed_metadata's signature part is not unpadded base64url");
    }
    if let Some(claims) = decode_object(f, payload, path, "payload") {
        match claims.get("iss") {
            Some(Value::String(iss)) if !iss.is_empty() => {}
            Some(_) => f.report(
                MUST,
                path,
                "signed_metadata's \"iss\" claim must be a non-empty string naming the issuer (RFC 9728 §2.2)",
            ),
            None => f.report(
                MUST,
                path,
                "signed_metadata has no \"iss\" claim; RFC 9728 §2.2 requires one naming the issuer",
            ),
        }
        if claims.contains_key("signed_metadata") {
            f.report(
                SHOULD,
                path,
                "signed_metadata's claims contain signed_metadata again, which RFC 9728 §2.2 says it should not",
            );
        }
    }
}

/// Decodes one base64url part as a JSON object, reporting why it is not one.
fn decode_object(
    f: &mut Findings,
    part: &str,
    path: &JsonPath,
    what: &str,
) -> Option<Map<String, Value>> {
    let bytes = match URL_SAFE_NO_PAD.decode(part) {
        Ok(bytes) => bytes,
        Err(e) => {
            f.report(
                MUST,
                path,
                format!("signed_metadata's {what} is not unpadded base64url ({e})"),
            );
            return None;
        }
    };
    match parse_object(&bytes) {
        Ok(object) => Some(object),
        Err(e) => {
            f.report(MUST, path, format!("signed_metadata's {what} is not a JSON object: {e}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    fn run(jwt: &str) -> Vec<crate::Finding> {
        let mut f = Findings::new();
        check(&mut f, jwt, &JsonPath::root().key("signed_metadata"));
        f.into_vec()
    }

    #[test]
    fn a_signed_jwt_with_iss_passes() {
        let jwt = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"ES256"}"#),
            b64(r#"{"iss":"https://mcp.example.test"}"#),
            b64("sig")
        );
        assert_eq!(run(&jwt), vec![]);
    }

    #[test]
    fn rs_prm_signed_alg_none_and_missing_iss_are_must() {
        let jwt = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(r#"{"sub":"x"}"#));
        let found = run(&jwt);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found.iter().all(|f| f.level == Level::Must));
        assert!(found[0].message.contains("unsigned"));
        assert!(found[1].message.contains("empty signature"));
        assert!(found[2].message.contains("no \"iss\""));
    }

    #[test]
    fn rs_prm_signed_wrong_shapes_are_must() {
        assert!(run("a.b").iter().any(|f| f.message.contains("found 2")));
        assert!(run("a.b.c.d.e").iter().any(|f| f.message.contains("JWE")));
        assert!(run("!!.??.x").iter().all(|f| f.level == Level::Must));
        assert_eq!(run(&"a".repeat(MAX_JWT_BYTES + 1)).len(), 1);
        let padded = format!("{}=.{}.c2ln", b64(r#"{"alg":"ES256"}"#), b64(r#"{"iss":"x"}"#));
        assert!(run(&padded).iter().any(|f| f.message.contains("JOSE header")));
    }

    #[test]
    fn rs_prm_signed_nested_signed_metadata_is_should() {
        let jwt = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"RS256"}"#),
            b64(r#"{"iss":"https://i","signed_metadata":"x"}"#),
            b64("sig")
        );
        let found = run(&jwt);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].level, Level::Should);
    }
}
