//! Listening sockets and the tasks serving them, shared by the [`World`](crate::world::World)
//! and the [`Authority`](crate::authority::Authority): binding (with the address in the
//! error), serving a router until told to stop, and canaries.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::Router;
use axum::http::StatusCode;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::http::{Recorder, record};
use crate::journal::{Journal, Listener};

/// Where canaries listen: a second loopback address, so that a request to one is never a
/// request to a real mock that happens to share a port.
pub const CANARY_HOST: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// A socket that could not be bound: a harness error, never a finding.
#[derive(Debug, thiserror::Error)]
#[error("cannot listen on {addr}: {source}")]
pub struct BindError {
    pub addr: SocketAddr,
    #[source]
    pub source: std::io::Error,
}

/// Binds `addr` (port 0: any free port); returns the listener and the address it got.
pub(crate) async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), BindError> {
    let listener = TcpListener::bind(addr).await.map_err(|source| BindError { addr, source })?;
    let local = listener.local_addr().map_err(|source| BindError { addr, source })?;
    Ok((listener, local))
}

/// `http://ADDR` (IPv6 addresses in brackets).
pub(crate) fn base_url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

/// Routers being served, stopped together: by [`Servers::shutdown`], which waits for them,
/// or on drop, which only signals.
pub(crate) struct Servers {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl fmt::Debug for Servers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Servers({} tasks)", self.tasks.len())
    }
}

impl Servers {
    pub(crate) fn new() -> Servers {
        Servers { stop: watch::channel(false).0, tasks: Vec::new() }
    }

    /// Serves `router` on `listener` in the background until the servers stop (in-flight
    /// requests finish first).
    pub(crate) fn spawn(&mut self, listener: TcpListener, router: Router) {
        let mut stopped = self.stop.subscribe();
        self.tasks.push(tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            };
            let _ = axum::serve(listener, router).with_graceful_shutdown(shutdown).await;
        }));
    }

    /// Stops every server and waits for them to finish.
    pub(crate) async fn shutdown(&mut self) {
        self.stop.send_replace(true);
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

/// A listener that records every request as [`Listener::Canary`]`(name)` and answers 404.
pub(crate) fn canary_router(name: &str, journal: &Journal) -> Router {
    let recorder =
        Recorder { journal: journal.clone(), listener: Listener::Canary(name.to_owned()) };
    Router::new()
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(axum::middleware::from_fn_with_state(recorder, record))
}

/// Binds a canary named `name` on [`CANARY_HOST`] and serves it; returns its base URL.
pub(crate) async fn start_canary(
    servers: &mut Servers,
    name: &str,
    journal: &Journal,
) -> Result<String, BindError> {
    let (listener, addr) = bind(SocketAddr::new(CANARY_HOST, 0)).await?;
    servers.spawn(listener, canary_router(name, journal));
    Ok(base_url(addr))
}
