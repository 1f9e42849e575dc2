//! The Salvadoran DUI (Documento Único de Identidad): eight digits, a hyphen and a check digit.

/// Normalises what a person typed (spaces, a missing hyphen) to `########-#`, or `None` when it cannot be a DUI.
pub fn normalise(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.len() != 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // A hyphen, if given, must be before the check digit.
    let trimmed = input.trim();
    if trimmed.contains('-') && !(trimmed.len() == 10 && trimmed.as_bytes()[8] == b'-') {
        return None;
    }
    Some(format!("{}-{}", &digits[..8], &digits[8..]))
}

/// The check digit of the eight-digit body: weights 9..2, then `(10 - sum mod 10) mod 10`.
pub fn check_digit(body: &[u8; 8]) -> u8 {
    let sum: u32 = body.iter().zip((2..=9).rev()).map(|(d, w)| u32::from(*d) * w).sum();
    ((10 - sum % 10) % 10) as u8
}

/// Whether a normalised or typed DUI is well formed and its check digit holds.
pub fn is_valid(input: &str) -> bool {
    let Some(n) = normalise(input) else {
        return false;
    };
    let bytes = n.as_bytes();
    let mut body = [0u8; 8];
    for (slot, b) in body.iter_mut().zip(&bytes[..8]) {
        *slot = b - b'0';
    }
    check_digit(&body) == bytes[9] - b'0'
}

/// Builds a valid DUI from an eight-digit number (demo data, tests).
pub fn from_number(n: u32) -> String {
    let body_str = format!("{:08}", n % 100_000_000);
    let mut body = [0u8; 8];
    for (slot, b) in body.iter_mut().zip(body_str.bytes()) {
        *slot = b - b'0';
    }
    format!("{}-{}", body_str, check_digit(&body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        // (name, input, valid)
        let cases = [
            ("known valid", "00016297-5", true),
            ("without hyphen", "000162975", true),
            ("with spaces", " 00016297-5 ", true),
            ("wrong check digit", "00016297-4", false),
            ("too short", "0016297-5", false),
            ("letters", "0001629A-5", false),
            ("hyphen misplaced", "0001629-75", false),
            ("empty", "", false),
        ];
        for (name, input, valid) in cases {
            assert_eq!(is_valid(input), valid, "{name}: {input}");
        }
    }

    #[test]
    fn generated_numbers_are_valid() {
        for n in [0, 1, 16297, 12_345_678, 99_999_999] {
            let d = from_number(n);
            assert!(is_valid(&d), "{d}");
        }
        assert_eq!(from_number(16297), "00016297-5");
    }
}
