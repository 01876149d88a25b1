//! The register of absentee certificates on both stores: a certificate is registered by its
//! home precinct, honoured once anywhere, refused at a second precinct, and an offline use
//! is kept and flagged for the CEC.

use crate::common::*;
use axum::http::StatusCode;
use sailau_law::Date;
use sailau_protocol::Act;
use sailau_server::auth::Role;
use sailau_server::sample::SampleElection;
use sailau_voters::iin::Sex;
use sailau_voters::Iin;
use serde_json::Value;

fn iin(serial: u16) -> String {
    Iin::issue(Date::new(1990, 5, 17).unwrap(), Sex::Female, serial)
        .unwrap()
        .to_string()
}

#[allow(clippy::too_many_arguments)]
fn notice(
    sample: &SampleElection,
    by: usize,
    act: Act,
    number: &str,
    holder: &str,
    home: usize,
    contests: &[&str],
    offline: bool,
) -> sailau_protocol::CertificateNotice {
    sailau_protocol::CertificateNotice {
        format: sailau_protocol::CERTIFICATE_FORMAT.into(),
        election: sample.def.election.id.clone(),
        precinct: sample.precinct(by).into(),
        act,
        number: number.into(),
        iin: holder.into(),
        home: sample.precinct(home).into(),
        contests: contests.iter().map(|c| c.to_string()).collect(),
        offline,
    }
}

struct World {
    h: Harness,
    sample: SampleElection,
    /// A contest on every precinct's ballots (the party lists).
    common: String,
}

impl World {
    fn new(store: &Store) -> World {
        let h = Harness::start(store);
        h.add_user("cec-admin", Role::Cec, None);
        let token = h.sign_in("cec-admin");
        let sample = SampleElection::new(4, 7);
        let (s, v) = h.json("PUT", "/api/election", Some(&token), Some(&sample.upload()));
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let common = sample
            .shared_contest()
            .expect("the party lists are on every ballot");
        World { h, sample, common }
    }

    /// Precinct `by` sends a notice of `act` on certificate `number` from precinct `home`.
    #[allow(clippy::too_many_arguments)]
    fn send(
        &self,
        by: usize,
        act: Act,
        number: &str,
        holder: &str,
        home: usize,
        contests: &[&str],
        offline: bool,
    ) -> (StatusCode, String) {
        let body = self.sample.signed_certificate(
            by,
            notice(
                &self.sample,
                by,
                act,
                number,
                holder,
                home,
                contests,
                offline,
            ),
        );
        let what = match act {
            Act::Issued => "certificates",
            Act::Used => "certificate-uses",
        };
        let path = format!(
            "/api/precincts/{}/{what}/{number}",
            self.sample.precinct(by)
        );
        let (s, b) = self.h.request("PUT", &path, None, Some(body));
        (s, String::from_utf8_lossy(&b).into_owned())
    }

    fn flags(&self) -> Vec<Value> {
        let (_, v) = self.h.json("GET", "/api/flags", None, None);
        v["flags"].as_array().cloned().unwrap_or_default()
    }

    fn register(&self) -> Value {
        self.h.json("GET", "/api/certificates", None, None).1
    }
}

