//! Absentee certificates and mobile-box deadlines, with pinned instants in both of
//! Kazakhstan's former time zones.

use sailau_law::election_day::{Moment, UtcOffset};
use sailau_law::Date;
use sailau_voters::absentee::{
    honoured_contests, may_issue_certificate, may_request_mobile, AbsenteeError, Certificate,
    Request,
};
use sailau_voters::iin::Iin;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// An instant written in UTC, so the tests do not lean on the code they test.
fn utc(s: &str) -> Moment {
    let (date, time) = s.split_once('T').unwrap();
    let days = sailau_law::election_day::days_since_epoch(d(date));
    let hms: Vec<i64> = time.split(':').map(|x| x.parse().unwrap()).collect();
    Moment(days * 86_400 + hms[0] * 3_600 + hms[1] * 60 + hms[2])
}

const DAY: &str = "2023-03-19";
const PLUS5: UtcOffset = UtcOffset::UTC_PLUS_5;
const PLUS6: UtcOffset = UtcOffset::UTC_PLUS_6;

#[test]
fn certificates_until_18_00_the_day_before_at_the_home_offset() {
    // UTC+5: 18:00 local on 18 March is 13:00Z.
    assert_eq!(
        may_issue_certificate(utc("2023-03-18T12:59:59"), d(DAY), PLUS5),
        Ok(())
    );
    let late = may_issue_certificate(utc("2023-03-18T13:00:00"), d(DAY), PLUS5).unwrap_err();
    assert_eq!(late.request, Request::AbsenteeCertificate);
    assert_eq!(
        late.to_string(),
        "absentee-certificate requests close at 18:00 on 2023-03-18 (UTC+05:00); this one came \
         at 18:00"
    );
    let five_past = may_issue_certificate(utc("2023-03-18T13:05:00"), d(DAY), PLUS5).unwrap_err();
    assert!(five_past.to_string().ends_with("this one came at 18:05"));

    // UTC+6: 18:00 local is 12:00Z, an hour earlier in absolute time.
    assert_eq!(
        may_issue_certificate(utc("2023-03-18T11:59:59"), d(DAY), PLUS6),
        Ok(())
    );
    let late = may_issue_certificate(utc("2023-03-18T12:00:00"), d(DAY), PLUS6).unwrap_err();
    assert!(late.to_string().contains("18:00 on 2023-03-18 (UTC+06:00)"));
    // What is still in time in the west is late in the east.
    assert!(may_issue_certificate(utc("2023-03-18T12:30:00"), d(DAY), PLUS5).is_ok());
    assert!(may_issue_certificate(utc("2023-03-18T12:30:00"), d(DAY), PLUS6).is_err());

    // On election day itself, the message gives the request's own date; seconds when not zero.
    let on_the_day = may_issue_certificate(utc("2023-03-19T04:00:07"), d(DAY), PLUS5).unwrap_err();
    assert!(
        on_the_day
            .to_string()
            .ends_with("this one came at 09:00:07 on 2023-03-19"),
        "{on_the_day}"
    );
}

