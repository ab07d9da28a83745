//! One probe per resource-server rule a flaw can break: what server mode checks, reduced to
//! the requests that show the rule held (`Ok`) or was broken (`Err`, saying how).
//!
//! A probe whose premise another rule's failure removes passes rather than fail twice:
//! the `resource_metadata` probe needs a Bearer challenge to look in (no challenge is
//! RS-401-WWWAUTH's failure), the 403 probes need a 403, the step-up loop needs a `scope`,
//! the session probes need a session. Each probe judges one rule, as the harness's
//! scenarios are meant to.

use mcp_auth_mocks::journal::Listener;
use mcp_auth_mocks::mint::Forgery;
use mcp_auth_proto::requirements::{
    RS_401_NO_ERROR_WITHOUT_TOKEN, RS_401_NOAUTH, RS_401_RESOURCE_METADATA, RS_401_SCOPE_HINT,
    RS_401_WWWAUTH, RS_403_INSUFFICIENT_SCOPE, RS_403_RESOURCE_METADATA, RS_403_SCOPE_PARAM,
    RS_403_SINGLE_CHALLENGE, RS_AUTH_EVERY_REQUEST, RS_BEARER_CASE, RS_BEARER_SYNTAX,
    RS_ORIGIN_VALIDATION, RS_OTHER_SCHEME, RS_PRM_HTTP, RS_SCOPE_HIERARCHY, RS_SESSION_ID_ENTROPY,
    RS_SESSION_USER_BINDING, RS_TOKEN_AUDIENCE, RS_TOKEN_EXP_REQUIRED, RS_TOKEN_EXPIRED,
    RS_TOKEN_GARBAGE, RS_TOKEN_INACTIVE, RS_TOKEN_ISSUER, RS_TOKEN_JSON_BODY_IGNORED,
    RS_TOKEN_MULTI_METHOD, RS_TOKEN_NOT_YET_VALID, RS_TOKEN_QUERY_IGNORED, RS_TOKEN_SIGNATURE,
    RS_TOKEN_TYPE, RS_TOKEN_VALID, RS_WWWAUTH_HOST_INJECTION, RS_WWWAUTH_SYNTAX,
};
use mcp_auth_proto::{Level, RequirementId};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use serde_json::{Value, json};

use super::{Answer, Target, initialize};

/// Every rule probed, the positive control first.
pub(crate) const RULES: [RequirementId; 33] = [
    RS_TOKEN_VALID,
    RS_TOKEN_EXPIRED,
    RS_TOKEN_NOT_YET_VALID,
    RS_TOKEN_EXP_REQUIRED,
    RS_TOKEN_AUDIENCE,
    RS_TOKEN_ISSUER,
    RS_TOKEN_SIGNATURE,
    RS_TOKEN_TYPE,
    RS_TOKEN_GARBAGE,
    RS_TOKEN_INACTIVE,
    RS_TOKEN_QUERY_IGNORED,
    RS_TOKEN_JSON_BODY_IGNORED,
    RS_TOKEN_MULTI_METHOD,
    RS_BEARER_CASE,
    RS_BEARER_SYNTAX,
    RS_OTHER_SCHEME,
    RS_401_NOAUTH,
    RS_401_WWWAUTH,
    RS_401_RESOURCE_METADATA,
    RS_401_NO_ERROR_WITHOUT_TOKEN,
    RS_401_SCOPE_HINT,
    RS_WWWAUTH_SYNTAX,
    RS_WWWAUTH_HOST_INJECTION,
    RS_403_INSUFFICIENT_SCOPE,
    RS_403_SCOPE_PARAM,
    RS_403_SINGLE_CHALLENGE,
    RS_403_RESOURCE_METADATA,
    RS_SCOPE_HIERARCHY,
    RS_AUTH_EVERY_REQUEST,
    RS_SESSION_USER_BINDING,
    RS_SESSION_ID_ENTROPY,
    RS_ORIGIN_VALIDATION,
    RS_PRM_HTTP,
];

type Outcome = Result<(), String>;

fn ensure(held: bool, broken: impl FnOnce() -> String) -> Outcome {
    if held { Ok(()) } else { Err(broken()) }
}

