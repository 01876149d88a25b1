//! A station's ballot log, `ballots.bin` or `ballots.jsonl`, as the verifier reads it and as
//! the prover's compact reader turns it into lines: a log read whole writes back to the same
//! bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_crypto::compact;

fuzz_target!(|data: &[u8]| {
    let _ = sailau_verify::record::read_log(data);
    if let Ok(jsonl) = compact::to_jsonl(data) {
        let again = compact::to_compact(&jsonl)
            .unwrap_or_else(|e| panic!("a log's own lines do not read back: {e}"));
        assert_eq!(again, data, "two logs with the same lines");
    }
});
