//! The paper ballot: one sheet per contest of a style, in Kazakh and Russian (the state
//! language first), each line of the ballot with the box to mark, "against all" last where
//! the law puts it on the ballot, and the spaces for the precinct commission's stamp and two
//! members' signatures that make a paper a ballot. (The layout is Sailau's; the CEC's
//! approved form should replace it when transcribed: docs/law.md, "Printing".)

use crate::sheet::Sheet;
use crate::PrintError;
use sailau_definition::{Checked, Contest, ContestKind, Language};

/// What the voter is told, by the contest's kind: in Kazakh and in Russian.
fn instruction(kind: ContestKind) -> [&'static str; 2] {
    match kind {
        ContestKind::Referendum => [
            "Өзіңіз таңдаған жауаптың оң жағындағы бос шаршыға кез келген белгі қойыңыз.",
            "Поставьте любой знак в пустом квадрате справа от выбранного вами ответа.",
        ],
        ContestKind::PartyList => [
            "Өзіңіз дауыс беретін бір ғана партияның оң жағындағы бос шаршыға кез келген белгі қойыңыз.",
            "Поставьте любой знак в пустом квадрате справа от одной партии, за которую вы голосуете.",
        ],
        _ => [
            "Өзіңіз дауыс беретін бір ғана кандидаттың оң жағындағы бос шаршыға кез келген белгі қойыңыз.",
            "Поставьте любой знак в пустом квадрате справа от одного кандидата, за которого вы голосуете.",
        ],
    }
}

fn page(s: &mut Sheet, def: &Checked, c: &Contest, style: &str) {
    s.text(13.0, true, "САЙЛАУ БЮЛЛЕТЕНІ / ИЗБИРАТЕЛЬНЫЙ БЮЛЛЕТЕНЬ");
    s.text(10.0, false, &def.election.name.kk);
    s.text(10.0, false, &def.election.name.ru);
    s.text(10.0, false, &def.election.date.to_string());
    s.gap(8.0);
    s.text(12.0, true, &c.name.kk);
    s.text(11.0, false, &c.name.ru);
    s.gap(6.0);
    let [kk, ru] = instruction(c.kind);
    s.text(9.0, false, kk);
    s.text(9.0, false, ru);
    s.gap(10.0);
    let kk = def.option_labels(c, Language::Kazakh);
    let ru = def.option_labels(c, Language::Russian);
    for (k, r) in kk.iter().zip(&ru) {
        if k == r {
            s.mark_line(&[k]);
        } else {
            s.mark_line(&[k, r]);
        }
    }
    s.gap(18.0);
    s.frame(
        70.0,
        "Учаскелік сайлау комиссиясының мөрі / Печать участковой избирательной комиссии",
    );
    s.signature("Учаскелік комиссия мүшесінің қолы / Подпись члена участковой комиссии");
    s.signature("Учаскелік комиссия мүшесінің қолы / Подпись члена участковой комиссии");
    s.gap(16.0);
    s.text(
        7.0,
        false,
        &format!(
            "{} · {} · {} · definition {}",
            def.election.id,
            style,
            c.id,
            def.digest()
        ),
    );
}

/// The ballots of `style`: one page per contest, in the style's order.
pub fn ballots(def: &Checked, style: &str) -> Result<Vec<u8>, PrintError> {
    let s = def
        .style(style)
        .ok_or_else(|| PrintError::UnknownStyle(style.to_string()))?;
    let mut sheet = Sheet::new();
    for (i, id) in s.contests.iter().enumerate() {
        let c = def
            .contest(id)
            .ok_or_else(|| PrintError::UnknownStyle(style.to_string()))?;
        if i > 0 {
            sheet.new_page();
        }
        page(&mut sheet, def, c, style);
    }
    sheet.finish()
}