#[test]
fn a_certificate_is_honoured_once_anywhere_and_refused_at_a_second_precinct() {
    for store in stores() {
        let w = World::new(&store);
        let c = w.common.as_str();
        let number = format!("{}-00001", w.sample.precinct(0));
        let holder = iin(1);
        assert_eq!(
            w.send(0, Act::Issued, &number, &holder, 0, &[c], false).0,
            StatusCode::CREATED,
            "{}",
            store.name
        );
        assert_eq!(
            w.send(0, Act::Issued, &number, &holder, 0, &[c], false).0,
            StatusCode::OK,
            "the same notice again"
        );

        // Someone else's IIN on a copy of the certificate: refused, and the CEC sees it.
        let (s, b) = w.send(1, Act::Used, &number, &iin(2), 0, &[c], false);
        assert_eq!(s, StatusCode::CONFLICT, "{b}");
        assert!(b.contains("holder's IIN differs"), "{b}");
        assert!(!b.contains(&iin(2)), "no IIN in what is published: {b}");

        let (s, b) = w.send(1, Act::Used, &number, &holder, 0, &[c], false);
        assert_eq!(s, StatusCode::CREATED, "{b}");
        assert_eq!(
            w.send(1, Act::Used, &number, &holder, 0, &[c], false).0,
            StatusCode::OK,
            "a retry from the same precinct is the same use"
        );
        let (s, b) = w.send(2, Act::Used, &number, &holder, 0, &[c], false);
        assert_eq!(s, StatusCode::CONFLICT, "{b}");
        assert!(
            b.contains(&format!(
                "already honoured at precinct {}",
                w.sample.precinct(1)
            )),
            "{b}"
        );

        let kinds: Vec<(String, String)> = w
            .flags()
            .iter()
            .map(|f| {
                (
                    f["unit"].as_str().unwrap().to_string(),
                    f["kind"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    w.sample.precinct(1).to_string(),
                    "certificate-mismatch".to_string()
                ),
                (
                    w.sample.precinct(2).to_string(),
                    "certificate-used-twice".to_string()
                ),
            ]
        );
        for f in w.flags() {
            assert!(!f["message"].as_str().unwrap().contains(&holder));
        }
        let r = w.register();
        assert_eq!(r["issued"], 1);
        assert_eq!(r["used"], 1);
        assert_eq!(r["used_twice"], 0, "the refused use is not a use");
    }
}

#[test]
fn an_offline_use_is_kept_and_flagged_whatever_the_register_says() {
    for store in stores() {
        let w = World::new(&store);
        let c = w.common.as_str();
        let (a, b) = (
            format!("{}-00001", w.sample.precinct(0)),
            format!("{}-00002", w.sample.precinct(0)),
        );
        assert_eq!(
            w.send(0, Act::Issued, &a, &iin(1), 0, &[c], false).0,
            StatusCode::CREATED
        );
        assert_eq!(
            w.send(1, Act::Used, &a, &iin(1), 0, &[c], false).0,
            StatusCode::CREATED
        );

        // Precinct 2 lost its line and honoured the same paper: at closing it reports it.
        let (s, body) = w.send(2, Act::Used, &a, &iin(1), 0, &[c], true);
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("kept and flagged"), "{body}");
        // Precinct 3 honoured, offline, a certificate whose home has not registered it yet.
        let (s, body) = w.send(3, Act::Used, &b, &iin(2), 0, &[c], true);
        assert_eq!(s, StatusCode::CREATED, "{body}");

        let flags = w.flags();
        let kinds: Vec<&str> = flags.iter().map(|f| f["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["certificate-used-twice", "certificate-offline"]);
        assert!(
            flags[1]["message"]
                .as_str()
                .unwrap()
                .contains("has not registered it"),
            "{}",
            flags[1]
        );
        let r = w.register();
        assert_eq!(
            (
                r["used"].as_u64(),
                r["offline"].as_u64(),
                r["unregistered"].as_u64(),
                r["used_twice"].as_u64()
            ),
            (Some(3), Some(2), Some(1), Some(1)),
            "{r}"
        );

        // An offline use of a paper that could not be right (a contest no ballot holds) is
        // kept and flagged, not refused: its ballots were given.
        let (s, body) = w.send(1, Act::Used, "x-1", &iin(4), 0, &[c, "nowhere"], true);
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert_eq!(w.flags().last().unwrap()["kind"], "certificate-invalid");
        let (s, _) = w.send(1, Act::Used, "x-2", &iin(4), 0, &[c, "nowhere"], false);
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "online, it is refused");
        let r = w.register();
        assert_eq!(r["used"], 4, "{r}");

        // The home precinct registers it late, for another voter than the one who used it.
        assert_eq!(
            w.send(0, Act::Issued, &b, &iin(3), 0, &[c], false).0,
            StatusCode::CREATED
        );
        let flags = w.flags();
        assert_eq!(flags.len(), 4);
        assert_eq!(flags[3]["kind"], "certificate-mismatch");
        assert_eq!(flags[3]["unit"], w.sample.precinct(3));
        assert_eq!(
            w.register()["unregistered"],
            1,
            "x-1 is registered by nobody"
        );
    }
}

#[test]
fn notices_that_are_forged_misaddressed_or_impossible_are_refused() {
    for store in stores() {
        let w = World::new(&store);
        let c = w.common.as_str();
        let number = format!("{}-00001", w.sample.precinct(0));
        // Precinct 1 signs a notice addressed as precinct 0's.
        let forged = notice(&w.sample, 0, Act::Issued, &number, &iin(1), 0, &[c], false);
        let body = w.sample.signed_certificate(1, forged);
        let path = format!(
            "/api/precincts/{}/certificates/{number}",
            w.sample.precinct(0)
        );
        assert_eq!(
            w.h.request("PUT", &path, None, Some(body)).0,
            StatusCode::FORBIDDEN
        );

        // Who sends, what, for whom, covering what; what the refusal says.
        let cases: [(usize, Act, String, Vec<&str>, &str); 6] = [
            (0, Act::Issued, "12345".into(), vec![c], "iin"),
            (1, Act::Issued, iin(1), vec![c], "registers it"),
            (0, Act::Issued, iin(1), vec![], "covers no contest"),
            (0, Act::Issued, iin(1), vec![c, c], "twice"),
            (
                0,
                Act::Issued,
                iin(1),
                vec!["nowhere"],
                "not on the ballots",
            ),
            (0, Act::Used, iin(1), vec![c], "never honoured"),
        ];
        for (by, act, holder, contests, says) in cases {
            let (s, b) = w.send(by, act, "n", &holder, 0, &contests, false);
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{says}: {b}");
            assert!(b.contains(says), "{says}: {b}");
        }
        // The path's number must be the notice's.
        let a = notice(&w.sample, 0, Act::Issued, "a", &iin(1), 0, &[c], false);
        let body = w.sample.signed_certificate(0, a);
        let path = format!("/api/precincts/{}/certificates/b", w.sample.precinct(0));
        assert_eq!(
            w.h.request("PUT", &path, None, Some(body)).0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert!(w.flags().is_empty(), "a refusal of form raises no flag");
        assert_eq!(w.register()["issued"], 0);
    }
}
