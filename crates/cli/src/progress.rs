//! Progress bars on standard error; hidden when it is not a terminal.

use indicatif::{ProgressBar, ProgressStyle};

/// A bar of `len` steps labelled `what`.
pub fn bar(len: u64, what: &str) -> ProgressBar {
    ProgressBar::new(len).with_style(
        ProgressStyle::with_template(&format!(
            "{what:<24} {{bar:40}} {{pos}}/{{len}} ({{per_sec}}, {{eta}})"
        ))
        .expect("a valid template"),
    )
}
