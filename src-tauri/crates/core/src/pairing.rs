//! Pairing two devices by reading words aloud: a device card's fingerprint (a hash of its signing key) as a few
//! words of the BIP-39 Spanish list, which both people compare over the phone or across the table before trusting
//! the card. The same bytes always give the same words, on both sides and in both languages of the interface (the
//! words are Spanish either way: they are compared, not translated). Also the rule for a new passphrase.

/// How many words are read aloud: 6 × 11 bits = 66 bits of the fingerprint, more than a person could forge a
/// matching key for.
pub const WORDS: usize = 6;

/// The shortest passphrase accepted (as the command line).
pub const MIN_PASSPHRASE: usize = 8;

/// `bytes` (a hash) as [`WORDS`] words: its first 66 bits, 11 bits a word, most significant bit first, each an index
/// in the BIP-39 Spanish list (whose accents it writes decomposed: here they are composed, as people type them).
/// Shorter input is read as if padded with zero bytes.
pub fn fingerprint_words(bytes: &[u8]) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let list = bip39::Language::Spanish.word_list();
    let bit = |i: usize| -> u16 { bytes.get(i / 8).map_or(0, |b| u16::from((b >> (7 - i % 8)) & 1)) };
    (0..WORDS)
        .map(|w| {
            let index = (0..11).fold(0u16, |acc, k| (acc << 1) | bit(w * 11 + k));
            list[usize::from(index)].nfc().collect::<String>()
        })
        .collect()
}

/// The file name a device's card is saved under by default: `tarjeta-` and the device's name in lowercase letters,
/// digits and dashes (accents dropped), `.json`.
pub fn card_file_name(device: &str) -> String {
    let folded = crate::text::fold(device);
    let slug: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()).collect();
    if slug.is_empty() { "tarjeta.json".to_owned() } else { format!("tarjeta-{}.json", slug.join("-")) }
}

/// A new passphrase as typed twice: long enough, and the same both times. The error is a translation key.
pub fn check_new_passphrase(passphrase: &str, again: &str) -> Result<(), &'static str> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err("error.passphrase_short");
    }
    if passphrase != again {
        return Err("error.passphrase_mismatch");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use unicode_normalization::UnicodeNormalization;

    use super::*;

    #[test]
    fn words_of_a_fingerprint() {
        let list = bip39::Language::Spanish.word_list();
        let ones = [0xffu8; 9];
        let cases: &[(&str, &[u8], [&str; WORDS])] = &[
            ("all zero bits: the first word six times", &[0u8; 32], [list[0]; WORDS]),
            ("all one bits: the last word six times", &ones, [list[2047]; WORDS]),
            (
                "the first word is the first 11 bits (0b000_0000_0001 = 1), the rest zero",
                &[0b0000_0000, 0b0010_0000, 0, 0, 0, 0, 0, 0, 0],
                [list[1], list[0], list[0], list[0], list[0], list[0]],
            ),
            (
                "the second word starts at bit 11",
                &[0, 0b0001_0000, 0, 0, 0, 0, 0, 0, 0],
                [list[0], list[1024], list[0], list[0], list[0], list[0]],
            ),
            ("short input is padded with zeros", &[], [list[0]; WORDS]),
            ("bits past the 66th do not count", &[0, 0, 0, 0, 0, 0, 0, 0, 0b0011_1111, 0xff, 0xff], [list[0]; WORDS]),
        ];
        for (name, bytes, expected) in cases {
            let expected: Vec<String> = expected.iter().map(|w| w.nfc().collect()).collect();
            assert_eq!(fingerprint_words(bytes), expected, "{name}");
        }
    }

    #[test]
    fn the_same_bytes_give_the_same_words_and_one_byte_changes_them() {
        let a: Vec<u8> = (0u8..32).map(|i| i.wrapping_mul(37).wrapping_add(11)).collect();
        assert_eq!(fingerprint_words(&a), fingerprint_words(&a.clone()), "same bytes, same words");
        assert_eq!(fingerprint_words(&a).len(), WORDS);
        for i in 0..8 {
            let mut b = a.clone();
            b[i] ^= 0x01;
            assert_ne!(fingerprint_words(&a), fingerprint_words(&b), "byte {i} changed");
        }
        assert_eq!(fingerprint_words(&[0u8; 32])[0], "ábaco", "the Spanish list, with its accents");
    }

    #[test]
    fn card_file_names() {
        let cases: &[(&str, &str, &str)] = &[
            ("plain", "Laptop Ana", "tarjeta-laptop-ana.json"),
            ("accents and ñ", "Portátil Peña", "tarjeta-portatil-pena.json"),
            ("punctuation and spaces", "  Central / Oficina #2 ", "tarjeta-central-oficina-2.json"),
            ("nothing usable", "¿?", "tarjeta.json"),
        ];
        for (name, device, expected) in cases {
            assert_eq!(card_file_name(device), *expected, "{name}");
        }
    }

    #[test]
    fn new_passphrases() {
        let cases: &[(&str, &str, &str, Result<(), &str>)] = &[
            ("long enough, typed the same", "una frase larga", "una frase larga", Ok(())),
            ("exactly eight characters", "ocho1234", "ocho1234", Ok(())),
            ("seven characters", "siete12", "siete12", Err("error.passphrase_short")),
            ("empty", "", "", Err("error.passphrase_short")),
            ("accents count as one character", "contraseñá", "contraseñá", Ok(())),
            ("typed differently", "una frase larga", "una frase larga.", Err("error.passphrase_mismatch")),
        ];
        for (name, pass, again, expected) in cases {
            assert_eq!(check_new_passphrase(pass, again), *expected, "{name}");
        }
    }
}
