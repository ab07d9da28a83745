//! Throughput of the challenge parser and the document validators.
//!
//! `cargo bench -p mcp-auth-proto` measures; `cargo test --benches` (run by CI) executes
//! each benchmark once so they cannot rot. Criterion reports time per iteration; headers
//! or documents per second is its reciprocal (criterion prints it as throughput).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mcp_auth_proto::challenge::{self, ChallengeContext};
use mcp_auth_proto::documents::as_metadata::{
    self, AsMetadataContext, AuthorizationServerMetadata, MetadataFlavour,
};
use mcp_auth_proto::documents::prm::{self, PrmContext, ProtectedResourceMetadata};
use mcp_auth_proto::json::parse_object;
use std::hint::black_box;

/// A typical MCP 401 challenge (what the TypeScript and Python SDKs send).
const TYPICAL_401: &[u8] = br#"Bearer error="invalid_token", error_description="Missing Authorization header", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="files:read files:write""#;

const PRM: &[u8] = br#"{"resource":"https://mcp.example.com/mcp","authorization_servers":["https://auth.example.com"],"scopes_supported":["files:read","files:write"],"bearer_methods_supported":["header"],"resource_name":"Example MCP server","resource_documentation":"https://mcp.example.com/docs"}"#;

const AS_METADATA: &[u8] = br#"{"issuer":"https://auth.example.com","authorization_endpoint":"https://auth.example.com/authorize","token_endpoint":"https://auth.example.com/token","registration_endpoint":"https://auth.example.com/register","jwks_uri":"https://auth.example.com/jwks.json","revocation_endpoint":"https://auth.example.com/revoke","introspection_endpoint":"https://auth.example.com/introspect","response_types_supported":["code"],"response_modes_supported":["query"],"grant_types_supported":["authorization_code","refresh_token","client_credentials"],"token_endpoint_auth_methods_supported":["none","client_secret_basic","client_secret_post","private_key_jwt"],"code_challenge_methods_supported":["S256"],"scopes_supported":["openid","files:read","files:write","offline_access"],"authorization_response_iss_parameter_supported":true,"client_id_metadata_document_supported":true,"service_documentation":"https://auth.example.com/docs"}"#;

fn headers(c: &mut Criterion) {
    let mut group = c.benchmark_group("www_authenticate");
    group.throughput(Throughput::Elements(1));
    group.bench_function("parse_strict_typical_401", |b| {
        b.iter(|| challenge::parse_strict(black_box(&[TYPICAL_401])))
    });
    let context = ChallengeContext::default();
    group.bench_function("analyze_typical_401", |b| {
        b.iter(|| challenge::analyze(black_box(&[TYPICAL_401]), &context))
    });
    group.finish();
}

fn documents(c: &mut Criterion) {
    let mut group = c.benchmark_group("documents");
    group.throughput(Throughput::Elements(1));
    group.bench_function("strict_json_prm", |b| b.iter(|| parse_object(black_box(PRM))));
    let prm_context = PrmContext {
        expected_resource: Some("https://mcp.example.com/mcp".to_owned()),
        ..PrmContext::default()
    };
    group.bench_function("parse_and_validate_prm", |b| {
        b.iter(|| {
            let doc = ProtectedResourceMetadata::parse(black_box(PRM)).ok()?;
            Some(prm::validate(&doc, &prm_context))
        })
    });
    let as_context = AsMetadataContext {
        expected_issuer: Some("https://auth.example.com".to_owned()),
        flavour: MetadataFlavour::Oauth,
        ..AsMetadataContext::default()
    };
    group.bench_function("parse_and_validate_as_metadata", |b| {
        b.iter(|| {
            let doc = AuthorizationServerMetadata::parse(black_box(AS_METADATA)).ok()?;
            Some(as_metadata::validate(&doc, &as_context))
        })
    });
    group.finish();
}

criterion_group!(benches, headers, documents);
criterion_main!(benches);
