//! The standalone token authority, and the world's view of itself as one: endpoints that
//! agree with the metadata, minters whose tokens the published keys and introspection
//! confirm (or, for the untrusted issuer, do not), revocation, the canary and the journal.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use mcp_auth_mocks::authority::{Authority, AuthorityError, AuthorityOptions, UNTRUSTED_AS};
use mcp_auth_mocks::config::{AsConfig, MockConfig, RsConfig};
use mcp_auth_mocks::journal::{Journal, Listener};
use mcp_auth_mocks::mint::{AccessTokenSpec, Forgery};
use mcp_auth_mocks::resource_server::{ResourceServer, RsSetup};
use mcp_auth_mocks::verify::IntrospectionVerifier;
use mcp_auth_mocks::world::{World, WorldError, WorldOptions};
use serde_json::{Value, json};

const RESOURCE: &str = "http://127.0.0.1:1/mcp";

async fn start() -> Authority {
    Authority::start(AuthorityOptions {
        listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        resource: RESOURCE.to_owned(),
        scopes_supported: vec!["mcp:tools".to_owned()],
    })
    .await
    .unwrap()
}

async fn get(url: &str) -> Value {
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

async fn introspect(endpoint: &str, token: &str) -> Value {
    reqwest::Client::new()
        .post(endpoint)
        .form(&[("token", token)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_authority_publishes_what_its_metadata_says() {
    let a = start().await;
    assert!(a.issuer().starts_with("http://127.0.0.1:") && !a.issuer().ends_with('/'));
    assert_eq!(a.metadata_url(), format!("{}/.well-known/oauth-authorization-server", a.issuer()));
    let metadata = get(&a.metadata_url()).await;
    assert_eq!(metadata["issuer"], a.issuer());
    assert_eq!(metadata["jwks_uri"], a.jwks_uri());
    assert_eq!(metadata["introspection_endpoint"], a.introspection_endpoint());
    assert_eq!(metadata["scopes_supported"], json!(["mcp:tools"]));

    let jwks = get(&a.jwks_uri()).await;
    assert_eq!(jwks["keys"][0]["kid"], a.minter().key().kid());
    // The untrusted issuer is a separate server with its own keys, on the same IP.
    assert_ne!(a.other_issuer(), a.issuer());
    let (ip, _) = a.issuer().rsplit_once(':').unwrap();
    assert!(a.other_issuer().starts_with(&format!("{ip}:")), "{}", a.other_issuer());
    let other_jwks = get(&format!("{}/jwks", a.other_issuer())).await;
    assert_eq!(other_jwks["keys"][0]["kid"], a.other_minter().key().kid());
    assert_ne!(other_jwks["keys"][0]["kid"], jwks["keys"][0]["kid"]);
    a.shutdown().await;
}

#[tokio::test]
async fn introspection_confirms_minted_tokens_until_revoked() {
    let a = start().await;
    let spec = AccessTokenSpec::new(RESOURCE).jti("j-1").scope(Some("mcp:tools"));
    let token = a.minter().mint(&spec).unwrap();
    let answer = introspect(&a.introspection_endpoint(), token.expose()).await;
    assert_eq!(answer["active"], true);
    assert_eq!(
        (answer["aud"].clone(), answer["iss"].clone()),
        (json!(RESOURCE), json!(a.issuer()))
    );
    assert_eq!(answer["scope"], "mcp:tools");
    a.revocations().revoke("j-1");
    assert_eq!(
        introspect(&a.introspection_endpoint(), token.expose()).await,
        json!({"active": false})
    );
    // Neither the untrusted issuer's tokens nor forgeries are active at the trusted one.
    let foreign = a.other_minter().mint(&AccessTokenSpec::new(RESOURCE)).unwrap();
    assert_eq!(introspect(&a.introspection_endpoint(), foreign.expose()).await["active"], false);
    let forged = a.minter().forge(&AccessTokenSpec::new(RESOURCE), &Forgery::AlgNone).unwrap();
    assert_eq!(introspect(&a.introspection_endpoint(), forged.expose()).await["active"], false);
    a.shutdown().await;
}

#[tokio::test]
async fn the_canary_and_every_listener_are_journaled() {
    let a = start().await;
    assert!(a.canary_url().starts_with("http://127.0.0.2:"));
    let status = reqwest::get(format!("{}/jwks.json", a.canary_url())).await.unwrap().status();
    assert_eq!(status, 404);
    get(&a.jwks_uri()).await;
    get(&format!("{}/jwks", a.other_issuer())).await;
    let journal: Journal = a.journal();
    let listeners: Vec<String> = journal.entries().iter().map(|e| e.listener.to_string()).collect();
    assert_eq!(listeners, ["canary:keys", "as:main", "as:untrusted"]);
    assert_eq!(journal.to(&Listener::Canary("keys".to_owned()))[0].path(), "/jwks.json");
    assert_eq!(a.view().issuer(), a.issuer());
    let url = a.jwks_uri();
    a.shutdown().await;
    assert!(reqwest::get(&url).await.is_err(), "shut down");
}

#[tokio::test]
async fn an_issuer_needs_an_address_a_server_can_reach() {
    let options = AuthorityOptions {
        listen: SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)),
        resource: RESOURCE.to_owned(),
        scopes_supported: Vec::new(),
    };
    let err = Authority::start(options).await.unwrap_err();
    assert!(matches!(err, AuthorityError::UnspecifiedAddress { .. }), "{err}");
    let taken = start().await;
    let port: u16 = taken.issuer().rsplit(':').next().unwrap().parse().unwrap();
    let options = AuthorityOptions {
        listen: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        resource: RESOURCE.to_owned(),
        scopes_supported: Vec::new(),
    };
    let err = Authority::start(options).await.unwrap_err();
    assert!(err.to_string().contains(&format!("127.0.0.1:{port}")), "{err}");
    taken.shutdown().await;
}

/// Server mode end to end, with the mock MCP server standing in for the user's: it is set
/// up the way a user would set up theirs (trust the authority's issuer and introspect at
/// its endpoint), and the authority's tokens then behave as the scenarios expect.
#[tokio::test]
async fn an_mcp_server_that_trusts_the_authority_accepts_its_tokens_only() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let resource = format!("http://{}/mcp", listener.local_addr().unwrap());
    let a = Authority::start(AuthorityOptions {
        listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        resource: resource.clone(),
        scopes_supported: vec!["mcp:tools".to_owned()],
    })
    .await
    .unwrap();
    let server = ResourceServer::new(RsSetup {
        resource: resource.clone(),
        config: RsConfig::default(),
        authorization_servers: vec![("main".to_owned(), a.issuer().to_owned())],
        verifier: Arc::new(
            IntrospectionVerifier::new().trust(a.issuer(), a.introspection_endpoint()),
        ),
        malformed: Vec::new(),
        journal: Journal::new(),
    });
    let router = server.router();
    let serving = tokio::spawn(async move { axum::serve(listener, router).await });
    let http = reqwest::Client::new();
    let status = |token: String| {
        let request = http
            .post(&resource)
            .bearer_auth(token)
            .header("accept", "application/json, text/event-stream")
            .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}));
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let spec = AccessTokenSpec::new(resource.clone()).jti("j-server").scope(Some("mcp:tools"));
    let valid = a.minter().mint(&spec).unwrap().expose().to_owned();
    assert_eq!(status(valid.clone()).await, 200);
    let foreign = a.other_minter().mint(&AccessTokenSpec::new(resource.clone())).unwrap();
    assert_eq!(status(foreign.expose().to_owned()).await, 401);
    a.revocations().revoke("j-server");
    assert_eq!(status(valid).await, 401);
    let main = Listener::AuthorizationServer("main".to_owned());
    assert_eq!(a.journal().to(&main).len(), 3, "one introspection per request");
    serving.abort();
    a.shutdown().await;
}

