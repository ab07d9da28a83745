//! The one challenge-list reader behind both the strict parser and the lenient reading.
//!
//! Both readings run this code; they differ only in what [`Parser::deviate_at`] does with a
//! rule the input breaks. Strict mode returns it as the error; lenient mode records it and
//! applies a documented recovery. So wherever strict parsing succeeds, the lenient reading
//! took exactly the same path and yields exactly the same challenges with no deviations,
//! and where strict parsing fails, the first deviation recorded is the strict error.
//!
//! The reader is a single forward pass over each field value (look-ahead for token68 is
//! bounded by the token itself), so its cost is linear in the input, which is bounded by
//! [`MAX_HEADER_FIELD_BYTES`] and [`MAX_HEADER_TOTAL_BYTES`] before any parsing starts.

use super::chars::{decode, is_ctl, is_qdtext, is_quoted_pair_char, is_tchar, is_token68_char};
use super::error::{ChallengeError, ChallengeErrorKind};
use super::{AuthParam, Challenge};
use crate::limits::{
    MAX_CHALLENGES, MAX_HEADER_FIELD_BYTES, MAX_HEADER_TOTAL_BYTES, MAX_PARAMS_PER_CHALLENGE,
};

/// Most deviations a lenient reading lists; the rest are only counted.
pub(crate) const MAX_LISTED_DEVIATIONS: usize = 64;

/// Longest parameter name kept in an error, in bytes.
const MAX_NAME_IN_ERROR: usize = 64;

/// Strict parsing fails at the first broken rule; lenient reading records it and recovers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Strict,
    Lenient,
}

/// Forms RFC 9110 obliges recipients to accept but forbids (or discourages) senders to
/// generate. The parsers accept them; the analysis reports them against the sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlipKind {
    /// An empty list element (RFC 9110 §5.6.1.1: a sender MUST NOT generate one).
    EmptyListElement,
    /// Whitespace around `=` (RFC 9110 §5.6.3: a sender MUST NOT generate BWS).
    Bws,
    /// A quoted-pair escaping something other than `"` or `\` (RFC 9110 §5.6.4: SHOULD NOT).
    NeedlessQuotedPair,
}

/// The first place a sender slip of one kind was seen, and how often it was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slip {
    pub kind: SlipKind,
    pub field: usize,
    pub offset: usize,
    pub count: usize,
}

/// What one pass over the field values produced.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcome {
    pub challenges: Vec<Challenge>,
    /// `(field, offset)` of each challenge's scheme, parallel to `challenges`.
    pub starts: Vec<(usize, usize)>,
    /// Lenient mode only: the rules broken and forgiven, in input order.
    pub deviations: Vec<ChallengeError>,
    /// Deviations beyond [`MAX_LISTED_DEVIATIONS`], counted but not listed.
    pub unlisted_deviations: usize,
    pub slips: Vec<Slip>,
}

/// Reads `fields` as one combined challenge list (RFC 9110 §5.3: several field lines are
/// one comma-separated list, so a field boundary acts as a comma).
pub(crate) fn read(fields: &[&[u8]], mode: Mode) -> Result<Outcome, ChallengeError> {
    let mut parser = Parser {
        mode,
        field: 0,
        bytes: &[],
        pos: 0,
        out: Outcome::default(),
        stop: false,
        bare_scheme_end: None,
    };
    let mut total: usize = 0;
    for (index, &bytes) in fields.iter().enumerate() {
        parser.field = index;
        parser.bytes = &[];
        parser.pos = 0;
        if bytes.len() > MAX_HEADER_FIELD_BYTES {
            let kind = ChallengeErrorKind::FieldTooLong {
                len: bytes.len(),
                limit: MAX_HEADER_FIELD_BYTES,
            };
            // Lenient recovery: leave the whole field unread.
            parser.deviate_at(MAX_HEADER_FIELD_BYTES, kind)?;
            continue;
        }
        total = total.saturating_add(bytes.len());
        if total > MAX_HEADER_TOTAL_BYTES {
            let kind = ChallengeErrorKind::TotalTooLong { total, limit: MAX_HEADER_TOTAL_BYTES };
            // Lenient recovery: read no further field.
            parser.deviate_at(0, kind)?;
            break;
        }
        parser.bytes = bytes;
        parser.list()?;
        if parser.stop {
            break;
        }
    }
    Ok(parser.out)
}

