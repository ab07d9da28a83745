//! Transcripts of what a scenario sent and received, with every secret replaced.
//!
//! The runner knows every token it put on the wire; each occurrence of one (in a URL, a
//! header, a body, or echoed back by the target) becomes `<token:NAME>`. `Authorization`,
//! `Cookie`, `Set-Cookie` and `Proxy-Authorization` values that hold no known token keep
//! only their scheme (cookies nothing). Bodies are cut at [`BODY_PREVIEW_BYTES`].

use std::fmt::Write as _;

use super::http::{Incoming, Outgoing};

/// Most body bytes shown per message.
pub const BODY_PREVIEW_BYTES: usize = 2048;
/// Most bytes a scenario's transcript keeps.
pub const MAX_TRANSCRIPT_BYTES: usize = 64 * 1024;

const SENSITIVE: [&str; 4] = ["authorization", "proxy-authorization", "cookie", "set-cookie"];

/// Secrets to hide, with the label each is shown as.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<(String, String)>,
}

impl Redactor {
    pub fn add(&mut self, value: &str, label: String) {
        // Very short values would redact ordinary text; no token the runner sends is short.
        if value.len() >= 8 && !self.secrets.iter().any(|(v, _)| v == value) {
            self.secrets.push((value.to_owned(), label));
            // Longest first, so a token that contains another is replaced whole.
            self.secrets.sort_by_key(|(secret, _)| std::cmp::Reverse(secret.len()));
        }
    }

    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        // Every whole secret first: tokens of one issuer share a long prefix (the JOSE
        // header), so hiding one token's cut-off start before another is replaced whole
        // would leave the rest of that other token in the clear.
        for (secret, label) in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), label);
            }
        }
        for (secret, label) in &self.secrets {
            out = redact_cut_off(&out, secret, label);
        }
        out
    }

    fn header_value(&self, name: &str, value: &str) -> String {
        let redacted = self.redact(value);
        if redacted != value || !SENSITIVE.iter().any(|s| name.eq_ignore_ascii_case(s)) {
            return redacted;
        }
        // Authorization values keep their scheme (which says what was sent); cookies keep
        // nothing.
        let is_authorization = name.to_ascii_lowercase().ends_with("authorization");
        match value.split_once(' ') {
            Some((scheme, _)) if is_authorization => format!("{scheme} <redacted>"),
            _ => "<redacted>".to_owned(),
        }
    }
}

/// How long a leading piece of a secret must be to be hidden on its own.
const CUT_OFF_PREFIX: usize = 24;