#[test]
fn mobile_box_until_noon_on_election_day() {
    // UTC+5: 12:00 local is 07:00Z; UTC+6: 06:00Z.
    assert_eq!(
        may_request_mobile(utc("2023-03-19T06:59:59"), d(DAY), PLUS5),
        Ok(())
    );
    let late = may_request_mobile(utc("2023-03-19T07:00:00"), d(DAY), PLUS5).unwrap_err();
    assert_eq!(late.request, Request::MobileBox);
    assert_eq!(
        late.to_string(),
        "mobile-box requests close at 12:00 on 2023-03-19 (UTC+05:00); this one came at 12:00"
    );
    assert_eq!(
        may_request_mobile(utc("2023-03-19T05:59:59"), d(DAY), PLUS6),
        Ok(())
    );
    assert!(may_request_mobile(utc("2023-03-19T06:00:00"), d(DAY), PLUS6).is_err());
    // Days before are in time.
    assert!(may_request_mobile(utc("2023-03-10T06:00:00"), d(DAY), PLUS6).is_ok());
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// A voter of precinct 101 in Almaty, whose ballot style holds the Mazhilis list, Mazhilis
/// district 5, the Almaty city maslikhat list and its district 12.
fn almaty() -> (Certificate, Vec<String>) {
    let home = strings(&[
        "mazhilis-list",
        "mazhilis-d5",
        "almaty-maslikhat",
        "almaty-maslikhat-d12",
    ]);
    let cert = Certificate {
        number: "A-000417".into(),
        iin: Iin::parse("900115301235").unwrap(),
        home: "101".into(),
        contests: home.clone(),
    };
    (cert, home)
}

#[test]
fn another_region_gives_only_the_nationwide_contest() {
    let (cert, home) = almaty();
    assert_eq!(cert.check(&home), Ok(()));
    // Precinct 7001 in Aktobe: another Mazhilis district, another maslikhat.
    let aktobe = strings(&[
        "mazhilis-list",
        "mazhilis-d20",
        "aktobe-maslikhat",
        "aktobe-maslikhat-d3",
    ]);
    assert_eq!(
        honoured_contests(&cert, "7001", &aktobe),
        Ok(strings(&["mazhilis-list"]))
    );
}

#[test]
fn same_district_gives_the_district_ballot_too() {
    let (cert, _) = almaty();
    // Precinct 102, same city, same Mazhilis district, another maslikhat district.
    let next_door = strings(&[
        "mazhilis-list",
        "mazhilis-d5",
        "almaty-maslikhat",
        "almaty-maslikhat-d13",
    ]);
    assert_eq!(
        honoured_contests(&cert, "102", &next_door),
        Ok(strings(&[
            "mazhilis-list",
            "mazhilis-d5",
            "almaty-maslikhat"
        ]))
    );
}

#[test]
fn only_covered_contests_are_given() {
    let (mut cert, home) = almaty();
    // The voter took the certificate for the maslikhat contests only.
    cert.contests = strings(&["almaty-maslikhat", "almaty-maslikhat-d12"]);
    assert_eq!(cert.check(&home), Ok(()));
    assert_eq!(
        cert.left_at_home(&home),
        strings(&["mazhilis-list", "mazhilis-d5"])
    );
    let next_door = strings(&[
        "mazhilis-list",
        "mazhilis-d5",
        "almaty-maslikhat",
        "almaty-maslikhat-d13",
    ]);
    assert_eq!(
        honoured_contests(&cert, "102", &next_door),
        Ok(strings(&["almaty-maslikhat"]))
    );
    // In Aktobe nothing it covers is on the ballot: refused, and the message says why.
    let aktobe = strings(&["mazhilis-list", "mazhilis-d20", "aktobe-maslikhat"]);
    let err = honoured_contests(&cert, "7001", &aktobe).unwrap_err();
    assert!(matches!(err, AbsenteeError::NothingInCommon { .. }));
    assert_eq!(
        err.to_string(),
        "certificate A-000417 from precinct 101 covers almaty-maslikhat, almaty-maslikhat-d12; \
         precinct 7001 has none of these contests on its ballots (a maslikhat or district \
         contest of another region or district is another contest), so no ballot is given"
    );
}

#[test]
fn never_at_home() {
    let (cert, home) = almaty();
    let err = honoured_contests(&cert, "101", &home).unwrap_err();
    assert_eq!(
        err,
        AbsenteeError::AtHome {
            number: "A-000417".into(),
            home: "101".into()
        }
    );
    // Covering every contest, it leaves nothing to vote at home.
    assert_eq!(cert.left_at_home(&home), Vec::<String>::new());
}

#[test]
fn a_certificate_must_match_its_home_ballot() {
    let (mut cert, home) = almaty();
    cert.contests = vec![];
    assert!(matches!(
        cert.check(&home),
        Err(AbsenteeError::NoContests { .. })
    ));
    cert.contests = strings(&["mazhilis-list", "mazhilis-list"]);
    assert!(matches!(
        cert.check(&home),
        Err(AbsenteeError::DuplicateContest { .. })
    ));
    cert.contests = strings(&["aktobe-maslikhat"]);
    assert_eq!(
        cert.check(&home).unwrap_err().to_string(),
        "certificate A-000417 names contest aktobe-maslikhat, which is not on the ballots of its \
         home precinct 101"
    );
}
