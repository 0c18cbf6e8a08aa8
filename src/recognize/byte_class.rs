//! What an ASCII byte is to the scans that walk prose byte by byte: a letter, a digit, the `_`
//! that joins words, or anything else (every byte of a multi-byte char included).

pub(crate) const OTHER: u8 = 0;
pub(crate) const LETTER: u8 = 1;
pub(crate) const DIGIT: u8 = 2;
/// `_`: joins words, as letters and digits do.
pub(crate) const JOINER: u8 = 3;

/// Each byte's class, looked up once per byte.
pub(crate) const CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c == b'_' {
            JOINER
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// The class of `byte`.
pub(crate) fn of(byte: u8) -> u8 {
    CLASS[usize::from(byte)]
}
