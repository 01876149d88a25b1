//! The Senate for the demo's scenario, as on 14 January 2023: in each region and city the
//! electors (all deputies of its maslikhats: 3,167 in 2023) meet in one joint session, which
//! is a polling station of its own whose list is the electors' list; each session elects the
//! region's senator (docs/law.md, "Senate"). The regions and cities are the sample's; the
//! candidates are invented.

use super::{mazhilis_2023, names, Builder};
use crate::{Body, Contest, ContestKind, Definition, District, Precinct, Style, UnitKind};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_law::Date;

/// One joint session per region or city of the sample of `precincts` precincts (at most
/// 20), each electing one senator among 2 or 3 candidates, "against all" on the ballot.
pub fn senate_2023(precincts: usize, seed: u64) -> Definition {
    let mut d = mazhilis_2023(precincts, seed);
    let date = Date::new(2023, 1, 14).expect("a date");
    d.election.id = "sample-senate-2023-01-14".into();
    d.election.name = names(
        "Үлгі: Сенат депутаттарының сайлауы, 2023",
        "Образец: выборы депутатов Сената, 2023",
        "Sample: Senate elections, 2023",
    );
    d.election.date = date;
    d.election.bodies = vec![Body::Senate];
    let mut b = Builder {
        rng: ChaCha20Rng::seed_from_u64(seed ^ 0x5e_2023),
        date,
        candidates: Vec::new(),
    };
    let top: Vec<_> = d
        .units
        .iter()
        .filter(|u| u.parent.is_none() && u.kind != UnitKind::Abroad)
        .cloned()
        .collect();
    // The offset of each region: that of its first precinct in the sample.
    let offset = |rid: &str| {
        d.precincts
            .iter()
            .find(|p| {
                p.unit == rid
                    || d.units
                        .iter()
                        .any(|u| u.id == p.unit && u.parent.as_deref() == Some(rid))
            })
            .map(|p| p.utc_offset)
            .expect("a region of the sample has a precinct")
    };
    let (mut precincts_out, mut districts, mut contests, mut styles) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (k, u) in top.iter().enumerate() {
        let session = format!("s-{}", u.id);
        let id = format!("senate-{}", u.id);
        precincts_out.push(Precinct {
            id: session.clone(),
            number: k as u32 + 1,
            unit: u.id.clone(),
            utc_offset: offset(&u.id),
            abroad: false,
            style: id.clone(),
        });
        districts.push(District {
            id: id.clone(),
            name: names(
                &format!("{}: мәслихат депутаттарының бірлескен отырысы", u.name.kk),
                &format!("{}: совместное заседание депутатов маслихатов", u.name.ru),
                &format!("{}: joint session of maslikhat deputies", u.name.en),
            ),
            body: Body::Senate,
            council: None,
            precincts: vec![session],
        });
        contests.push(Contest {
            id: id.clone(),
            name: names(
                &format!("{}: Сенат депутаты", u.name.kk),
                &format!("{}: депутат Сената", u.name.ru),
                &format!("{}: deputy of the Senate", u.name.en),
            ),
            body: Body::Senate,
            kind: ContestKind::Senate,
            council: None,
            district: Some(id.clone()),
            seats: None,
            against_all: true,
            options: b.district_options(2 + k % 2),
            round: 1,
            first_round: None,
            constitutional: false,
        });
        styles.push(Style {
            id: id.clone(),
            contests: vec![id],
        });
    }
    d.precincts = precincts_out;
    d.districts = districts;
    d.contests = contests;
    d.styles = styles;
    d.candidates = b.candidates;
    d
}
