//! Every example configuration in `mocks/configs/` parses strictly and starts a world, so
//! the documentation stays true.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use mcp_auth_mocks::config::MockConfig;
use mcp_auth_mocks::world::{World, WorldOptions};

#[tokio::test]
async fn every_example_configuration_starts() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("configs");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let config: MockConfig =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_ne!(config, MockConfig::default(), "{} changes nothing", path.display());
        let world = World::start(config, WorldOptions::default()).await.unwrap();
        let status = reqwest::get(&world.mcp_url).await.unwrap().status().as_u16();
        assert_eq!(status, 401, "{}", path.display());
        world.shutdown().await;
        seen += 1;
    }
    assert!(seen >= 4);
}
