//! `sailau definition check FILE` and `PUT /api/election`'s definition: read, check, and
//! written back in canonical form, which must read back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailau_definition::Definition;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(def) = Definition::from_json(text) else {
        return;
    };
    let Ok(checked) = def.check() else {
        return;
    };
    let canonical = checked.to_json();
    let again = Definition::from_json(&canonical)
        .unwrap_or_else(|e| panic!("the canonical form does not read back: {e}"))
        .check()
        .unwrap_or_else(|e| panic!("the canonical form does not check: {e:?}"));
    assert_eq!(
        again.to_json(),
        canonical,
        "the canonical form is not a fixed point"
    );
});
