//! What a station tells the CEC about absentee certificates (docs/formats.md, "Certificate
//! notices"), signed by its station key: that its desk issued one, or that its desk honoured
//! another precinct's. The central service keeps one register of both, so that a certificate
//! honoured once anywhere is refused everywhere else (docs/server.md, "Absentee
//! certificates").
//!
//! A notice names the voter's IIN, as the paper certificate does: the service needs it to
//! refuse a certificate shown by someone else. It names no ballot, and nothing in it or in
//! the station links a ballot to a voter.

use serde::{Deserialize, Serialize};

/// The format tag of a certificate notice.
pub const CERTIFICATE_FORMAT: &str = "sailau-certificate/1";

/// The prefix that separates a certificate notice's signature from every other signature in
/// Sailau.
pub const CERTIFICATE_DOMAIN: &[u8] = b"sailau/v1/certificate\n";

/// What the notice says was done with the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Act {
    /// The home precinct's desk issued it.
    Issued,
    /// Another precinct's desk honoured it: the holder received ballots there.
    Used,
}

impl Act {
    /// The act as written in the notice and in the service's paths.
    pub fn name(self) -> &'static str {
        match self {
            Act::Issued => "issued",
            Act::Used => "used",
        }
    }
}

/// One certificate, one act, as the station reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateNotice {
    /// The format tag: exactly [`CERTIFICATE_FORMAT`].
    pub format: String,
    /// The election, by the definition's `election.id`.
    pub election: String,
    /// The precinct whose station reports: the home precinct for `issued`, the precinct
    /// that honoured it for `used`.
    pub precinct: String,
    /// What was done.
    pub act: Act,
    /// The certificate's number, as printed on it.
    pub number: String,
    /// The holder's IIN, as written on it.
    pub iin: String,
    /// The precinct that issued it.
    pub home: String,
    /// The contests it covers, as written on it.
    pub contests: Vec<String>,
    /// True when the desk honoured it while the service could not be reached: the station
    /// reports it later, and the CEC checks it after the fact. Always false for `issued`.
    pub offline: bool,
}

/// A certificate notice with the signature of the station key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedCertificateNotice {
    /// The notice: what is signed, after [`CERTIFICATE_DOMAIN`].
    pub notice: CertificateNotice,
    /// The station's Ed25519 public key, lowercase hex.
    pub signer: String,
    /// Ed25519 over [`SignedCertificateNotice::message`], lowercase hex.
    pub signature: String,
}

impl SignedCertificateNotice {
    /// The bytes signed: the domain, then the notice's compact JSON.
    pub fn message(n: &CertificateNotice) -> Vec<u8> {
        let mut m = CERTIFICATE_DOMAIN.to_vec();
        m.extend_from_slice(
            serde_json::to_string(n)
                .expect("a notice always serializes")
                .as_bytes(),
        );
        m
    }

    /// The signed notice as compact JSON with a final newline, as sent to the service.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a notice always serializes") + "\n"
    }

    /// Reads a signed notice from JSON, strictly; the signature is not checked here.
    pub fn from_json(text: &str) -> Result<SignedCertificateNotice, serde_json::Error> {
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_reads_back_as_written_and_refuses_what_it_does_not_know() {
        let signed = SignedCertificateNotice {
            notice: CertificateNotice {
                format: CERTIFICATE_FORMAT.into(),
                election: "e".into(),
                precinct: "p2".into(),
                act: Act::Used,
                number: "p1-00001".into(),
                iin: "900101300015".into(),
                home: "p1".into(),
                contests: vec!["president".into()],
                offline: false,
            },
            signer: "00".into(),
            signature: "00".into(),
        };
        let text = signed.to_json();
        assert!(text.contains(r#""act":"used""#), "{text}");
        assert_eq!(SignedCertificateNotice::from_json(&text).unwrap(), signed);
        let extra = text.replacen(r#""offline":false"#, r#""offline":false,"ballot":1"#, 1);
        assert!(SignedCertificateNotice::from_json(&extra).is_err());
        // The domain keeps a notice's signature from passing for a turnout snapshot's.
        let m = SignedCertificateNotice::message(&signed.notice);
        assert!(m.starts_with(b"sailau/v1/certificate\n"));
        assert_ne!(CERTIFICATE_DOMAIN, crate::TURNOUT_DOMAIN);
    }
}
