//! What the mock MCP server remembers between requests: how many authorized requests it
//! has served (for `migrate`), how often each token was used (for `revoke_tokens_after`),
//! and the sessions of the handshake-based protocol versions (with the verified identity
//! that opened each).
//!
//! Tokens are remembered by their SHA-256 digest, never in clear, so the state holds no
//! credential. Every map is bounded; when a bound is reached the server fails closed for
//! tokens (an unseen token counts as used up) and evicts the oldest session (a client
//! whose session vanished gets 404 and re-initializes, as the transport specifies).

use std::collections::{HashMap, VecDeque};

use mcp_auth_proto::SpecVersion;
use sha2::{Digest, Sha256};

use crate::verify::VerifiedToken;

/// Distinct tokens whose uses are counted.
const MAX_COUNTED_TOKENS: usize = 65_536;
/// Live sessions.
const MAX_SESSIONS: usize = 4_096;

/// A session of a handshake-based protocol version (2025-03-26 to 2025-11-25).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    /// The version `initialize` negotiated.
    pub version: SpecVersion,
    /// Who opened it: a session is bound to the user (issuer and subject) whose token
    /// initialized it, so a session id is worthless with another user's token (SBP session
    /// hijacking).
    pub user: VerifiedToken,
}

impl Session {
    /// Whether `token` belongs to the user who opened the session.
    pub(crate) fn belongs_to(&self, token: &VerifiedToken) -> bool {
        self.user.issuer == token.issuer && self.user.subject == token.subject
    }
}

#[derive(Debug, Default)]
pub(crate) struct RsState {
    authorized: u32,
    uses: HashMap<[u8; 32], u32>,
    sessions: HashMap<String, Session>,
    session_order: VecDeque<String>,
    /// Sessions opened so far (for `RsFlaw::SequentialSessionIds`).
    sessions_opened: u64,
    /// 403 `insufficient_scope` answers so far (for `gone_after_forbidden`).
    forbidden: u32,
}

impl RsState {
    /// Requests whose token was accepted so far.
    pub(crate) fn authorized_requests(&self) -> u32 {
        self.authorized
    }

    /// How often `token` has been accepted; `None` when the table is full and the token is
    /// new (the caller then refuses it).
    pub(crate) fn uses(&self, token: &str) -> Option<u32> {
        let key = digest(token);
        match self.uses.get(&key) {
            Some(n) => Some(*n),
            None if self.uses.len() >= MAX_COUNTED_TOKENS => None,
            None => Some(0),
        }
    }

    /// Records one accepted request with `token`; `count_token` says whether per-token use
    /// counts are kept at all (only `revoke_tokens_after` needs them).
    pub(crate) fn record_authorized(&mut self, token: &str, count_token: bool) {
        self.authorized = self.authorized.saturating_add(1);
        if count_token {
            let key = digest(token);
            if self.uses.contains_key(&key) || self.uses.len() < MAX_COUNTED_TOKENS {
                let n = self.uses.entry(key).or_insert(0);
                *n = n.saturating_add(1);
            }
        }
    }

    /// 403 `insufficient_scope` answers so far.
    pub(crate) fn forbidden(&self) -> u32 {
        self.forbidden
    }

    /// Counts one 403 `insufficient_scope` answer.
    pub(crate) fn note_forbidden(&mut self) {
        self.forbidden = self.forbidden.saturating_add(1);
    }

    /// The next id of a server with guessable session ids: `session-1`, `session-2`, ...
    pub(crate) fn next_sequential_id(&mut self) -> String {
        self.sessions_opened = self.sessions_opened.saturating_add(1);
        format!("session-{}", self.sessions_opened)
    }

    pub(crate) fn open_session(&mut self, id: String, session: Session) {
        while self.sessions.len() >= MAX_SESSIONS {
            let Some(oldest) = self.session_order.pop_front() else { break };
            self.sessions.remove(&oldest);
        }
        self.session_order.push_back(id.clone());
        self.sessions.insert(id, session);
    }

    pub(crate) fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.get(id)
    }

    /// Ends a session; returns whether it existed.
    pub(crate) fn close_session(&mut self, id: &str) -> bool {
        self.session_order.retain(|s| s != id);
        self.sessions.remove(id).is_some()
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_token_and_in_total() {
        let mut s = RsState::default();
        s.record_authorized("a", true);
        s.record_authorized("a", true);
        s.record_authorized("b", false);
        assert_eq!(s.uses("a"), Some(2));
        assert_eq!(s.uses("b"), Some(0));
        assert_eq!(s.authorized_requests(), 3);
    }

    #[test]
    fn sessions_open_close_and_stay_bounded() {
        let mut s = RsState::default();
        let user = VerifiedToken {
            issuer: "i".into(),
            subject: "u".into(),
            client_id: "c".into(),
            scope: mcp_auth_proto::scope::Scope::from_tokens(["s"]),
            expires_at: 0,
        };
        let session = Session { version: SpecVersion::V2025_06_18, user };
        for n in 0..=MAX_SESSIONS {
            s.open_session(format!("s{n}"), session.clone());
        }
        assert_eq!(s.sessions.len(), MAX_SESSIONS);
        assert!(s.session("s0").is_none(), "the oldest session is evicted first");
        assert!(s.close_session("s1"));
        assert!(!s.close_session("s1"));
        assert!(s.session(&format!("s{MAX_SESSIONS}")).is_some());
        assert_eq!(
            (s.next_sequential_id(), s.next_sequential_id()),
            ("session-1".into(), "session-2".into())
        );
    }
}