#[tokio::test]
async fn a_world_is_an_authority_only_when_asked() {
    let world = World::start(MockConfig::default(), WorldOptions::default()).await.unwrap();
    assert!(world.authority().is_none());
    assert!(world.minter(UNTRUSTED_AS).is_none());
    world.shutdown().await;

    let options = WorldOptions { authority: true, ..WorldOptions::default() };
    let world = World::start(MockConfig::default(), options.clone()).await.unwrap();
    let view = world.authority().unwrap();
    assert_eq!(view.issuer(), world.issuer());
    assert_eq!(view.other_issuer(), world.issuers[UNTRUSTED_AS]);
    assert_eq!(view.canary_url(), world.canaries["keys"]);
    assert_eq!(
        view.metadata_url(),
        format!("{}/.well-known/oauth-authorization-server", world.issuer())
    );
    assert_eq!(view.introspection_endpoint(), format!("{}/introspect", world.issuer()));
    world.shutdown().await;

    let mut config = MockConfig::default();
    config.extra_authorization_servers.insert(UNTRUSTED_AS.to_owned(), AsConfig::default());
    let err = World::start(config.clone(), options).await.unwrap_err();
    assert!(matches!(err, WorldError::ReservedName { .. }), "{err}");
    // Without the option the name is an ordinary server, trusted once PRM names it.
    config.resource_server.authorization_servers.push(UNTRUSTED_AS.to_owned());
    let world = World::start(config, WorldOptions::default()).await.unwrap();
    assert!(world.authority().is_none());
    let spec = AccessTokenSpec::new(world.mcp_url.clone());
    let token = world.minter(UNTRUSTED_AS).unwrap().mint(&spec).unwrap();
    let response = reqwest::Client::new()
        .post(&world.mcp_url)
        .bearer_auth(token.expose())
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    world.shutdown().await;
}
