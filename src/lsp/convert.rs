//! LSP positions and ranges ↔ byte offsets: the only place the server converts them, always
//! through `crate::position::LineIndex`. Incoming positions are clamped; outgoing ones are
//! built from the text they refer to.

use crate::model::Span;
use crate::position::{Encoding, LineCol, LineIndex};
use tower_lsp_server::ls_types::{
    ClientInfo, InitializeParams, Position, PositionEncodingKind, Range,
};

/// A text and its line index, in the negotiated encoding.
pub struct TextPos<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub encoding: Encoding,
}

impl TextPos<'_> {
    pub fn offset(&self, pos: Position) -> usize {
        self.lines
            .to_offset(self.text, line_col(pos), self.encoding)
    }

    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        a.min(b)..a.max(b)
    }

    pub fn position(&self, offset: usize) -> Position {
        let lc = self.lines.to_line_col(self.text, offset, self.encoding);
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, span: &Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }
}

pub fn line_col(pos: Position) -> LineCol {
    LineCol {
        line: pos.line,
        col: pos.character,
    }
}

/// UTF-8 when the client offers it (fewer conversions), else UTF-16, which every client supports.
pub fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

pub fn encoding_kind(encoding: Encoding) -> PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
    }
}

/// Neovim before 0.10 loses the final newline with incremental sync (after `:%delete`).
pub fn needs_full_sync(client: Option<&ClientInfo>) -> bool {
    let Some(client) = client.filter(|c| c.name.eq_ignore_ascii_case("neovim")) else {
        return false;
    };
    let Some(version) = &client.version else {
        return false;
    };
    let mut parts = version
        .trim_start_matches('v')
        .split(|c: char| !c.is_ascii_digit())
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) < (0, 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_sync_only_for_neovim_before_0_10() {
        let cases = [
            ("Neovim", Some("0.7.2"), true),
            ("Neovim", Some("v0.9.5"), true),
            ("Neovim", Some("0.10.0"), false),
            ("Neovim", Some("0.11.0-dev+g1234"), false),
            ("Neovim", None, false),
            ("Visual Studio Code", Some("0.7.0"), false),
        ];
        for (name, version, expected) in cases {
            let info = ClientInfo {
                name: name.into(),
                version: version.map(Into::into),
            };
            assert_eq!(needs_full_sync(Some(&info)), expected, "{name} {version:?}");
        }
        assert!(!needs_full_sync(None));
    }

    #[test]
    fn ranges_round_trip_in_both_encodings() {
        let text = "Путин 👍 said\r\nnext";
        let lines = LineIndex::new(text);
        let said = text.find("said").unwrap();
        for (encoding, col) in [(Encoding::Utf16, 9), (Encoding::Utf8, 16)] {
            let tp = TextPos {
                text,
                lines: &lines,
                encoding,
            };
            let range = tp.range(&(said..said + 4));
            assert_eq!(
                range,
                Range::new(Position::new(0, col), Position::new(0, col + 4))
            );
            assert_eq!(tp.span(range), said..said + 4);
            // Past the end of a line clamps before the CRLF.
            assert_eq!(tp.offset(Position::new(0, 999)), said + 4);
        }
    }
}
