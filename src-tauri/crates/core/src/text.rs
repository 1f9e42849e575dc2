//! Text as people search it: without accents, case or extra spaces ("Nuñez" finds "Núñez").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for comparison and search: canonical decomposition, combining marks dropped, lower case, runs of
/// whitespace and hyphens collapsed to one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() || c == '-' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Trims surrounding whitespace and collapses inner runs to one space, keeping every character as typed.
pub fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn fold_cases() {
        let cases = [
            ("accents", "Núñez", "nunez"),
            ("already plain", "Nunez", "nunez"),
            ("capital accents", "ÁNGEL ÉRICK", "angel erick"),
            ("spaces", "  María   José ", "maria jose"),
            ("hyphenated surname", "Pérez-Gómez", "perez gomez"),
            ("dieresis", "Güemes", "guemes"),
            ("emoji kept", "Ana 🌻", "ana 🌻"),
        ];
        for (name, input, want) in cases {
            assert_eq!(fold(input), want, "{name}");
        }
    }
}