/// Runs the probe for `rule`.
pub(crate) async fn probe(t: &Target, rule: RequirementId) -> Outcome {
    match rule {
        RS_TOKEN_VALID => expect_status(t, "a valid token", &t.valid(), 200).await,
        RS_TOKEN_EXPIRED => {
            let token = t.mint(&t.spec().lifetime_seconds(-600));
            expect_status(t, "a token expired 10 minutes ago", &token, 401).await
        }
        RS_TOKEN_NOT_YET_VALID => {
            let token = t.mint(&t.spec().not_before_in(3600));
            expect_status(t, "a token valid from an hour on", &token, 401).await
        }
        RS_TOKEN_EXP_REQUIRED => {
            let token = t.mint(&t.spec().without_claim("exp"));
            expect_status(t, "a token without exp", &token, 401).await
        }
        RS_TOKEN_AUDIENCE => audience(t).await,
        RS_TOKEN_ISSUER => issuer(t).await,
        RS_TOKEN_SIGNATURE => signature(t).await,
        RS_TOKEN_TYPE => {
            let id_token = t.forge(&t.spec(), &Forgery::IdToken);
            expect_status(t, "an ID token", &id_token, 401).await?;
            let typ_jwt = t.mint(&t.spec().header("typ", "JWT"));
            expect_status(t, "an access token with typ JWT", &typ_jwt, 401).await
        }
        RS_TOKEN_GARBAGE => garbage(t).await,
        RS_TOKEN_INACTIVE => inactive(t).await,
        RS_TOKEN_QUERY_IGNORED => query(t).await,
        RS_TOKEN_JSON_BODY_IGNORED => json_body(t).await,
        RS_TOKEN_MULTI_METHOD => {
            let request = t
                .initialize(Some(&format!("Bearer {}", t.invalid())))
                .header(AUTHORIZATION, format!("Bearer {}", t.valid()));
            let status = t.send(request).await.status;
            ensure(matches!(status, 400 | 401), || {
                format!("two Authorization headers (invalid, then valid) got {status}")
            })
        }
        RS_BEARER_CASE => {
            for scheme in ["bearer", "BEARER", "bEaReR"] {
                let value = format!("{scheme} {}", t.valid());
                let status = t.send(t.initialize(Some(&value))).await.status;
                ensure(status == 200, || {
                    format!("scheme {scheme:?} with a valid token got {status}")
                })?;
            }
            Ok(())
        }
        RS_BEARER_SYNTAX => bearer_syntax(t).await,
        RS_OTHER_SCHEME => other_scheme(t).await,
        RS_401_NOAUTH => {
            let status = t.send(t.initialize(None)).await.status;
            ensure(status == 401, || format!("an anonymous request got {status}"))
        }
        RS_401_WWWAUTH => {
            for answer in unauthorized_answers(t).await {
                ensure(answer.has_bearer_challenge(), || {
                    format!("a 401 without a Bearer challenge: {:?}", challenge_text(&answer))
                })?;
            }
            Ok(())
        }
        RS_401_RESOURCE_METADATA => resource_metadata_401(t).await,
        RS_401_NO_ERROR_WITHOUT_TOKEN => {
            let answer = t.send(t.initialize(None)).await;
            let Some(bearer) = answer.analysis(false).bearer().cloned() else { return Ok(()) };
            let errors: Vec<_> = ["error", "error_description", "error_uri"]
                .into_iter()
                .filter(|name| bearer.param(name).is_some())
                .collect();
            ensure(errors.is_empty(), || format!("the anonymous challenge carries {errors:?}"))
        }
        RS_401_SCOPE_HINT => {
            let answer = t.send(t.initialize(None)).await;
            let Some(bearer) = answer.analysis(false).bearer().cloned() else { return Ok(()) };
            let Some(scope) = bearer.param("scope") else { return Ok(()) };
            let usable = mcp_auth_proto::scope::Scope::parse(scope).is_ok();
            ensure(usable, || format!("the 401 scope hint {scope:?} is not a scope list"))
        }
        RS_WWWAUTH_SYNTAX => syntax(t).await,
        RS_WWWAUTH_HOST_INJECTION => host_injection(t).await,
        RS_403_INSUFFICIENT_SCOPE => {
            let answer = t.send(t.call(&t.valid(), "write")).await;
            ensure(answer.status == 403, || {
                format!("a token without the write scopes got {} for write", answer.status)
            })?;
            let error = answer.param("error");
            ensure(error.is_none() || error.as_deref() == Some("insufficient_scope"), || {
                format!("the 403 challenge's error is {error:?}")
            })
        }
        RS_403_SCOPE_PARAM => {
            let answer = t.send(t.call(&t.valid(), "write")).await;
            if answer.status != 403 || !answer.has_bearer_challenge() {
                return Ok(());
            }
            let scope = answer.param("scope").unwrap_or_default();
            ensure(!scope.trim().is_empty(), || "the 403 challenge names no scope".to_owned())
        }
        RS_403_SINGLE_CHALLENGE => single_challenge(t).await,
        RS_403_RESOURCE_METADATA => {
            let answer = t.send(t.call(&t.valid(), "write")).await;
            if answer.status != 403 || !answer.has_bearer_challenge() {
                return Ok(());
            }
            let in_403 = answer.param("resource_metadata");
            let in_401 = t.send(t.initialize(Some(&format!("Bearer {}", t.invalid())))).await;
            let in_401 = in_401.param("resource_metadata");
            ensure(in_403.is_some(), || "the 403 challenge has no resource_metadata".to_owned())?;
            ensure(in_401.is_none() || in_401 == in_403, || {
                format!("resource_metadata differs: 401 {in_401:?}, 403 {in_403:?}")
            })
        }
        RS_SCOPE_HIERARCHY => {
            let token = t.mint(&t.spec().scope(Some("mcp:super")));
            let status = t.send(t.call(&token, "write")).await.status;
            ensure(status == 200, || format!("mcp:super (implying the write scopes) got {status}"))
        }
        RS_AUTH_EVERY_REQUEST => every_request(t).await,
        RS_SESSION_USER_BINDING => {
            let Some(session) = t.open_session(&t.valid()).await else { return Ok(()) };
            let bob = t.mint(&t.spec().subject("bob"));
            let status = t.send(t.list_in(&session, Some(&bob))).await.status;
            ensure((400..500).contains(&status), || {
                format!("another user's token in alice's session got {status}")
            })
        }
        RS_SESSION_ID_ENTROPY => session_ids(t).await,
        RS_ORIGIN_VALIDATION => {
            let request = t.initialize(Some(&format!("Bearer {}", t.valid())));
            let status = t.send(request.header("origin", "https://evil.example")).await.status;
            ensure((400..500).contains(&status), || format!("a foreign Origin got {status}"))
        }
        RS_PRM_HTTP => {
            let response = t.http.get(t.prm_url()).send().await.unwrap();
            let status = response.status().as_u16();
            let json = response
                .headers()
                .get(CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
            let body: Value = response.json().await.unwrap_or(Value::Null);
            ensure(status == 200 && json && body.is_object(), || {
                format!("an anonymous PRM fetch got {status} (JSON: {json})")
            })
        }
        other => Err(format!("no probe for {other}")),
    }
}

async fn expect_status(t: &Target, what: &str, token: &str, expected: u16) -> Outcome {
    let status = t.status_with(token).await;
    ensure(status == expected, || format!("{what} got {status}, not {expected}"))
}

async fn audience(t: &Target) -> Outcome {
    let foreign = [
        ("aud of another server", t.spec().audiences(["https://other.example/mcp"])),
        ("no aud", t.spec().without_claim("aud")),
        ("aud = the issuer", t.spec().audiences([t.authority.issuer()])),
        ("aud = another path", t.spec().audiences([format!("{}/other", t.origin())])),
    ];
    for (what, spec) in foreign {
        expect_status(t, what, &t.mint(&spec), 401).await?;
    }
    Ok(())
}

async fn issuer(t: &Target) -> Outcome {
    let other = t.authority.other_minter().mint(&t.spec()).unwrap();
    expect_status(t, "a token of the untrusted issuer", other.expose(), 401).await?;
    let slash = t.mint(&t.spec().claim("iss", format!("{}/", t.authority.issuer())));
    expect_status(t, "iss with a trailing slash", &slash, 401).await?;
    let attacker = t.forge(&t.spec(), &Forgery::ForeignKey { same_kid: false });
    expect_status(t, "the trusted iss signed by another key", &attacker, 401).await
}

async fn signature(t: &Target) -> Outcome {
    let jku = format!("{}/jwks.json", t.authority.canary_url());
    for forgery in [
        Forgery::AlgNone,
        Forgery::Hs256WithPublicKey,
        Forgery::ForeignKey { same_kid: true },
        Forgery::UnknownKid,
        Forgery::EmbeddedJwk,
        Forgery::Jku(jku),
        Forgery::CritUnknown,
    ] {
        let token = t.forge(&t.spec(), &forgery);
        expect_status(t, &format!("{forgery:?}"), &token, 401).await?;
    }
    let canary = Listener::Canary(mcp_auth_mocks::authority::KEY_CANARY.to_owned());
    let hits = t.authority.journal().to(&canary).len();
    ensure(hits == 0, || format!("the key canary was contacted {hits} times"))
}

async fn garbage(t: &Target) -> Outcome {
    let tokens = [
        ("random bytes", "q2Jm5d0K8vX1nR7tYw3zA9bC4eF6gH0iJ2kL5mN8oPs".to_owned()),
        ("a truncated JWT", t.forge(&t.spec(), &Forgery::Truncated)),
        ("a JWT with a flipped payload byte", t.invalid()),
    ];
    for (what, token) in tokens {
        expect_status(t, what, &token, 401).await?;
    }
    Ok(())
}

async fn inactive(t: &Target) -> Outcome {
    let jti = format!("probe-{}", rand_suffix());
    let token = t.mint(&t.spec().jti(jti.clone()));
    if t.status_with(&token).await != 200 {
        return Ok(()); // The positive control's failure, not this rule's.
    }
    t.authority.revocations().revoke(jti);
    expect_status(t, "a revoked token used before", &token, 401).await
}

/// What the catalogue asks of a smuggled token: not served (no 2xx) and no crash (no 5xx);
/// the status that says "no credentials" is RS-401-NOAUTH's business.
fn refused(status: u16) -> bool {
    (400..500).contains(&status)
}

fn rand_suffix() -> String {
    format!("{:016x}", rand::random::<u64>())
}

async fn query(t: &Target) -> Outcome {
    let request = t
        .http
        .post(format!("{}?access_token={}", t.url(), t.valid()))
        .header(CONTENT_TYPE, "application/json")
        .body(initialize().to_string());
    let status = t.send(request).await.status;
    ensure(refused(status), || format!("a token only in the query got {status}"))?;
    let request = t.http.post(format!("{}?access_token=garbage", t.url()));
    let request = request.bearer_auth(t.valid()).body(initialize().to_string());
    let status = t.send(request).await.status;
    ensure(status == 200 || status == 400, || {
        format!("a garbage query token next to a valid header got {status}")
    })
}

async fn json_body(t: &Target) -> Outcome {
    let token = t.valid();
    let mut in_params = initialize();
    in_params["params"]["access_token"] = json!(token);
    let mut in_meta = initialize();
    in_meta["params"]["_meta"] = json!({ "access_token": token });
    for (what, body) in [("params.access_token", in_params), ("params._meta.access_token", in_meta)]
    {
        let status = t.send(t.post(&body)).await.status;
        ensure(refused(status), || format!("a token only in {what} got {status}"))?;
    }
    Ok(())
}

async fn bearer_syntax(t: &Target) -> Outcome {
    let token = t.valid();
    let status = t.send(t.initialize(Some(&format!("Bearer  {token}")))).await.status;
    ensure(status == 200, || format!("two spaces after Bearer (valid syntax) got {status}"))?;
    for value in [
        "Bearer".to_owned(),
        format!("Bearer {token} extra"),
        format!("Bearer {token},{token}"),
        format!("Bearer\t{token}"),
        format!("Bearer \"{token}\""),
        format!("Bearer={token}"),
    ] {
        let status = t.send(t.initialize(Some(&value))).await.status;
        ensure(matches!(status, 400 | 401), || {
            format!("malformed credentials {:?} got {status}", value.replace(&token, "<token>"))
        })?;
    }
    Ok(())
}

async fn other_scheme(t: &Target) -> Outcome {
    for value in ["Basic dXNlcjpwYXNz".to_owned(), format!("Token {}", t.valid())] {
        let answer = t.send(t.initialize(Some(&value))).await;
        let scheme = value.split(' ').next().unwrap_or_default().to_owned();
        ensure(answer.status == 401, || format!("scheme {scheme} got {}", answer.status))?;
        let error =
            answer.analysis(false).bearer().and_then(|b| b.param("error").map(str::to_owned));
        ensure(error.is_none(), || {
            format!("scheme {scheme} got a challenge with error {error:?}")
        })?;
    }
    Ok(())
}

/// The 401s a client meets: the anonymous one (when it is a 401) and the invalid-token one.
async fn unauthorized_answers(t: &Target) -> Vec<Answer> {
    let anonymous = t.send(t.initialize(None)).await;
    let invalid = t.send(t.initialize(Some(&format!("Bearer {}", t.invalid())))).await;
    [anonymous, invalid].into_iter().filter(|a| a.status == 401).collect()
}

async fn resource_metadata_401(t: &Target) -> Outcome {
    let Some(answer) = unauthorized_answers(t).await.into_iter().next() else { return Ok(()) };
    if !answer.has_bearer_challenge() {
        return Ok(());
    }
    let url = answer.param("resource_metadata");
    ensure(url.as_ref().is_some_and(|u| u.starts_with(&format!("{}/", t.origin()))), || {
        format!("the 401 challenge's resource_metadata is {url:?}")
    })
}

async fn syntax(t: &Target) -> Outcome {
    let answers = [
        (t.send(t.initialize(None)).await, false),
        (t.send(t.initialize(Some(&format!("Bearer {}", t.invalid())))).await, true),
        (t.send(t.initialize(Some("Bearer a b"))).await, true),
        (t.send(t.call(&t.valid(), "write")).await, true),
    ];
    for (answer, had_credentials) in answers {
        let analysis = answer.analysis(had_credentials);
        let findings: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| f.requirement == RS_WWWAUTH_SYNTAX && f.level == Level::Must)
            .collect();
        ensure(analysis.strict.is_ok() && findings.is_empty(), || {
            format!(
                "the {} challenge {:?} is not well-formed: {:?} {findings:?}",
                answer.status,
                challenge_text(&answer),
                analysis.strict.err()
            )
        })?;
    }
    Ok(())
}

