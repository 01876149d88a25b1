mod common;
use common::*;

#[test]
fn an_honest_record_passes_every_check_both_ways() {
    let s = small(1, 12);
    let f = files(&s);
    for one_by_one in [false, true] {
        let r = run(&f, one_by_one).unwrap();
        for c in &r.checks {
            assert!(c.passed(), "check {} failed: {:?}", c.number, c.failures);
        }
        assert_eq!(r.cast, 9);
        assert_eq!(r.challenged, 3);
        // The published totals are what the voters marked.
        let published: Vec<Vec<u64>> = r
            .totals
            .iter()
            .map(|(_, o)| o.iter().map(|x| x.1).collect())
            .collect();
        assert_eq!(published, s.intended);
    }
}
