//! Structure-aware fuzz inputs: `arbitrary::Arbitrary` for [`Challenge`] and [`AuthParam`]
//! that produces only well-formed values ([`Challenge::is_well_formed`]), so a fuzz target
//! can assert the round trip `parse_strict(serialize(x)) == x`.
//!
//! Written by hand rather than derived: a derive would produce arbitrary strings for
//! schemes and names, and almost every input would then fail the round trip for the
//! uninteresting reason that it was never a valid challenge.

use arbitrary::{Arbitrary, Result, Unstructured};

use super::{AuthParam, Challenge};

/// Most challenges [`arbitrary_challenges`] produces. With the other bounds here this keeps
/// a serialized list well under [`crate::limits::MAX_HEADER_FIELD_BYTES`].
pub const ARBITRARY_MAX_CHALLENGES: usize = 6;
const MAX_PARAMS: usize = 6;
const MAX_TOKEN_LEN: usize = 16;
const MAX_VALUE_CHARS: usize = 32;

const TCHARS: &[u8] =
    b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const TOKEN68_CHARS: &[u8] =
    b"-._~+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Characters that stress quoting and list splitting; mixed in with arbitrary ones.
const TRICKY: &[char] = &['"', '\\', ',', ' ', '\t', '=', ';', ':', '/', '\u{e9}', '\u{1f600}'];

fn token(u: &mut Unstructured<'_>, alphabet: &[u8]) -> Result<String> {
    let len = u.int_in_range(1..=MAX_TOKEN_LEN)?;
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        out.push(char::from(*u.choose(alphabet)?));
    }
    Ok(out)
}

impl<'a> Arbitrary<'a> for AuthParam {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let name = token(u, TCHARS)?;
        let len = u.int_in_range(0..=MAX_VALUE_CHARS)?;
        let mut value = String::new();
        for _ in 0..len {
            let c = if u.ratio(1u8, 2u8)? { *u.choose(TRICKY)? } else { char::arbitrary(u)? };
            // A field value cannot carry control characters other than HTAB.
            value.push(if c.is_ascii_control() && c != '\t' { ' ' } else { c });
        }
        Ok(AuthParam::new(name, value))
    }
}

impl<'a> Arbitrary<'a> for Challenge {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut challenge = Challenge::new(token(u, TCHARS)?);
        if u.ratio(1u8, 4u8)? {
            let mut t68 = token(u, TOKEN68_CHARS)?;
            for _ in 0..u.int_in_range(0..=2)? {
                t68.push('=');
            }
            challenge.token68 = Some(t68);
            return Ok(challenge);
        }
        for _ in 0..u.int_in_range(0..=MAX_PARAMS)? {
            let param = AuthParam::arbitrary(u)?;
            if challenge.auth_param(&param.name).is_none() {
                challenge.params.push(param);
            }
        }
        Ok(challenge)
    }
}

/// Up to [`ARBITRARY_MAX_CHALLENGES`] well-formed challenges, for round-trip fuzzing.
pub fn arbitrary_challenges(u: &mut Unstructured<'_>) -> Result<Vec<Challenge>> {
    let count = u.int_in_range(0..=ARBITRARY_MAX_CHALLENGES)?;
    (0..count).map(|_| Challenge::arbitrary(u)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::{parse_strict, serialize};
    use super::*;

    #[test]
    fn generated_challenges_are_well_formed_and_round_trip() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..2048)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed.to_le_bytes()[0]
                })
                .collect();
            let mut u = Unstructured::new(&bytes);
            let cs = arbitrary_challenges(&mut u).unwrap();
            assert!(cs.iter().all(Challenge::is_well_formed), "{cs:?}");
            let text = serialize(&cs);
            assert_eq!(parse_strict(&[text.as_bytes()]).unwrap(), cs, "{text}");
        }
    }
}