fn challenge_text(answer: &Answer) -> Vec<String> {
    answer.challenges.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect()
}

async fn host_injection(t: &Target) -> Outcome {
    let forwarded = t.initialize(None).header("x-forwarded-host", "evil.example");
    let host = t.initialize(None).header("host", "evil.example");
    for (what, request) in [("X-Forwarded-Host", forwarded), ("Host", host)] {
        let answer = t.send(request).await;
        let url = answer.param("resource_metadata").unwrap_or_default();
        ensure(!url.contains("evil.example"), || {
            format!("{what}: evil.example reflected into resource_metadata {url:?}")
        })?;
    }
    Ok(())
}

/// Follows the step-up loop as a client does: each 403's `scope` is added to what was
/// granted; a second 403 for the same operation breaks the rule.
async fn single_challenge(t: &Target) -> Outcome {
    let first = t.send(t.call(&t.valid(), "write")).await;
    let Some(scope) = (first.status == 403).then(|| first.param("scope")).flatten() else {
        return Ok(());
    };
    let token = t.mint(&t.spec().scope(Some(format!("mcp:tools {scope}"))));
    let second = t.send(t.call(&token, "write")).await;
    ensure(second.status != 403, || {
        format!("a second 403 after granting {scope:?}: now {:?}", second.param("scope"))
    })
}

