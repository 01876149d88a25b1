//! Whole numbers as JSON writes them.
//!
//! JSON, and the JSON Schema the OpenAPI document is written in, know one kind of number:
//! `449`, `449.0` and `4.49e2` are the same value, and each is valid where the document asks for
//! an integer (JSON Schema 2020-12, §6.1.1 "type"). The counts the service takes are integers
//! that serde reads only from the first spelling, so a request body is first rewritten to spell
//! each whole number as its digits. The rewrite is exact, on the text: no number passes through
//! a float. A fraction (`449.5`) is left as written, and refused by the reader like any other
//! number that is not a count; so is a whole number too long to be one (over 40 digits), which
//! also keeps a hostile exponent (`1e999999999`) from growing into a billion zeros.

use std::borrow::Cow;

/// The longest whole number written out: beyond any count (u64 has 20 digits, u128 39).
const MAX_DIGITS: usize = 40;

/// `text` with every whole number outside its strings spelled as digits; the very bytes when
/// there is nothing to rewrite (the usual case, found in one pass).
pub fn whole_numbers(text: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'"' => i = string_end(text, i),
            b'-' | b'0'..=b'9' => {
                let end = number_end(text, i);
                if let Some(digits) = whole(&text[i..end]) {
                    let out = out.get_or_insert_with(|| Vec::with_capacity(text.len()));
                    out.extend_from_slice(&text[copied..i]);
                    out.extend_from_slice(digits.as_bytes());
                    copied = end;
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.extend_from_slice(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Where the string opening at `start` ends (after its closing quote, or at the end of text).
fn string_end(text: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// Where the number token starting at `start` ends.
fn number_end(text: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < text.len() && matches!(text[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
        i += 1;
    }
    i
}

/// The digits of `token` if it is a JSON number with a fraction or an exponent whose value is
/// whole; None for a plain integer (nothing to do), a fraction, or anything malformed (left
/// for the reader to refuse).
fn whole(token: &[u8]) -> Option<String> {
    let token = std::str::from_utf8(token).ok()?;
    let (negative, unsigned) = match token.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };
    if frac.is_none() && exponent.is_none() {
        return None;
    }
    // JSON's grammar: an integer part without leading zeros, then digits after a point.
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || (int.len() > 1 && int.starts_with('0')) || !frac.is_none_or(digits) {
        return None;
    }
    let shift: i64 = match exponent {
        None => 0,
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if !digits(unsigned) {
                return None;
            }
            if unsigned.len() > 6 {
                // Past a million places: nothing a count could be (or only zeros moved).
                return None;
            }
            e.parse().ok()?
        }
    };
    // The value is (int frac) × 10^(shift − len(frac)), all digits together.
    let frac = frac.unwrap_or("");
    let all = format!("{int}{frac}");
    let point = int.len() as i64 + shift;
    let (whole_part, rest) = if point <= 0 {
        ("", all.as_str())
    } else if point as usize >= all.len() {
        (all.as_str(), "")
    } else {
        all.split_at(point as usize)
    };
    if rest.bytes().any(|b| b != b'0') {
        return None;
    }
    let zeros = (point as usize).saturating_sub(all.len());
    let trimmed = whole_part.trim_start_matches('0');
    if trimmed.is_empty() {
        return Some("0".into());
    }
    if trimmed.len() + zeros > MAX_DIGITS {
        return None;
    }
    let sign = if negative { "-" } else { "" };
    Some(format!("{sign}{trimmed}{}", "0".repeat(zeros)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rewritten(s: &str) -> String {
        String::from_utf8(whole_numbers(s.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn whole_numbers_are_spelled_as_digits_and_the_rest_is_left_alone() {
        assert_eq!(rewritten(r#"{"a":449.0}"#), r#"{"a":449}"#);
        assert_eq!(
            rewritten(r#"[4.49e2, 4490E-1, 1e3, 1.5e+1]"#),
            "[449, 449, 1000, 15]"
        );
        assert_eq!(rewritten("[0.0, -0.0, 0e5, -7.00]"), "[0, 0, 0, -7]");
        // Fractions, plain integers and strings are not touched.
        assert_eq!(
            rewritten(r#"[449.5, 1e-3, 12, "3.0", "a\"1.0"]"#),
            r#"[449.5, 1e-3, 12, "3.0", "a\"1.0"]"#
        );
        // Not JSON numbers: left for the reader to refuse.
        assert_eq!(
            rewritten("[01.0, 1., .5, 1e, 1.0.0]"),
            "[01.0, 1., .5, 1e, 1.0.0]"
        );
        // Beyond any count, and a hostile exponent: left as written.
        let forty = format!("1{}", "0".repeat(39));
        assert_eq!(
            rewritten("[1e39, 1e999999999]"),
            format!("[{forty}, 1e999999999]")
        );
        assert_eq!(rewritten("1e40"), "1e40");
        assert!(matches!(
            whole_numbers(br#"{"a":[1,2,"3.0"]}"#),
            Cow::Borrowed(_)
        ));
    }

    proptest! {
        /// Any count, spelled with a point or an exponent, reads back as the count itself.
        #[test]
        fn every_spelling_of_a_count_reads_as_the_count(n: u64, zeros in 0usize..4, shift in 0u32..6) {
            let scaled = format!("{n}{}", "0".repeat(shift as usize));
            let spellings = [
                format!("{n}.{}", "0".repeat(zeros + 1)),
                format!("{scaled}e-{shift}"),
                format!("{n}E+0"),
            ];
            for s in spellings {
                let text = format!(r#"{{"count":{s},"name":"{s}"}}"#);
                let v: serde_json::Value = serde_json::from_slice(&whole_numbers(text.as_bytes())).unwrap();
                prop_assert_eq!(v["count"].as_u64(), Some(n), "{}", text);
                prop_assert_eq!(v["name"].as_str(), Some(s.as_str()));
            }
        }

        /// Whatever the text, the rewrite never changes a value JSON holds but whole numbers'
        /// spelling, and never panics.
        #[test]
        fn the_rewrite_keeps_every_value(v in any_json()) {
            let text = serde_json::to_string(&v).unwrap();
            let back: serde_json::Value = serde_json::from_slice(&whole_numbers(text.as_bytes())).unwrap();
            prop_assert!(same(&v, &back), "{} became {}", text, back);
        }

        #[test]
        fn any_bytes_are_taken_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = whole_numbers(&bytes);
        }
    }

    fn any_json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            any::<i64>().prop_map(serde_json::Value::from),
            (-1e6f64..1e6).prop_map(serde_json::Value::from),
            any::<u32>().prop_map(|n| serde_json::Value::from(f64::from(n))),
            "[a-z0-9.\"\\\\e-]{0,8}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-z1.]{1,4}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// The same JSON value, numbers compared by value.
    fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value::*;
        match (a, b) {
            (Number(x), Number(y)) => x.as_f64() == y.as_f64(),
            (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
            (Object(x), Object(y)) => {
                x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
            }
            _ => a == b,
        }
    }
}
