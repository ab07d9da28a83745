//! Header and text rules shared by the token-endpoint and registration validators: the
//! JSON media type, `Cache-Control: no-store`, and the RFC 6749 §5.2 character sets of
//! error members.

/// Whether a `Content-Type` field value names the `application/json` media type.
///
/// Type and subtype compare case-insensitively (RFC 9110 §8.3.1); parameters such as
/// `charset=utf-8` are allowed. Structured-syntax suffixes (`application/foo+json`) are not
/// `application/json`: OAuth 2.1 §3.2.3 and RFC 7591 §3.2 name that exact media type.
pub fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default();
    essence.trim_matches([' ', '\t']).eq_ignore_ascii_case("application/json")
}

/// Whether a `Cache-Control` field value carries the `no-store` directive (RFC 9111 §5.2).
///
/// Directive names are case-insensitive; `no-store` takes no argument, so a directive
/// written `no-store=...` is not it. Several field lines are expected joined with `,`.
pub fn cache_control_has_no_store(cache_control: &str) -> bool {
    cache_control
        .split(',')
        .map(|d| d.trim_matches([' ', '\t']))
        .any(|d| d.eq_ignore_ascii_case("no-store"))
}

/// Whether `byte` may appear in `error` and `error_description` (RFC 6749 §5.2:
/// `%x20-21 / %x23-5B / %x5D-7E`, that is printable ASCII without `"` and `\`).
pub fn is_error_text_char(byte: u8) -> bool {
    matches!(byte, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

/// Whether `byte` may appear in `error_uri` (RFC 6749 §5.2: `%x21 / %x23-5B / %x5D-7E`).
pub fn is_error_uri_char(byte: u8) -> bool {
    byte != 0x20 && is_error_text_char(byte)
}

/// The byte offset and character of the first character outside `allowed`, if any.
pub(crate) fn first_bad_char(text: &str, allowed: fn(u8) -> bool) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| !c.is_ascii() || !allowed(c as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_type_ignores_case_and_parameters() {
        assert!(is_json_media_type("application/json"));
        assert!(is_json_media_type("Application/JSON; charset=UTF-8"));
        assert!(!is_json_media_type("application/jwt"));
        assert!(!is_json_media_type("text/html; charset=utf-8"));
        assert!(!is_json_media_type("application/problem+json"));
        assert!(!is_json_media_type(""));
    }

    #[test]
    fn no_store_is_a_whole_directive() {
        assert!(cache_control_has_no_store("no-store"));
        assert!(cache_control_has_no_store("private, No-Store"));
        assert!(!cache_control_has_no_store("no-cache"));
        assert!(!cache_control_has_no_store("no-storage, max-age=0"));
        assert!(!cache_control_has_no_store(""));
    }

    #[test]
    fn rfc6749_section_5_2_error_charsets() {
        assert!(first_bad_char("invalid_grant", is_error_text_char).is_none());
        assert!(first_bad_char("bad code!", is_error_text_char).is_none());
        assert_eq!(first_bad_char("say \"hi\"", is_error_text_char), Some((4, '"')));
        assert_eq!(first_bad_char("caf\u{e9}", is_error_text_char), Some((3, '\u{e9}')));
        assert_eq!(first_bad_char("a\\b", is_error_text_char), Some((1, '\\')));
        assert_eq!(first_bad_char("https://a b", is_error_uri_char), Some((9, ' ')));
    }
}
