//! One synchronous function per feature: snapshot + LSP params → LSP result, calling `crate::ide`
//! for the substance. The async shells in `server.rs` only fetch the snapshot and guard these.

use super::convert::TextPos;
use super::diagnostics::{fix_of, to_diagnostics};
use super::state::{ArticleRef, DocKind, Session, Snapshot};
use crate::ide::{self, Note};
use crate::kb::KnowledgeBase;
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

/// The pieces every note feature needs.
pub struct NoteView<'a> {
    pub note: Note<'a>,
    pub pos: TextPos<'a>,
    pub article: Option<(&'a ArticleRef, TextPos<'a>)>,
}

pub fn note_view<'a>(
    snap: &'a Snapshot,
    kb: &'a KnowledgeBase,
    session: &Session,
) -> Option<NoteView<'a>> {
    let DocKind::Note { analysis, article } = &snap.kind else {
        return None;
    };
    Some(NoteView {
        note: Note {
            text: &snap.text,
            analysis,
            article: article.as_ref().map(|a| &*a.article),
            kb,
        },
        pos: TextPos {
            text: &snap.text,
            lines: &analysis.lines,
            encoding: session.encoding,
        },
        article: article.as_ref().map(|a| {
            let apos = TextPos {
                text: &a.article.text,
                lines: &a.article.lines,
                encoding: session.encoding,
            };
            (a, apos)
        }),
    })
}

pub fn hover(
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
    at: Position,
) -> Option<Hover> {
    let (info, pos) = match &snap.kind {
        DocKind::Article(article) => {
            let pos = TextPos {
                text: &snap.text,
                lines: &article.lines,
                encoding: session.encoding,
            };
            (
                ide::hover::hover_in_article(article, kb, pos.offset(at))?,
                pos,
            )
        }
        DocKind::Note { .. } => {
            let view = note_view(snap, kb, session)?;
            let info = ide::hover::hover(&view.note, view.pos.offset(at))?;
            (info, view.pos)
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: info.markdown,
        }),
        range: Some(pos.range(&info.span)),
    })
}

pub fn definition(
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
    at: Position,
) -> Option<GotoDefinitionResponse> {
    let view = note_view(snap, kb, session)?;
    let (article, apos) = view.article.as_ref()?;
    let targets = ide::definition::definition(&view.note, view.pos.offset(at));
    if targets.is_empty() {
        return None;
    }
    if session.link_support {
        let links = targets.iter().map(|t| LocationLink {
            origin_selection_range: Some(view.pos.range(&t.origin)),
            target_uri: article.uri.clone(),
            target_range: apos.range(&t.range),
            target_selection_range: apos.range(&t.selection),
        });
        return Some(GotoDefinitionResponse::Link(links.collect()));
    }
    let locations = targets
        .iter()
        .map(|t| Location::new(article.uri.clone(), apos.range(&t.selection)));
    Some(GotoDefinitionResponse::Array(locations.collect()))
}

/// Mentions of the entity at `at` in this note, the other open notes and the article.
pub fn references(
    uri: &Uri,
    snap: &Snapshot,
    others: &[(Uri, std::sync::Arc<Snapshot>)],
    kb: &KnowledgeBase,
    session: &Session,
    at: Position,
) -> Option<Vec<Location>> {
    let view = note_view(snap, kb, session)?;
    let id = ide::references::entity_at(&view.note, view.pos.offset(at))?;
    let mut out: Vec<Location> = Vec::new();
    let mut add_note = |uri: &Uri, view: &NoteView| {
        for span in ide::references::in_note(view.note.analysis, kb, id) {
            out.push(Location::new(uri.clone(), view.pos.range(&span)));
        }
    };
    add_note(uri, &view);
    for (other_uri, other) in others.iter().filter(|(u, _)| u != uri) {
        if let Some(other_view) = note_view(other, kb, session) {
            add_note(other_uri, &other_view);
        }
    }
    if let Some((article, apos)) = &view.article {
        for span in ide::references::in_article(&article.article, kb, id) {
            out.push(Location::new(article.uri.clone(), apos.range(&span)));
        }
    }
    Some(out)
}

pub fn diagnostics(snap: &Snapshot, kb: &KnowledgeBase, session: &Session) -> Vec<Diagnostic> {
    note_view(snap, kb, session).map_or_else(Vec::new, |view| to_diagnostics(&view))
}

pub fn code_actions(
    uri: &Uri,
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    };
    let mut out: Vec<CodeActionOrCommand> = params
        .context
        .diagnostics
        .iter()
        .filter_map(|d| fix_of(d).map(|fix| (d, fix)))
        .map(|(d, fix)| {
            CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(edit(vec![TextEdit::new(fix.range, fix.replacement)])),
                is_preferred: Some(true),
                ..CodeAction::default()
            })
        })
        .collect();
    if let Some(view) = note_view(snap, kb, session) {
        let range = view.pos.span(params.range);
        for action in ide::actions::actions(&view.note, &range) {
            let edits = action
                .edits
                .iter()
                .map(|(span, text)| TextEdit::new(view.pos.range(span), text.clone()));
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title,
                kind: Some(CodeActionKind::QUICKFIX),
                edit: Some(edit(edits.collect())),
                ..CodeAction::default()
            }));
        }
    }
    out
}

