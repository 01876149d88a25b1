//! Kazakh, Russian and English, with Project Fluent.
//!
//! Every word a page shows comes from `locales/{kk,ru,en}.ftl` by message id; the ids are the
//! same in the three files (a test compares them, and checks that every id the code asks for
//! exists). Numbers are grouped and percentages written the way each language writes them:
//! `1 234 567` and `53,90 %` in Kazakh and Russian, `1,234,567` and `53.90%` in English. A
//! number is only ever *displayed* here: every figure that decides anything is an integer or
//! an exact ratio before it reaches this module.
//!
//! The Kazakh and Russian wording is Sailau's own; the CEC's translators should review it.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
pub use sailau_definition::Language;
use std::sync::LazyLock;

/// The message files, embedded in the binary.
pub const SOURCES: [(Language, &str); 3] = [
    (Language::Kazakh, include_str!("locales/kk.ftl")),
    (Language::Russian, include_str!("locales/ru.ftl")),
    (Language::English, include_str!("locales/en.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Vec<(Language, Bundle)>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|&(lang, source)| (lang, bundle(lang, source)))
        .collect()
});

/// The bundle of one language. The sources are compiled in, so a syntax error is the same on
/// every machine; `tests/i18n.rs` parses all three.
fn bundle(lang: Language, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, errors)| {
        tracing::error!(language = lang.tag(), ?errors, "a message file has errors");
        r
    });
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().expect("a BCP 47 tag");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Pages are left-to-right in all three languages: no isolation marks around arguments.
    b.set_use_isolating(false);
    b.add_resource(resource)
        .unwrap_or_else(|errors| tracing::error!(?errors, "duplicate message ids"));
    b.add_function("NUM", move |args, _| match args.first() {
        Some(FluentValue::Number(n)) => FluentValue::from(count(lang, n.value as u64)),
        Some(other) => other.clone(),
        None => FluentValue::None,
    })
    .expect("NUM is added once");
    b.add_function("PCT", move |args, _| match args.first() {
        Some(FluentValue::String(s)) => FluentValue::from(percent(lang, s)),
        Some(other) => other.clone(),
        None => FluentValue::None,
    })
    .expect("PCT is added once");
    b
}

fn of(lang: Language) -> &'static Bundle {
    &BUNDLES
        .iter()
        .find(|(l, _)| *l == lang)
        .expect("every language has a bundle")
        .1
}

/// An argument of a message: a count (also used to choose plural forms) or a text.
pub enum Arg<'a> {
    /// A number, which a message can group with `NUM` and choose its plural form by.
    Count(u64),
    /// Text, put into the message as it is.
    Text(&'a str),
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Count(n)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Count(n as u64)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}

/// The message `id` in `lang`. A missing id shows as the id itself, and is logged: a page
/// never fails for a word (and `tests/i18n.rs` makes sure none is missing).
pub fn t(lang: Language, id: &str) -> String {
    tr(lang, id, &[])
}

/// The message `id` in `lang` with its arguments.
pub fn tr(lang: Language, id: &str, args: &[(&str, Arg)]) -> String {
    let bundle = of(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        tracing::warn!(language = lang.tag(), id, "no such message");
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            // Display only: a count of voters is far below 2^53, where f64 is exact.
            Arg::Count(n) => fluent_args.set(*name, FluentValue::from(*n as f64)),
            Arg::Text(s) => fluent_args.set(*name, FluentValue::from(*s)),
        }
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(
            language = lang.tag(),
            id,
            ?errors,
            "a message did not format"
        );
    }
    text.into_owned()
}

/// A whole number with the language's digit grouping (a no-break space in Kazakh and
/// Russian, a comma in English).
pub fn count(lang: Language, n: u64) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Language::English => ",",
        _ => "\u{a0}",
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A percentage given as an exact decimal text (`"53.90"`, from `Ratio::percent`), written
/// the language's way; the digits are never re-rounded.
pub fn percent(lang: Language, decimal: &str) -> String {
    let (whole, frac) = decimal.split_once('.').unwrap_or((decimal, ""));
    let whole = whole
        .parse::<u64>()
        .map_or_else(|_| whole.to_string(), |w| count(lang, w));
    match (lang, frac.is_empty()) {
        (Language::English, true) => format!("{whole}%"),
        (Language::English, false) => format!("{whole}.{frac}%"),
        (_, true) => format!("{whole}\u{a0}%"),
        (_, false) => format!("{whole},{frac}\u{a0}%"),
    }
}

/// A date the way the language writes it: "2023 жылғы 19 наурыз", "19 марта 2023 г.",
/// "19 March 2023".
pub fn date(lang: Language, d: sailau_law::Date) -> String {
    tr(
        lang,
        "date-long",
        &[
            ("day", u64::from(d.day()).into()),
            ("month", u64::from(d.month()).into()),
            ("year", Arg::Text(&d.year().to_string())),
        ],
    )
}

/// An instant as local date and time at `offset`: "19.03.2023 20:00 (UTC+06:00)".
pub fn moment(at: i64, offset: sailau_law::election_day::UtcOffset) -> String {
    use sailau_law::election_day::Moment;
    match Moment(at).to_local(offset) {
        Some((d, secs)) => format!(
            "{:02}.{:02}.{} {:02}:{:02} (UTC{offset})",
            d.day(),
            d.month(),
            d.year(),
            secs / 3600,
            secs / 60 % 60
        ),
        None => Moment(at).to_string(),
    }
}

/// The language a browser asks for first among ours, from `Accept-Language`.
pub fn negotiate(accept_language: &str) -> Option<Language> {
    let mut best: Option<(u32, Language)> = None;
    for part in accept_language.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(1000, |q| quality(q.trim()));
        let primary = tag.split('-').next().unwrap_or_default();
        if let Some(lang) = Language::from_tag(primary) {
            if q > 0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
    }
    best.map(|(_, l)| l)
}

/// A q-value as thousandths, without floats: "0.8" is 800.
fn quality(q: &str) -> u32 {
    let (whole, frac) = q.split_once('.').unwrap_or((q, ""));
    let whole: u32 = whole.parse().unwrap_or(0);
    let frac: String = frac.chars().chain("000".chars()).take(3).collect();
    (whole * 1000 + frac.parse::<u32>().unwrap_or(0)).min(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_by_language() {
        assert_eq!(count(Language::English, 7_940_477), "7,940,477");
        assert_eq!(count(Language::Russian, 7_940_477), "7\u{a0}940\u{a0}477");
        assert_eq!(count(Language::Kazakh, 999), "999");
        assert_eq!(count(Language::English, 1000), "1,000");
        assert_eq!(count(Language::English, 0), "0");
    }

    #[test]
    fn writes_percentages_without_rounding_again() {
        assert_eq!(percent(Language::English, "81.31"), "81.31%");
        assert_eq!(percent(Language::Russian, "81.31"), "81,31\u{a0}%");
        assert_eq!(percent(Language::Kazakh, "5"), "5\u{a0}%");
        assert_eq!(percent(Language::English, "1234.50"), "1,234.50%");
    }

    #[test]
    fn negotiates_the_browsers_language() {
        assert_eq!(
            negotiate("ru-RU,ru;q=0.9,en;q=0.8"),
            Some(Language::Russian)
        );
        assert_eq!(
            negotiate("de-DE, en;q=0.5, kk;q=0.7"),
            Some(Language::Kazakh)
        );
        assert_eq!(negotiate("de, fr"), None);
        assert_eq!(negotiate("en;q=0, ru;q=0.1"), Some(Language::Russian));
        assert_eq!(negotiate(""), None);
    }
}