#[derive(Debug, Clone, Copy, Default)]
struct Whitespace {
    any: bool,
    tab: bool,
    start: usize,
}

struct RawValue {
    bytes: Vec<u8>,
    quoted: bool,
}

struct Parser<'a> {
    mode: Mode,
    field: usize,
    bytes: &'a [u8],
    pos: usize,
    out: Outcome,
    /// Set by a lenient recovery that reads no further input.
    stop: bool,
    /// Where the current challenge's scheme ended without SP and params, as in
    /// `Bearer , a="1"`: a param that follows joins it through an empty list element.
    bare_scheme_end: Option<usize>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn deviate(&mut self, kind: ChallengeErrorKind) -> Result<(), ChallengeError> {
        self.deviate_at(self.pos, kind)
    }

    /// The single point where strict and lenient readings part.
    fn deviate_at(
        &mut self,
        offset: usize,
        kind: ChallengeErrorKind,
    ) -> Result<(), ChallengeError> {
        let error = ChallengeError { field: self.field, offset, kind };
        match self.mode {
            Mode::Strict => Err(error),
            Mode::Lenient => {
                if self.out.deviations.len() < MAX_LISTED_DEVIATIONS {
                    self.out.deviations.push(error);
                } else {
                    self.out.unlisted_deviations = self.out.unlisted_deviations.saturating_add(1);
                }
                Ok(())
            }
        }
    }

    fn slip(&mut self, kind: SlipKind, offset: usize) {
        if let Some(slip) = self.out.slips.iter_mut().find(|s| s.kind == kind) {
            slip.count = slip.count.saturating_add(1);
        } else {
            self.out.slips.push(Slip { kind, field: self.field, offset, count: 1 });
        }
    }

    /// Length of an obsolete line fold (`CRLF 1*WSP` or `LF 1*WSP`, first WSP included)
    /// starting at `at`.
    fn fold_len_at(&self, at: usize) -> Option<usize> {
        let wsp = |i: usize| matches!(self.bytes.get(i), Some(b' ' | b'\t'));
        match self.bytes.get(at) {
            Some(b'\r') if self.bytes.get(at + 1) == Some(&b'\n') && wsp(at + 2) => Some(3),
            Some(b'\n') if wsp(at + 1) => Some(2),
            _ => None,
        }
    }

    /// The error kind for the byte at the cursor: control characters and folds take
    /// precedence over what the grammar expected there.
    fn classify(&self, expected: ChallengeErrorKind) -> ChallengeErrorKind {
        match self.peek() {
            Some(_) if self.fold_len_at(self.pos).is_some() => ChallengeErrorKind::ObsFold,
            Some(b) if is_ctl(b) => ChallengeErrorKind::ControlCharacter,
            _ => expected,
        }
    }

    /// Skips OWS; an obsolete fold is a deviation, read leniently as SP.
    fn ows(&mut self) -> Result<Whitespace, ChallengeError> {
        let mut ws = Whitespace { start: self.pos, ..Whitespace::default() };
        loop {
            match self.peek() {
                Some(b' ') => self.pos += 1,
                Some(b'\t') => {
                    ws.tab = true;
                    self.pos += 1;
                }
                Some(b'\r' | b'\n') => match self.fold_len_at(self.pos) {
                    Some(n) => {
                        self.deviate(ChallengeErrorKind::ObsFold)?;
                        self.pos += n;
                    }
                    None => break,
                },
                _ => break,
            }
            ws.any = true;
        }
        Ok(ws)
    }

    /// Where whitespace (including folds) starting at `at` ends, without consuming it.
    fn ws_end_from(&self, mut at: usize) -> usize {
        loop {
            match self.bytes.get(at) {
                Some(b' ' | b'\t') => at += 1,
                Some(b'\r' | b'\n') => match self.fold_len_at(at) {
                    Some(n) => at += n,
                    None => return at,
                },
                _ => return at,
            }
        }
    }

    fn token(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        String::from_utf8_lossy(self.bytes.get(start..self.pos).unwrap_or_default()).into_owned()
    }

    /// Lenient recovery: skip to the next `,` outside a quoted-string, or the field's end.
    fn skip_element(&mut self) {
        let mut in_quotes = false;
        while let Some(b) = self.peek() {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\\' if in_quotes => self.pos += 1,
                b',' if !in_quotes => return,
                _ => {}
            }
            self.pos += 1;
        }
        self.pos = self.pos.min(self.bytes.len());
    }

    /// `#element` in the recipient form: `[ element ] *( OWS "," OWS [ element ] )`.
    fn list(&mut self) -> Result<(), ChallengeError> {
        let mut element_since_comma = false;
        let mut saw_comma = false;
        loop {
            self.ows()?;
            let Some(b) = self.peek() else { break };
            if b == b',' {
                if !element_since_comma {
                    self.slip(SlipKind::EmptyListElement, self.pos);
                }
                self.pos += 1;
                element_since_comma = false;
                saw_comma = true;
                continue;
            }
            let before = self.pos;
            self.element()?;
            if self.stop {
                return Ok(());
            }
            element_since_comma = true;
            self.ows()?;
            if self.peek().is_some_and(|b| b != b',') {
                let kind = self.classify(ChallengeErrorKind::ExpectedComma);
                self.deviate(kind.clone())?;
                // Lenient recovery: a missing comma is read as though it were there; any
                // other junk ends the element.
                if kind != ChallengeErrorKind::ExpectedComma {
                    self.skip_element();
                }
            }
            if self.pos == before {
                // Defensive: every path above consumes input; never loop in place.
                self.pos += 1;
            }
        }
        if saw_comma && !element_since_comma {
            self.slip(SlipKind::EmptyListElement, self.pos);
        }
        Ok(())
    }

    /// One list element: a challenge start (`scheme [ 1*SP ( token68 / auth-param ) ]`) or
    /// a further auth-param of the current challenge.
    fn element(&mut self) -> Result<(), ChallengeError> {
        let start = self.pos;
        let name = self.token();
        if name.is_empty() {
            return self.fail_element(ChallengeErrorKind::ExpectedToken);
        }
        let name_end = self.pos;
        let ws = self.ows()?;
        if self.peek() == Some(b'=') {
            if ws.any {
                self.slip(SlipKind::Bws, name_end);
            }
            self.pos += 1;
            return self.param(name, start);
        }
        self.open_challenge(name, start)?;
        if self.stop {
            return Ok(());
        }
        if matches!(self.peek(), None | Some(b',')) {
            self.bare_scheme_end = Some(self.pos);
            return Ok(());
        }
        if !ws.any {
            return self.fail_element(ChallengeErrorKind::ExpectedComma);
        }
        if ws.tab {
            // Lenient recovery: accept HTAB as the separator.
            self.deviate_at(ws.start, ChallengeErrorKind::TabAfterScheme)?;
        }
        if self.token68() {
            return Ok(());
        }
        let param_start = self.pos;
        let param_name = self.token();
        if param_name.is_empty() {
            return self.fail_element(ChallengeErrorKind::ExpectedToken);
        }
        let param_name_end = self.pos;
        let ws = self.ows()?;
        if self.peek() != Some(b'=') {
            return self.fail_element(ChallengeErrorKind::MissingEquals);
        }
        if ws.any {
            self.slip(SlipKind::Bws, param_name_end);
        }
        self.pos += 1;
        self.param(param_name, param_start)
    }

    /// Reports what is wrong at the cursor; lenient recovery drops the rest of the element.
    fn fail_element(&mut self, expected: ChallengeErrorKind) -> Result<(), ChallengeError> {
        let kind = self.classify(expected);
        self.deviate(kind)?;
        self.skip_element();
        Ok(())
    }

    fn open_challenge(&mut self, scheme: String, start: usize) -> Result<(), ChallengeError> {
        if self.out.challenges.len() >= MAX_CHALLENGES {
            self.deviate_at(
                start,
                ChallengeErrorKind::TooManyChallenges { limit: MAX_CHALLENGES },
            )?;
            // Lenient recovery: keep the first MAX_CHALLENGES and read no further.
            self.stop = true;
            return Ok(());
        }
        self.bare_scheme_end = None;
        self.out.challenges.push(Challenge { scheme, token68: None, params: Vec::new() });
        self.out.starts.push((self.field, start));
        Ok(())
    }

    /// token68 look-ahead (RFC 9110 §11.2): a run of token68 characters and `=` padding
    /// that ends the element is a token68 (`Bearer abc==`); anything else after it
    /// (`Bearer abc=def`) makes the run the name of an auth-param.
    fn token68(&mut self) -> bool {
        let start = self.pos;
        let mut end = start;
        while self.bytes.get(end).copied().is_some_and(is_token68_char) {
            end += 1;
        }
        if end == start {
            return false;
        }
        while self.bytes.get(end) == Some(&b'=') {
            end += 1;
        }
        let after = self.ws_end_from(end);
        if !matches!(self.bytes.get(after), None | Some(b',')) {
            return false;
        }
        let text = String::from_utf8_lossy(self.bytes.get(start..end).unwrap_or_default());
        if let Some(challenge) = self.out.challenges.last_mut() {
            challenge.token68 = Some(text.into_owned());
        }
        self.pos = end;
        true
    }

    /// Why an auth-param named `name` cannot join the current challenge, if it cannot.
    fn refusal(&self, name: &str) -> Option<ChallengeErrorKind> {
        let Some(current) = self.out.challenges.last() else {
            return Some(ChallengeErrorKind::ParamWithoutScheme);
        };
        if current.token68.is_some() {
            return Some(ChallengeErrorKind::Token68NotAlone);
        }
        if current.params.iter().any(|p| p.name.eq_ignore_ascii_case(name)) {
            let mut lower = name.to_ascii_lowercase();
            lower.truncate(MAX_NAME_IN_ERROR);
            return Some(ChallengeErrorKind::DuplicateParam { name: lower });
        }
        if current.params.len() >= MAX_PARAMS_PER_CHALLENGE {
            return Some(ChallengeErrorKind::TooManyParams { limit: MAX_PARAMS_PER_CHALLENGE });
        }
        None
    }

    /// The value of an auth-param whose `=` has just been consumed. Lenient recovery for a
    /// refused param (no scheme, after token68, duplicate, too many) reads its value and
    /// drops it, so a duplicate never replaces the first value.
    fn param(&mut self, name: String, name_start: usize) -> Result<(), ChallengeError> {
        let refusal = self.refusal(&name);
        if let Some(kind) = refusal.clone() {
            self.deviate_at(name_start, kind)?;
        }
        let ws = self.ows()?;
        if ws.any {
            self.slip(SlipKind::Bws, ws.start);
        }
        let value = match self.peek() {
            None | Some(b',') => {
                // Lenient recovery: drop the param.
                self.deviate(ChallengeErrorKind::MissingValue)?;
                return Ok(());
            }
            Some(b'"') => self.quoted()?,
            Some(_) => match self.token_value()? {
                Some(value) => value,
                None => return Ok(()),
            },
        };
        if refusal.is_none() {
            if let Some(offset) = self.bare_scheme_end.take() {
                // `scheme , param`: the grammar reads this as `scheme 1*SP #auth-param`
                // whose first element is empty (and, without the SP, not at all).
                self.slip(SlipKind::EmptyListElement, offset);
            }
            let (text, encoding) = decode(value.bytes);
            if let Some(challenge) = self.out.challenges.last_mut() {
                challenge.params.push(AuthParam {
                    name,
                    value: text,
                    quoted: value.quoted,
                    encoding,
                });
            }
        }
        Ok(())
    }

    /// An unquoted value: a token. Lenient recovery for anything else that is not a
    /// control character (an unquoted URL, say) reads up to the next delimiter.
    fn token_value(&mut self) -> Result<Option<RawValue>, ChallengeError> {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        let ends_cleanly = matches!(self.peek(), None | Some(b' ' | b'\t' | b',' | b'\r' | b'\n'));
        if self.pos == start || !ends_cleanly {
            let kind = self.classify(ChallengeErrorKind::InvalidValue);
            self.deviate(kind.clone())?;
            if kind != ChallengeErrorKind::InvalidValue {
                self.skip_element();
                return Ok(None);
            }
            while self.peek().is_some_and(|b| !matches!(b, b' ' | b'\t' | b',') && !is_ctl(b)) {
                self.pos += 1;
            }
        }
        let bytes = self.bytes.get(start..self.pos).unwrap_or_default().to_vec();
        Ok(Some(RawValue { bytes, quoted: false }))
    }

    /// A quoted-string starting at the cursor, unescaped. Lenient recoveries: an
    /// unterminated string ends at the field's end; a fold becomes SP; a control
    /// character (escaped or not) is dropped.
    fn quoted(&mut self) -> Result<RawValue, ChallengeError> {
        let open = self.pos;
        self.pos += 1;
        let mut bytes = Vec::new();
        loop {
            match self.peek() {
                None => {
                    self.deviate_at(open, ChallengeErrorKind::UnterminatedQuote)?;
                    break;
                }
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => match self.bytes.get(self.pos + 1).copied() {
                    None => {
                        self.deviate_at(open, ChallengeErrorKind::UnterminatedQuote)?;
                        self.pos += 1;
                        break;
                    }
                    Some(escaped) if is_quoted_pair_char(escaped) => {
                        if escaped != b'"' && escaped != b'\\' {
                            self.slip(SlipKind::NeedlessQuotedPair, self.pos);
                        }
                        bytes.push(escaped);
                        self.pos += 2;
                    }
                    Some(_) => {
                        self.deviate(ChallengeErrorKind::BadQuotedPair)?;
                        self.pos += 2;
                    }
                },
                Some(b) if is_qdtext(b) => {
                    bytes.push(b);
                    self.pos += 1;
                }
                Some(_) => match self.fold_len_at(self.pos) {
                    Some(n) => {
                        self.deviate(ChallengeErrorKind::ObsFold)?;
                        bytes.push(b' ');
                        self.pos += n;
                    }
                    None => {
                        self.deviate(ChallengeErrorKind::ControlCharacter)?;
                        self.pos += 1;
                    }
                },
            }
        }
        Ok(RawValue { bytes, quoted: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(s: &str) -> Result<Outcome, ChallengeError> {
        read(&[s.as_bytes()], Mode::Strict)
    }

    #[test]
    fn rfc9110_s11_2_token68_look_ahead() {
        let t68 = |s: &str| strict(s).unwrap().challenges[0].token68.clone();
        assert_eq!(t68("Bearer abc="), Some("abc=".to_owned()));
        assert_eq!(t68("Bearer abc=="), Some("abc==".to_owned()));
        assert_eq!(t68("Bearer a/b+c~ , Basic"), Some("a/b+c~".to_owned()));
        let c = &strict("Bearer abc=def").unwrap().challenges[0];
        assert_eq!(c.token68, None);
        assert_eq!(c.params[0].name, "abc");
        assert_eq!(c.params[0].value, "def");
    }

    #[test]
    fn rfc9110_s5_6_slips_are_accepted_but_recorded() {
        let out = strict(r#"Bearer , a = "1",, b="\x", c="\"""#).unwrap();
        let kinds: Vec<_> = out.slips.iter().map(|s| (s.kind, s.count)).collect();
        assert!(kinds.contains(&(SlipKind::EmptyListElement, 2)), "{kinds:?}");
        assert!(kinds.contains(&(SlipKind::Bws, 2)), "{kinds:?}");
        assert!(kinds.contains(&(SlipKind::NeedlessQuotedPair, 1)), "{kinds:?}");
        assert_eq!(out.challenges[0].params[1].value, "x");
    }

    #[test]
    fn error_kinds_and_offsets() {
        let err = |s: &str| strict(s).unwrap_err();
        let e = err("Bearer realm=\"x\", realm=\"y\"");
        assert_eq!(
            (e.offset, e.kind),
            (18, ChallengeErrorKind::DuplicateParam { name: "realm".into() })
        );
        assert_eq!(err("realm=\"x\"").kind, ChallengeErrorKind::ParamWithoutScheme);
        assert_eq!(err("Bearer abc, realm=\"x\"").kind, ChallengeErrorKind::Token68NotAlone);
        assert_eq!(err("Bearer realm \"x\"").kind, ChallengeErrorKind::MissingEquals);
        assert_eq!(err("Bearer a=\"1\", b=").kind, ChallengeErrorKind::MissingValue);
        assert_eq!(err("Bearer a=x:y").offset, 10);
        assert_eq!(err("Bearer a=\"x\" junk=").kind, ChallengeErrorKind::ExpectedComma);
        assert_eq!(err("Bearer a=\"1\" \"b\"").kind, ChallengeErrorKind::ExpectedComma);
        assert_eq!(err("\"Bearer\"").kind, ChallengeErrorKind::ExpectedToken);
        assert_eq!(err("Bearer\ta=\"1\"").kind, ChallengeErrorKind::TabAfterScheme);
        assert_eq!(err("Bearer a=\"1\r\n 2\"").kind, ChallengeErrorKind::ObsFold);
        assert_eq!(err("Bearer a=\"1\r\"").kind, ChallengeErrorKind::ControlCharacter);
        assert_eq!(err("Bearer a=\"1\\\0\"").kind, ChallengeErrorKind::BadQuotedPair);
        assert_eq!(err("Bearer a=\"1\\").kind, ChallengeErrorKind::UnterminatedQuote);
        assert_eq!(err("Bearer\0").kind, ChallengeErrorKind::ControlCharacter);
    }

    #[test]
    fn lenient_recoveries_keep_reading() {
        let out = read(&[b"Bearer a=x:y, a=\"dup\", \0junk, b=\"ok\""], Mode::Lenient).unwrap();
        let c = &out.challenges[0];
        assert_eq!(c.param("a"), Some("x:y"));
        assert_eq!(c.param("b"), Some("ok"));
        let kinds: Vec<_> = out.deviations.iter().map(|d| d.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                ChallengeErrorKind::InvalidValue,
                ChallengeErrorKind::DuplicateParam { name: "a".into() },
                ChallengeErrorKind::ControlCharacter,
            ]
        );
    }

    #[test]
    fn fields_combine_as_one_list() {
        let out = read(&[b"Bearer realm=\"x\"", b"scope=\"y\""], Mode::Strict).unwrap();
        assert_eq!(out.challenges.len(), 1);
        assert_eq!(out.challenges[0].param("scope"), Some("y"));
        assert_eq!(out.starts, [(0, 0)]);
    }
}
