//! The referendum of 5 June 2022 for the demo's scenario, over the sample's regions,
//! precincts (one abroad) and guardians: one question, which changed the Constitution, so it
//! needs a yes majority in two thirds of the regions as well (docs/law.md, "Referendum").

use super::{mazhilis_2023, names};
use crate::{Body, Contest, ContestKind, ContestOption, Definition, Style};
use sailau_law::Date;

/// The question of 5 June 2022 as published, with its two answers.
pub fn referendum_2022(precincts: usize, seed: u64) -> Definition {
    let mut d = mazhilis_2023(precincts, seed);
    d.election.id = "sample-referendum-2022-06-05".into();
    d.election.name = names(
        "Үлгі: республикалық референдум, 2022",
        "Образец: республиканский референдум, 2022",
        "Sample: national referendum, 2022",
    );
    d.election.date = Date::new(2022, 6, 5).expect("a date");
    d.election.bodies = vec![Body::Referendum];
    d.districts.clear();
    d.candidates.clear();
    let answer = |id: &str, kk: &str, ru: &str, en: &str| ContestOption {
        id: id.into(),
        party: None,
        list: vec![],
        candidate: None,
        name: Some(names(kk, ru, en)),
    };
    d.contests = vec![Contest {
        id: "constitution".into(),
        name: names(
            "Сіз 2022 жылғы 6 мамырда бұқаралық ақпарат құралдарында жарияланған «Қазақстан Республикасының Конституциясына өзгерістер мен толықтырулар енгізу туралы» Қазақстан Республикасы Заңының жобасында баяндалған Қазақстан Республикасының Конституциясына өзгерістер мен толықтыруларды қабылдайсыз ба?",
            "Принимаете ли Вы изменения и дополнения в Конституцию Республики Казахстан, изложенные в проекте Закона Республики Казахстан «О внесении изменений и дополнений в Конституцию Республики Казахстан», опубликованном в средствах массовой информации 6 мая 2022 года?",
            "Do you accept the amendments and additions to the Constitution of the Republic of Kazakhstan set out in the draft Law of the Republic of Kazakhstan \"On Amendments and Additions to the Constitution of the Republic of Kazakhstan\" published in the media on 6 May 2022?",
        ),
        body: Body::Referendum,
        kind: ContestKind::Referendum,
        council: None,
        district: None,
        seats: None,
        against_all: false,
        options: vec![
            answer("yes", "Иә", "Да", "Yes"),
            answer("no", "Жоқ", "Нет", "No"),
        ],
        round: 1,
        first_round: None,
        constitutional: true,
    }];
    d.styles = vec![Style {
        id: "referendum".into(),
        contests: vec!["constitution".into()],
    }];
    for p in &mut d.precincts {
        p.style = "referendum".into();
    }
    d
}
