//! The precinct protocol as the commission signs it and hands a copy to each observer: every
//! contest's twelve counts and its votes per line, in Kazakh and Russian, the station's seal
//! (its log's head), the lines for the members' signatures, and the copy's number. (The
//! layout follows the order of the law's form as docs/formats.md gives it; the CEC's approved
//! form should replace it when transcribed.)

use crate::sheet::Sheet;
use crate::PrintError;
use sailau_definition::{Checked, Language};
use sailau_protocol as text;
use sailau_protocol::Protocol;

/// The members who sign, by office: the chair, the deputy, the secretary, then members.
const SIGNERS: [&str; 5] = [
    "Комиссия төрағасы / Председатель комиссии",
    "Төрағаның орынбасары / Заместитель председателя",
    "Комиссия хатшысы / Секретарь комиссии",
    "Комиссия мүшесі / Член комиссии",
    "Комиссия мүшесі / Член комиссии",
];

/// Copy number `copy` of precinct protocol `p` of election `def` (0: the commission's own),
/// with the station key that signed it, where it is the signed form.
pub fn protocol(
    def: &Checked,
    p: &Protocol,
    signer: Option<&str>,
    copy: u32,
) -> Result<Vec<u8>, PrintError> {
    if p.definition != def.digest().to_string() {
        return Err(PrintError::OtherDefinition);
    }
    let precinct = def
        .precinct(&p.unit)
        .ok_or_else(|| PrintError::UnknownPrecinct(p.unit.clone()))?;
    let mut s = Sheet::new();
    s.text(
        13.0,
        true,
        &format!(
            "№{n} УЧАСКЕЛІК САЙЛАУ КОМИССИЯСЫНЫҢ ХАТТАМАСЫ / ПРОТОКОЛ УЧАСТКОВОЙ ИЗБИРАТЕЛЬНОЙ КОМИССИИ №{n}",
            n = precinct.number
        ),
    );
    s.text(10.0, false, &def.election.name.kk);
    s.text(10.0, false, &def.election.name.ru);
    s.text(
        9.0,
        false,
        &format!(
            "{} · {} · {} · definition {}",
            def.election.date, precinct.id, precinct.unit, p.definition
        ),
    );
    s.text(
        10.0,
        true,
        &if copy == 0 {
            "Комиссияның данасы / Экземпляр комиссии".to_string()
        } else {
            format!("Байқаушыға арналған №{copy} көшірме / Копия №{copy} для наблюдателя")
        },
    );
    if let Some(st) = &p.station {
        s.text(
            8.0,
            false,
            &format!(
                "Электрондық жәшік / Электронный ящик: {} · {} · {}",
                st.closed_at, st.log_entries, st.log_head
            ),
        );
    }
    let (kk, _, _) = text::labels(Language::Kazakh);
    let (ru, _, cols) = text::labels(Language::Russian);
    for c in &p.contests {
        let Some(spec) = def.contest(&c.contest) else {
            return Err(PrintError::UnknownContest(c.contest.clone()));
        };
        s.gap(10.0);
        s.text(11.0, true, &format!("{} / {}", spec.name.kk, spec.name.ru));
        for (i, n) in text::counts(c).iter().enumerate() {
            let ((k, sub), (r, _)) = (kk[i], ru[i]);
            s.figure(
                if sub { 16.0 } else { 0.0 },
                &format!("{}. {k} / {r}", i + 1),
                &n.to_string(),
            );
        }
        let lk = def.option_labels(spec, Language::Kazakh);
        let lr = def.option_labels(spec, Language::Russian);
        s.gap(4.0);
        s.text(
            9.0,
            true,
            &format!("Дауыстар / Голоса ({}, {}, {})", cols[0], cols[1], cols[2]),
        );
        for ((o, k), r) in c.options.iter().zip(&lk).zip(&lr) {
            let label = if k == r {
                k.clone()
            } else {
                format!("{k} / {r}")
            };
            let total = u128::from(o.paper) + u128::from(o.electronic);
            s.figure(
                16.0,
                &label,
                &format!("{} + {} = {total}", o.paper, o.electronic),
            );
        }
    }
    s.gap(12.0);
    if let Some(key) = signer {
        s.text(
            8.0,
            false,
            &format!(
                "Учаскенің кілтімен қол қойылған / Подписан ключом участка: {key} (sailau verify)"
            ),
        );
    }
    for office in SIGNERS {
        s.signature(office);
    }
    s.gap(10.0);
    s.frame(
        70.0,
        "Учаскелік сайлау комиссиясының мөрі / Печать участковой избирательной комиссии",
    );
    s.finish()
}
