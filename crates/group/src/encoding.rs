//! Encodings (docs/protocol.md §2.2, §2.3). Decoding is a sequence of explicit checks; a value
//! that passes has exactly one encoding, so two different strings never name the same point or
//! scalar and a record cannot be altered without changing its bytes' meaning.

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;

/// Why a string or byte array is not a valid encoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The hexadecimal text has the wrong length: not 64 digits for 32 bytes, or an odd
    /// number.
    #[error("expected {expected} lowercase hexadecimal digits, found {found} characters")]
    HexLength {
        /// The digits wanted; for odd-length text, one more than found.
        expected: usize,
        /// The text's length, in bytes.
        found: usize,
    },
    /// A character is not a lowercase hexadecimal digit (uppercase is refused too).
    #[error("'{0}' is not a lowercase hexadecimal digit")]
    HexDigit(char),
    /// The 32 bytes are not the canonical encoding of a ristretto255 point.
    #[error("not the canonical encoding of a ristretto255 point")]
    Point,
    /// The 32 bytes, read little-endian, are not below the group order ℓ.
    #[error("not the canonical encoding of a scalar (it must be below the group order)")]
    Scalar,
}

/// The 32-byte encoding of a point (§2.2): ristretto255's canonical compression.
pub fn encode_point(p: &RistrettoPoint) -> [u8; 32] {
    p.compress().to_bytes()
}

/// Decodes a point (§2.2). Step 1: the bytes must be the canonical encoding of a field
/// element; step 2: they must name a ristretto255 element. dalek's decompression does both and
/// refuses every non-canonical form.
pub fn decode_point(bytes: &[u8; 32]) -> Result<RistrettoPoint, DecodeError> {
    CompressedRistretto(*bytes)
        .decompress()
        .ok_or(DecodeError::Point)
}

/// Decodes a scalar (§2.2): 32 bytes, little-endian, strictly below the group order ℓ.
pub fn decode_scalar(bytes: &[u8; 32]) -> Result<Scalar, DecodeError> {
    Option::from(Scalar::from_canonical_bytes(*bytes)).ok_or(DecodeError::Scalar)
}

/// Lowercase hexadecimal (§2.3).
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Reads lowercase hexadecimal (§2.3). Uppercase is refused: one value, one spelling.
pub fn from_hex(s: &str) -> Result<Vec<u8>, DecodeError> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        _ => Err(DecodeError::HexDigit(char::from(c))),
    };
    if !s.len().is_multiple_of(2) {
        return Err(DecodeError::HexLength {
            expected: s.len() + 1,
            found: s.len(),
        });
    }
    s.as_bytes()
        .chunks(2)
        .map(|pair| Ok(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

/// Reads exactly 32 bytes of lowercase hexadecimal.
pub fn from_hex32(s: &str) -> Result<[u8; 32], DecodeError> {
    if s.len() != 64 {
        return Err(DecodeError::HexLength {
            expected: 64,
            found: s.len(),
        });
    }
    let v = from_hex(s)?;
    let mut out = [0u8; 32];
    out.copy_from_slice(&v);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;

    #[test]
    fn hex_round_trips_and_refuses_other_spellings() {
        let b = [0u8, 1, 0xab, 0xff];
        assert_eq!(to_hex(&b), "0001abff");
        assert_eq!(from_hex("0001abff").unwrap(), b);
        assert_eq!(from_hex("0001ABFF"), Err(DecodeError::HexDigit('A')));
        assert!(from_hex("abc").is_err());
        assert!(from_hex32("00").is_err());
    }

    #[test]
    fn the_basepoint_has_its_published_encoding() {
        // RFC 9496 §4.3 lists this encoding of the generator.
        assert_eq!(
            to_hex(&encode_point(&RISTRETTO_BASEPOINT_POINT)),
            "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"
        );
    }

    #[test]
    fn non_canonical_encodings_are_refused() {
        // 2^255 - 18 is p + 1: a non-canonical field element.
        let mut p_plus_1 = [0xffu8; 32];
        p_plus_1[0] = 0xee;
        p_plus_1[31] = 0x7f;
        assert_eq!(decode_point(&p_plus_1), Err(DecodeError::Point));
        // ℓ itself is not a canonical scalar.
        let ell =
            from_hex32("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010").unwrap();
        assert_eq!(decode_scalar(&ell), Err(DecodeError::Scalar));
        let mut one = [0u8; 32];
        one[0] = 1;
        assert_eq!(decode_scalar(&one), Ok(Scalar::ONE));
    }
}