/// Hides the leading pieces of `secret` left in `text` where a message cut it short (a
/// quoted value shortened for display keeps only the start of a long token).
fn redact_cut_off(text: &str, secret: &str, label: &str) -> String {
    let Some(needle) = secret.get(..CUT_OFF_PREFIX) else { return text.to_owned() };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(needle) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let shared = from
            .char_indices()
            .zip(secret.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, c), _)| i + c.len_utf8());
        out.push_str(label);
        rest = from.get(shared..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// A growing transcript.
#[derive(Debug, Clone, Default)]
pub struct Transcript {
    text: String,
    full: bool,
}

impl Transcript {
    pub fn note(&mut self, redactor: &Redactor, line: &str) {
        self.push(&format!("# {}\n", redactor.redact(line)));
    }

    pub fn request(&mut self, redactor: &Redactor, step: &str, outgoing: &Outgoing) {
        let mut s =
            format!("# step {step}\n> {} {}\n", outgoing.method, redactor.redact(&outgoing.url));
        for (name, value) in &outgoing.headers {
            let _ = writeln!(s, "> {name}: {}", shorten(&redactor.header_value(name, value)));
        }
        if let Some(body) = &outgoing.body {
            s.push_str(&body_preview(redactor, ">", body));
        }
        self.push(&s);
    }

    pub fn response(&mut self, redactor: &Redactor, incoming: &Incoming) {
        let mut s = format!("< HTTP {}\n", incoming.status);
        for (name, value) in &incoming.headers {
            let _ = writeln!(s, "< {name}: {}", shorten(&redactor.header_value(name, value)));
        }
        s.push_str(&body_preview(redactor, "<", &incoming.body));
        if incoming.truncated {
            s.push_str("< (body cut at the harness's size limit)\n");
        }
        self.push(&s);
    }

    fn push(&mut self, s: &str) {
        if self.full {
            return;
        }
        if self.text.len() + s.len() > MAX_TRANSCRIPT_BYTES {
            self.text.push_str("# (transcript cut at 64 KiB)\n");
            self.full = true;
            return;
        }
        self.text.push_str(s);
    }

    pub fn into_text(self) -> String {
        self.text
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Header values longer than this are shown cut (a 1 MiB hostile token stays readable).
const HEADER_PREVIEW_CHARS: usize = 256;

fn shorten(value: &str) -> String {
    if value.chars().count() <= HEADER_PREVIEW_CHARS {
        return value.to_owned();
    }
    let head: String = value.chars().take(HEADER_PREVIEW_CHARS).collect();
    format!("{head}… ({} bytes)", value.len())
}

fn body_preview(redactor: &Redactor, prefix: &str, body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    let cut = body.len() > BODY_PREVIEW_BYTES;
    let shown = body.get(..BODY_PREVIEW_BYTES.min(body.len())).unwrap_or_default();
    let text = redactor.redact(&String::from_utf8_lossy(shown));
    let mut s = String::new();
    for line in text.lines() {
        let _ = writeln!(s, "{prefix} {line}");
    }
    if cut {
        let _ = writeln!(s, "{prefix} … ({} bytes in all)", body.len());
    }
    s
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_secret_cut_short_in_a_message_is_still_hidden() {
        let mut r = Redactor::default();
        let secret = "eyJhbGciOiJFUzI1NiIsImtpZCI6IjEifQ.eyJhdWQiOiJodHRwIn0.c2ln";
        r.add(secret, "<secret:access_token>".into());
        let cut: String = secret.chars().take(40).collect();
        let shown = r.redact(&format!("$.access_token = \"{cut}\"… (300 bytes)"));
        assert_eq!(shown, "$.access_token = \"<secret:access_token>\"… (300 bytes)");
        assert!(!shown.contains(&secret[..20]));
        // Short shared prefixes are ordinary text.
        assert_eq!(r.redact("eyJhbGci"), "eyJhbGci");
    }

    #[test]
    fn tokens_and_credentials_never_appear() {
        let mut r = Redactor::default();
        r.add("eyJhbGciOi.secret.token", "<token:valid>".into());
        let out = Outgoing {
            method: "POST".into(),
            url: "http://h/mcp?access_token=eyJhbGciOi.secret.token".into(),
            headers: vec![
                ("Authorization".into(), "Bearer eyJhbGciOi.secret.token".into()),
                ("Authorization".into(), "Basic dXNlcjpwYXNz".into()),
                ("Cookie".into(), "sid=abc".into()),
            ],
            body: Some(b"{\"access_token\":\"eyJhbGciOi.secret.token\"}".to_vec()),
            timeout: Duration::from_secs(1),
        };
        let mut t = Transcript::default();
        t.request(&r, "probe", &out);
        t.response(
            &r,
            &Incoming {
                status: 401,
                headers: vec![("set-cookie".into(), "sid=xyz; HttpOnly".into())],
                body: b"you sent eyJhbGciOi.secret.token".to_vec(),
                truncated: false,
            },
        );
        let text = t.into_text();
        for secret in ["secret", "dXNlcjpwYXNz", "sid=abc", "sid=xyz"] {
            assert!(!text.contains(secret), "{secret} leaked:\n{text}");
        }
        assert!(text.contains("> Authorization: Bearer <token:valid>"), "{text}");
        assert!(text.contains("> Authorization: Basic <redacted>"), "{text}");
        assert!(text.contains("< you sent <token:valid>"), "{text}");
    }

    #[test]
    fn tokens_sharing_a_long_prefix_are_each_replaced_whole() {
        let header = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiYXQrand0In0";
        let long = format!("{header}.eyJsb25nZXItcGF5bG9hZC1vZi10aGUtZmlyc3QifQ.c2ln");
        let short = format!("{header}.eyJvdGhlciJ9.c2ln");
        let mut r = Redactor::default();
        r.add(&long, "<token:long>".into());
        r.add(&short, "<token:short>".into());
        let out = r.redact(&format!("a {short} b {long} c {}", &long[..40]));
        assert_eq!(out, "a <token:short> b <token:long> c <token:long>");
    }

    #[test]
    fn transcripts_are_bounded() {
        let mut t = Transcript::default();
        let r = Redactor::default();
        for _ in 0..10_000 {
            t.note(&r, "0123456789012345678901234567890123456789");
        }
        assert!(t.as_str().len() <= MAX_TRANSCRIPT_BYTES + 64);
        assert!(t.as_str().ends_with("(transcript cut at 64 KiB)\n"));
        assert!(shorten(&"a".repeat(1 << 20)).len() < 400);
    }
}
