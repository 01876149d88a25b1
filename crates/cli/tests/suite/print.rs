//! Printing: `sailau demo --print` writes each style's paper ballots and each precinct's
//! signed protocol as PDF, `sailau print` makes them for one station; the text is selectable
//! in all three scripts (Kazakh's own letters, Russian, Latin) and every page renders.

use crate::common::{fresh, sailau};
use std::path::Path;
use std::process::Command;

fn tool(name: &str) -> String {
    let found = Command::new(name).arg("-v").output();
    assert!(
        found.is_ok(),
        "{name} is needed (Debian: apt install poppler-utils; ./scripts/test installs it)"
    );
    name.to_string()
}

/// The PDF's text, pages separated by form feeds.
fn text_of(pdf: &Path) -> String {
    let out = Command::new(tool("pdftotext"))
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn renders(pdf: &Path, dir: &Path) {
    let prefix = dir.join("page");
    let out = Command::new(tool("pdftoppm"))
        .args(["-r", "40", "-png", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .expect("a page rendered");
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(bytes.len() > 2_000, "a page with something on it");
    std::fs::remove_file(png).unwrap();
}

#[test]
fn ballots_and_protocols_print_in_kazakh_russian_and_latin() {
    let dir = fresh("print", "president");
    let out = sailau(&[
        "demo",
        "--scenario",
        "presidential-2022",
        "--voters",
        "800",
        "--precincts",
        "3",
        "--print",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let print = dir.join("print");
    let ballot = text_of(&print.join("ballot-president.pdf"));
    // Kazakh's own letters (ғ, қ, ң, ә, і, ұ), Russian, and the candidates' Latin names.
    for want in [
        "САЙЛАУ БЮЛЛЕТЕНІ",
        "Барлығына қарсы",
        "Қазақстан Республикасының Президенті",
        "Против всех",
        "Президент Республики Казахстан",
        "Kassym-Jomart Tokayev",
        "Saltanat Tursynbekova",
        "Печать участковой избирательной комиссии",
    ] {
        assert!(
            ballot.contains(want),
            "{want:?} not in the ballot: {ballot}"
        );
    }
    // "Against all" is the last line, after every candidate.
    assert!(ballot.find("Барлығына қарсы") > ballot.find("Saltanat Tursynbekova"));
    renders(&print.join("ballot-president.pdf"), &dir);

    let protocol = text_of(&print.join("protocol-p-00001.pdf"));
    for want in [
        "УЧАСТКОВОЙ ИЗБИРАТЕЛЬНОЙ КОМИССИИ №1",
        "ХАТТАМАСЫ",
        "Тізімдегі сайлаушылар",
        "Председатель комиссии",
        "Секретарь комиссии",
        "Экземпляр комиссии",
        "Kassym-Jomart Tokayev",
    ] {
        assert!(
            protocol.contains(want),
            "{want:?} not in the protocol: {protocol}"
        );
    }
    renders(&print.join("protocol-p-00001.pdf"), &dir);
    // The record with its print/ folder still verifies.
    assert_eq!(
        sailau(&["verify", dir.to_str().unwrap()]).status.code(),
        Some(0)
    );

    // One station's commission prints an observer's copy, numbered.
    let copy = dir.join("copy-3.pdf");
    let o = sailau(&[
        "print",
        "protocol",
        "--definition",
        dir.join("definition.json").to_str().unwrap(),
        "--protocol",
        dir.join("precincts/p-00002/protocol.json")
            .to_str()
            .unwrap(),
        "--copy",
        "3",
        "--out",
        copy.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = text_of(&copy);
    assert!(t.contains("Копия №3 для наблюдателя"), "{t}");
    assert!(t.contains("№2 УЧАСКЕЛІК САЙЛАУ КОМИССИЯСЫНЫҢ"), "{t}");
    // The file exists now: a second print to it is refused, the first kept.
    let again = sailau(&[
        "print",
        "protocol",
        "--definition",
        dir.join("definition.json").to_str().unwrap(),
        "--protocol",
        dir.join("precincts/p-00002/protocol.json")
            .to_str()
            .unwrap(),
        "--out",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text_of(&copy).contains("Копия №3"));
    // A style the definition does not have is named.
    let bad = sailau(&[
        "print",
        "ballots",
        "--definition",
        dir.join("definition.json").to_str().unwrap(),
        "--style",
        "style-999",
        "--out",
        dir.join("x.pdf").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no ballot style \"style-999\""));
    assert!(!dir.join("x.pdf").exists());
}

#[test]
fn a_style_of_five_contests_prints_five_ballots() {
    let dir = fresh("print", "mazhilis");
    let out = sailau(&[
        "demo",
        "--voters",
        "600",
        "--precincts",
        "3",
        "--print",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = text_of(&dir.join("print/ballot-style-001.pdf"));
    // pdftotext ends every page with a form feed.
    assert_eq!(t.matches('\u{c}').count(), 5, "{t}");
    assert!(t.contains("Мәжіліс: партиялық тізімдер"));
    assert!(t.contains("AMANAT"));
    // A protocol counted under another definition is refused, not printed with wrong names.
    let other = fresh("print", "other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("def.json"),
        sailau_definition::sample::mazhilis_2023(3, 99).to_json(),
    )
    .unwrap();
    let o = sailau(&[
        "print",
        "protocol",
        "--definition",
        other.join("def.json").to_str().unwrap(),
        "--protocol",
        dir.join("precincts/p-00001/protocol.json")
            .to_str()
            .unwrap(),
        "--out",
        other.join("p.pdf").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another definition"));
}
