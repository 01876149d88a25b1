//! The verifier reads `ballots.bin` as docs/formats.md lays it out: these entries are built
//! by hand from that description, not by the writer.

use sailau_verify::compact::{read, MAGIC};
use sailau_verify::record::{read_log, State};

fn id(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u16).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// A challenged ballot with one contest `c` of one selection (a two-branch proof, then its
/// opening) and a contest proof of one branch; every 32-byte field filled with its own byte.
fn entry(state: u8) -> Vec<u8> {
    let mut e = vec![state];
    id(&mut e, "t-1");
    e.extend_from_slice(&5u64.to_be_bytes());
    id(&mut e, "s");
    e.extend_from_slice(&[0x01; 32]); // prev
    e.extend_from_slice(&[0x02; 32]); // code
    e.extend_from_slice(&1u16.to_be_bytes()); // contests
    id(&mut e, "c");
    e.extend_from_slice(&1u16.to_be_bytes()); // selections
    e.extend_from_slice(&[0x03; 32]); // alpha
    e.extend_from_slice(&[0x04; 32]); // beta
    e.extend_from_slice(&2u16.to_be_bytes()); // branches
    for b in [0x10u8, 0x20] {
        for part in 0..4 {
            e.extend_from_slice(&[b + part; 32]); // a, b, c, v
        }
    }
    if state == 1 {
        e.extend_from_slice(&1u64.to_be_bytes()); // value
        e.extend_from_slice(&[0x09; 32]); // nonce
    }
    e.extend_from_slice(&1u16.to_be_bytes()); // the contest's proof
    for part in 0..4 {
        e.extend_from_slice(&[0x30 + part; 32]);
    }
    e
}

fn file(entries: &[Vec<u8>]) -> Vec<u8> {
    let mut f = MAGIC.to_vec();
    for e in entries {
        f.extend_from_slice(&(e.len() as u32).to_be_bytes());
        f.extend_from_slice(e);
    }
    f
}

fn hex(b: u8) -> String {
    format!("{b:02x}").repeat(32)
}

#[test]
fn an_entry_is_read_field_by_field_and_its_line_is_the_ballots_json() {
    let ballots = read(&file(&[entry(1), entry(0)])).unwrap();
    assert_eq!(ballots.len(), 2);
    let b = &ballots[0];
    assert_eq!(
        (b.device.as_str(), b.seq, b.style.as_str()),
        ("t-1", 5, "s")
    );
    assert_eq!(
        (b.state, ballots[1].state),
        (State::Challenged, State::Cast)
    );
    assert_eq!(b.contests[0].selections[0].proof[1].v.0, [0x23; 32]);
    // The line §11.2 gives this ballot, spelled out.
    let branch = |x: u8| {
        format!(
            r#"{{"a":"{}","b":"{}","c":"{}","v":"{}"}}"#,
            hex(x),
            hex(x + 1),
            hex(x + 2),
            hex(x + 3)
        )
    };
    let line = format!(
        concat!(
            r#"{{"device":"t-1","seq":5,"style":"s","state":"challenged","prev":"{}","code":"{}","#,
            r#""contests":[{{"contest":"c","selections":[{{"alpha":"{}","beta":"{}","#,
            r#""proof":[{},{}],"opening":{{"value":1,"nonce":"{}"}}}}],"proof":[{}]}}]}}"#
        ),
        hex(1),
        hex(2),
        hex(3),
        hex(4),
        branch(0x10),
        branch(0x20),
        hex(9),
        branch(0x30)
    );
    let one = file(&[entry(1)]);
    let log = read_log(&one).unwrap();
    assert_eq!(String::from_utf8(log.lines[0].to_vec()).unwrap(), line);
    assert!(log.non_canonical.is_empty());
}

#[test]
fn an_entry_with_a_byte_too_many_or_too_few_is_unreadable_and_named() {
    let mut long = entry(0);
    long.push(0);
    let (n, why) = read(&file(&[entry(0), long])).unwrap_err();
    assert_eq!(n, 2);
    assert!(why.contains("bytes left after the ballot: 1"), "{why}");
    let mut f = file(&[entry(0)]);
    f.pop();
    assert_eq!(read(&f).unwrap_err().0, 1);
    let (n, why) = read(&file(&[entry(2)])).unwrap_err();
    assert_eq!(n, 1);
    assert!(why.contains("state 2"), "{why}");
    assert_eq!(read(b"sailau-ballots/2\n").unwrap_err().0, 0);
    assert!(read(MAGIC).unwrap().is_empty());
    let e = read_log(&f).err().unwrap().to_string();
    assert!(e.starts_with("ballots.bin: entry 1"), "{e}");
}