fn symbol_kind(kind: &ide::symbols::SymbolKind) -> SymbolKind {
    use crate::model::EntityKind;
    match kind {
        ide::symbols::SymbolKind::Heading => SymbolKind::NAMESPACE,
        ide::symbols::SymbolKind::Entity(EntityKind::Actor) => SymbolKind::CLASS,
        ide::symbols::SymbolKind::Entity(EntityKind::Treaty) => SymbolKind::INTERFACE,
        ide::symbols::SymbolKind::Entity(EntityKind::Weapon) => SymbolKind::CONSTANT,
        ide::symbols::SymbolKind::Entity(EntityKind::Event) => SymbolKind::EVENT,
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the LSP structs
pub fn document_symbols(
    uri: &Uri,
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
) -> Option<DocumentSymbolResponse> {
    let view = note_view(snap, kb, session)?;
    let symbols = ide::symbols::document_symbols(&view.note);
    if session.hierarchical_symbols {
        let nested = symbols.iter().map(|s| DocumentSymbol {
            name: s.name.clone(),
            detail: Some(s.detail.clone()),
            kind: symbol_kind(&s.kind),
            tags: None,
            deprecated: None,
            range: view.pos.range(&s.span),
            selection_range: view.pos.range(&s.span),
            children: None,
        });
        return Some(DocumentSymbolResponse::Nested(nested.collect()));
    }
    let flat = symbols.iter().map(|s| SymbolInformation {
        name: s.name.clone(),
        kind: symbol_kind(&s.kind),
        tags: None,
        deprecated: None,
        location: Location::new(uri.clone(), view.pos.range(&s.span)),
        container_name: Some(s.detail.clone()),
    });
    Some(DocumentSymbolResponse::Flat(flat.collect()))
}

#[allow(deprecated)] // `deprecated` is a required field of the LSP structs
pub fn workspace_symbols(
    articles: &[&ArticleRef],
    kb: &KnowledgeBase,
    session: &Session,
    query: &str,
) -> Vec<SymbolInformation> {
    let mut out = Vec::new();
    for article in articles {
        let apos = TextPos {
            text: &article.article.text,
            lines: &article.article.lines,
            encoding: session.encoding,
        };
        for s in ide::symbols::workspace_symbols(&article.article, kb, query) {
            out.push(SymbolInformation {
                name: s.name.clone(),
                kind: symbol_kind(&s.kind),
                tags: None,
                deprecated: None,
                location: Location::new(article.uri.clone(), apos.range(&s.span)),
                container_name: Some(s.detail),
            });
        }
    }
    out
}

pub fn completion(
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
    at: Position,
) -> Option<CompletionResponse> {
    let view = note_view(snap, kb, session)?;
    let items = ide::completion::complete(&view.note, view.pos.offset(at))
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label,
            detail: Some(c.detail),
            kind: Some(match c.kind {
                ide::completion::CompletionKind::Paragraph => CompletionItemKind::REFERENCE,
                ide::completion::CompletionKind::Entity(_) => CompletionItemKind::CONSTANT,
            }),
            filter_text: None,
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                view.pos.range(&c.replace),
                c.insert,
            ))),
            ..CompletionItem::default()
        });
    Some(CompletionResponse::Array(items.collect()))
}

pub fn semantic_tokens(
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
    range: Option<Range>,
) -> Option<SemanticTokens> {
    let view = note_view(snap, kb, session)?;
    let span = range.map_or(0..snap.text.len(), |r| view.pos.span(r));
    let mut data = Vec::new();
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for token in ide::tokens::tokens(&view.note, &span) {
        // One token per line: multi-line tokens are split for clients that cannot take them.
        let first = view.note.analysis.lines.line_of(token.span.start);
        let last = view.note.analysis.lines.line_of(token.span.end);
        for line in first..=last {
            let line_span = view.note.analysis.lines.line_span(&snap.text, line);
            let piece = token.span.start.max(line_span.start)..token.span.end.min(line_span.end);
            if piece.is_empty() {
                continue;
            }
            let range = view.pos.range(&piece);
            let (l, c) = (range.start.line, range.start.character);
            data.push(SemanticToken {
                delta_line: l - prev_line,
                delta_start: if l == prev_line { c - prev_col } else { c },
                length: range.end.character - c,
                token_type: token.kind,
                token_modifiers_bitset: 0,
            });
            (prev_line, prev_col) = (l, c);
        }
    }
    Some(SemanticTokens {
        result_id: None,
        data,
    })
}

pub fn inlay_hints(
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
    range: Range,
) -> Option<Vec<InlayHint>> {
    if !session.settings.inlay_hints {
        return Some(Vec::new());
    }
    let view = note_view(snap, kb, session)?;
    let hints = ide::inlay::inlay_hints(&view.note, &view.pos.span(range))
        .into_iter()
        .map(|h| InlayHint {
            position: view.pos.position(h.offset),
            label: InlayHintLabel::String(h.label),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    Some(hints.collect())
}

pub fn document_links(
    snap: &Snapshot,
    kb: &KnowledgeBase,
    session: &Session,
) -> Option<Vec<DocumentLink>> {
    let view = note_view(snap, kb, session)?;
    let (article, _) = view.article.as_ref()?;
    let links = ide::links::links(&view.note)
        .into_iter()
        .map(|l| DocumentLink {
            range: view.pos.range(&l.span),
            target: match l.line {
                // `#L<n>` (1-based) is how VS Code and others open a file at a line.
                Some(line) => format!("{}#L{}", article.uri.as_str(), line + 1)
                    .parse()
                    .ok(),
                None => Some(article.uri.clone()),
            },
            tooltip: Some(l.tooltip),
            data: None,
        });
    Some(links.collect())
}
