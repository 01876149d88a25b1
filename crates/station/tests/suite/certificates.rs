//! The station's notices to the CEC's register of absentee certificates: what it issued and
//! what it honoured, signed by the station key, sent until answered; a use honoured without
//! the register's answer goes as offline.

use crate::common::*;
use ed25519_dalek::{Signature, VerifyingKey};
use sailau_protocol::{Act, SignedCertificateNotice};
use sailau_station::desk::{DeskError, How};
use sailau_voters::absentee::Certificate;
use sailau_voters::{Iin, Sex};

fn verifies(station_key: [u8; 32], n: &SignedCertificateNotice) -> bool {
    let key = VerifyingKey::from_bytes(&station_key).unwrap();
    let sig: [u8; 64] = sailau_group::from_hex(&n.signature)
        .unwrap()
        .try_into()
        .unwrap();
    key.verify_strict(
        &SignedCertificateNotice::message(&n.notice),
        &Signature::from_bytes(&sig),
    )
    .is_ok()
}

#[test]
fn every_certificate_issued_or_honoured_is_reported_until_the_cec_answers() {
    let mut f = fixture(3);
    let station = f.station();
    let mut rng = rand_chacha::ChaCha20Rng::clone(&f.rng);
    let home_voter = f.voters[0].iin;
    let day_before = sailau_law::election_day::Moment(f.at(0).0 - 86_400 + 5 * 3600);
    let issued = station
        .issue_certificate(&home_voter, &["mazhilis-list".into()], day_before)
        .unwrap();

    let stranger = Iin::issue("1990-01-01".parse().unwrap(), Sex::Male, 77).unwrap();
    let cert = Certificate {
        number: "p-00002-00001".into(),
        iin: stranger,
        home: "p-00002".into(),
        contests: vec!["mazhilis-list".into(), "aktobe-maslikhat-list".into()],
    };
    // Asked before the CEC is: the checks, and nothing written.
    assert_eq!(
        station
            .may_issue(&stranger, How::Paper, Some(&cert), f.at(60))
            .unwrap(),
        ["mazhilis-list"]
    );
    assert_eq!(station.unreported_notices().unwrap().len(), 1);
    station
        .issue(&stranger, How::Paper, Some(&cert), None, f.at(60), &mut rng)
        .unwrap();

    // A second paper with the same number, in another name: this desk knows it already.
    let other = Iin::issue("1991-02-02".parse().unwrap(), Sex::Male, 78).unwrap();
    let copy = Certificate {
        iin: other,
        ..cert.clone()
    };
    assert!(matches!(
        station.may_issue(&other, How::Paper, Some(&copy), f.at(61)),
        Err(DeskError::HonouredHere { .. })
    ));

    let notices = station.unreported_notices().unwrap();
    let acts: Vec<(Act, &str, &str, bool)> = notices
        .iter()
        .map(|n| {
            (
                n.notice.act,
                n.notice.number.as_str(),
                n.notice.home.as_str(),
                n.notice.offline,
            )
        })
        .collect();
    assert_eq!(
        acts,
        [
            (Act::Issued, issued.number.as_str(), "p-00001", false),
            (Act::Used, "p-00002-00001", "p-00002", true),
        ]
    );
    let used = &notices[1].notice;
    assert_eq!(used.iin, stranger.to_string());
    assert_eq!(used.precinct, "p-00001");
    assert_eq!(
        used.contests,
        ["mazhilis-list", "aktobe-maslikhat-list"],
        "the certificate as written, not only what was honoured here"
    );
    for n in &notices {
        assert!(verifies(station.station_public_key(), n), "{n:?}");
    }

    // Answered, a notice is not sent again; a use asked of the CEC first is not offline.
    station
        .note_reported(Act::Issued, &issued.number, "201 accepted")
        .unwrap();
    assert_eq!(station.unreported_notices().unwrap().len(), 1);
    let online = station
        .certificate_notice(Act::Used, "p-00002-00001", false)
        .unwrap();
    assert!(!online.notice.offline);
    assert_eq!(
        online,
        station.use_notice(&cert).unwrap(),
        "what the desk sent before the ballots is what it keeps"
    );
    station
        .note_reported(Act::Used, "p-00002-00001", "201 accepted")
        .unwrap();
    assert!(station.unreported_notices().unwrap().is_empty());
    let reports = station.certificate_reports().unwrap();
    assert!(reports
        .iter()
        .all(|r| r.answer.as_deref() == Some("201 accepted")));
    assert!(matches!(
        station.certificate_notice(Act::Used, "p-00003-00009", false),
        Err(DeskError::NoSuchCertificate { .. })
    ));
}
