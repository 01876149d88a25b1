//! The guardians' documents, read against a real election's key ceremony: the first byte picks
//! the document, the rest is its bytes.
//!
//! 0 a guardian's published data, 1 a guardian's secret file, 2 a signed encrypted share,
//! 3 a complaint, 4 a statement of readiness, 5 a station's decryption request, 6 a partial
//! decryption of it, 7 a guardian's key file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_crypto::{ceremony, closing, tally};
use sailau_fuzz::{choice, small};

fuzz_target!(|data: &[u8]| {
    let e = &small().sample.crypto;
    let Some((which, bytes)) = choice(data, 8) else {
        return;
    };
    let base = &e.base_hash;
    match which {
        0 => drop(ceremony::public_from_json(base, e.joint.quorum, bytes)),
        1 => drop(ceremony::secret_from_json(base, bytes)),
        2 => drop(ceremony::share_from_json(base, bytes)),
        3 => drop(ceremony::complaint_from_json(base, bytes)),
        4 => drop(ceremony::ready_from_json(&e.joint, bytes)),
        5 => drop(closing::request_from_json(e, bytes)),
        6 => {
            let totals = tally::encrypted_tally(&e.manifest, []);
            drop(closing::partial_from_json(e, "p-00001", &totals, bytes));
        }
        _ => drop(closing::key_from_json(e, bytes)),
    }
});
