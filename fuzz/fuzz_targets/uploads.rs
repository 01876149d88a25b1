//! What the central service takes from outside, each checked against a real election as the
//! service holds it: the first byte picks the upload, the rest is its body.
//!
//! 0 protocol, 1 turnout, 2 station record, 3 certificate issued, 4 certificate used,
//! 5 territorial summary, 6 registry ledger, 7 registry act, 8 the election's definition,
//! 9 its election.json, 10 its stations.json.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_fuzz::{choice, small};
use sailau_protocol::Act;
use sailau_server::auth::{Role, User};
use sailau_server::election::Election;
use sailau_server::records::{check_record, RecordUpload};
use sailau_server::{certificates, registry, summaries, turnout, uploads};

fuzz_target!(|data: &[u8]| {
    let small = small();
    let (e, s) = (&small.service, &small.sample);
    let Some((which, body)) = choice(data, 11) else {
        return;
    };
    let p = s.precinct(0);
    let number = format!("{p}-00001");
    match which {
        0 => drop(uploads::check_protocol(e, p, body)),
        1 => {
            let day =
                sailau_law::election_day::polls(s.def.election.date, s.def.precincts[0].utc_offset);
            drop(turnout::check_turnout(e, p, body, day.0 .0 + 3 * 3600));
        }
        2 => {
            if let Ok(up) = serde_json::from_slice::<RecordUpload>(body) {
                drop(check_record(e, p, &up, None));
            }
        }
        3 => drop(certificates::check_notice(e, p, &number, Act::Issued, body)),
        4 => drop(certificates::check_notice(
            e,
            s.precinct(1),
            &number,
            Act::Used,
            body,
        )),
        5 => {
            let unit = e.units_of(p).first().cloned();
            let user = User {
                name: "territorial".into(),
                role: Role::Territorial,
                unit: unit.clone(),
                signing_key: None,
            };
            drop(summaries::check_signature(
                &user,
                unit.as_deref().unwrap_or("national"),
                body,
            ));
        }
        6 => drop(registry::parse_ledger(body)),
        7 => drop(registry::parse_act(body)),
        8 => drop(Election::from_documents(
            body,
            s.election.as_bytes(),
            s.stations.as_bytes(),
        )),
        9 => drop(Election::from_documents(
            s.definition.as_bytes(),
            body,
            s.stations.as_bytes(),
        )),
        _ => drop(Election::from_documents(
            s.definition.as_bytes(),
            s.election.as_bytes(),
            body,
        )),
    }
});
