//! The three languages say the same things: every message file parses, holds the same ids
//! with the same arguments, every id the pages ask for exists, and none is left unused.

use fluent_bundle::FluentResource;
use sailau_web::i18n::{self, Language, SOURCES};
use std::collections::{BTreeMap, BTreeSet};

/// Each message id of a file with the variables its text uses.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("the message file does not parse: {errors:?}"));
    let mut out = BTreeMap::new();
    // The syntax tree is reachable, but the text is simpler to read: a message is a line
    // `id = …` at the start of a line, followed by indented lines.
    let mut current: Option<String> = None;
    for line in source.lines() {
        if let Some((id, _)) = line.split_once(" = ").filter(|(id, _)| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }) {
            current = Some(id.to_string());
            out.insert(id.to_string(), BTreeSet::new());
        } else if !line.starts_with(' ') && !line.starts_with('}') {
            current = None;
            continue;
        }
        if let Some(id) = &current {
            let vars = out.get_mut(id).expect("inserted");
            for part in line.split('$').skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                vars.insert(name);
            }
        }
    }
    assert_eq!(
        resource.entries().count(),
        out.len(),
        "every entry is a plain message"
    );
    out
}

/// The English messages, which the other languages are compared with.
fn english() -> BTreeMap<String, BTreeSet<String>> {
    let (_, source) = SOURCES
        .iter()
        .find(|(l, _)| *l == Language::English)
        .unwrap();
    messages(source)
}

#[test]
fn every_language_has_the_same_messages_with_the_same_arguments() {
    let en = english();
    assert!(en.len() > 100, "{} messages", en.len());
    for (lang, source) in SOURCES {
        let other = messages(source);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, extra {extra:?}",
            lang.tag()
        );
        for (id, vars) in &en {
            assert_eq!(
                &other[id],
                vars,
                "{}: {id} uses other arguments than in English",
                lang.tag()
            );
        }
    }
}

/// Every `"id"` the source passes to a translating function (`t`, `tr`, `ctx.t`, `ctx.tr`).
fn ids_in_source() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut files = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // A call `t(` or `tr(`, an optional `lang,` first argument, then the id's literal.
        for (at, _) in text.match_indices("t(").chain(text.match_indices("tr(")) {
            let before = text[..at].chars().last();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue; // part of a longer name (`print(`, `start(`)
            }
            let mut rest = text[at..].split_once('(').unwrap().1.trim_start();
            if let Some(r) = rest.strip_prefix("lang,") {
                rest = r.trim_start();
            }
            if let Some(r) = rest.strip_prefix('"') {
                let id: String = r.chars().take_while(|c| *c != '"').collect();
                if !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    ids.insert(id);
                }
            }
        }
    }
    // Ids made at run time: one heading per body the law knows.
    for body in [
        "presidential",
        "mazhilis",
        "kurultai",
        "senate",
        "maslikhat",
        "rural-akim",
        "referendum",
    ] {
        assert!(
            sailau_law::Body::from_name(body).is_some(),
            "{body} is a body"
        );
        ids.insert(format!("body-{body}"));
    }
    // One line per term of the calendar, and per reason a registration is refused.
    for term in sailau_law::calendar::Term::ALL {
        ids.insert(format!("term-{}", term.name()));
    }
    for reason in sailau_registry::candidates::Refusal::NAMES {
        ids.insert(format!("reason-{reason}"));
    }
    ids
}

#[test]
fn every_message_the_pages_ask_for_exists_and_none_is_unused() {
    let en = english();
    let used = ids_in_source();
    let missing: Vec<_> = used.iter().filter(|id| !en.contains_key(*id)).collect();
    assert!(
        missing.is_empty(),
        "asked for but not in the message files: {missing:?}"
    );
    let unused: Vec<_> = en.keys().filter(|id| !used.contains(*id)).collect();
    assert!(
        unused.is_empty(),
        "in the message files but never asked for: {unused:?}"
    );
}

#[test]
fn plural_forms_follow_each_language() {
    let reported = |lang, total: u64| {
        i18n::tr(
            lang,
            "status-reported",
            &[("reported", 1u64.into()), ("total", total.into())],
        )
    };
    assert_eq!(
        reported(Language::English, 1),
        "1 of 1 precinct has reported."
    );
    assert_eq!(
        reported(Language::English, 10_233),
        "1 of 10,233 precincts have reported."
    );
    // Russian: "из 21 участка", "из 5 участков", "из 2 участков".
    assert!(
        reported(Language::Russian, 21).ends_with("из 21 участка."),
        "{}",
        reported(Language::Russian, 21)
    );
    assert!(reported(Language::Russian, 5).ends_with("из 5 участков."));
    assert!(reported(Language::Russian, 10_233).contains("из 10\u{a0}233 участков"));
    // Kazakh: a noun after a numeral stays singular.
    assert_eq!(
        reported(Language::Kazakh, 10_233),
        "10\u{a0}233 учаскенің 1 хаттама жіберді."
    );
}

#[test]
fn dates_are_written_each_languages_way() {
    let d: sailau_law::Date = "2023-03-19".parse().unwrap();
    assert_eq!(i18n::date(Language::Kazakh, d), "2023 жылғы 19 наурыз");
    assert_eq!(i18n::date(Language::Russian, d), "19 марта 2023 г.");
    assert_eq!(i18n::date(Language::English, d), "19 March 2023");
}