async fn every_request(t: &Target) -> Outcome {
    let Some(session) = t.open_session(&t.valid()).await else { return Ok(()) };
    let list = t.send(t.list_in(&session, None)).await.status;
    let delete = t.send(t.http.delete(t.url()).header("mcp-session-id", &session)).await.status;
    let get = t.send(t.http.get(t.url()).header("mcp-session-id", &session)).await.status;
    ensure(![list, delete, get].iter().any(|s| (200..300).contains(s)), || {
        format!("with the session and no token: tools/list {list}, DELETE {delete}, GET {get}")
    })
}

async fn session_ids(t: &Target) -> Outcome {
    let mut ids = Vec::new();
    for _ in 0..5 {
        let Some(id) = t.open_session(&t.valid()).await else { return Ok(()) };
        ids.push(id);
    }
    // 128 bits in base64url is 22 characters; ids that share most of their characters
    // differ only in a counter or a clock.
    for (i, a) in ids.iter().enumerate() {
        ensure(a.len() >= 22, || format!("session id {a:?} is too short to be random"))?;
        for b in ids.iter().skip(i + 1) {
            let shared = a.bytes().zip(b.bytes()).filter(|(x, y)| x == y).count();
            ensure(shared * 2 < a.len(), || format!("session ids {a:?} and {b:?} are alike"))?;
        }
    }
    Ok(())
}
