//! What the server tells the client it can do, given what the client said it supports.

use super::convert::encoding_kind;
use super::state::Session;
use crate::ide::tokens::TOKEN_TYPES;
use tower_lsp_server::ls_types::*;

pub const CHECK_WORKSPACE: &str = "geonotes.checkWorkspace";

pub fn server_capabilities(session: &Session, full_sync: bool) -> ServerCapabilities {
    let sync = if full_sync {
        TextDocumentSyncKind::FULL
    } else {
        TextDocumentSyncKind::INCREMENTAL
    };
    ServerCapabilities {
        position_encoding: Some(encoding_kind(session.encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(sync),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["¶".to_string()]),
            ..CompletionOptions::default()
        }),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: TOKEN_TYPES
                        .iter()
                        .map(|t| SemanticTokenType::new(t))
                        .collect(),
                    token_modifiers: Vec::new(),
                },
                range: Some(true),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                ..SemanticTokensOptions::default()
            },
        )),
        inlay_hint_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![CHECK_WORKSPACE.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        diagnostic_provider: session.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("geonotes".to_string()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    }
}

/// Read what the client supports into the session.
pub fn read_client(params: &InitializeParams, session: &mut Session) {
    let caps = &params.capabilities;
    let text = caps.text_document.as_ref();
    session.link_support = text
        .and_then(|t| t.definition.as_ref())
        .and_then(|d| d.link_support)
        .unwrap_or(false);
    session.pull_diagnostics = text.is_some_and(|t| t.diagnostic.is_some());
    session.multiline_tokens = text
        .and_then(|t| t.semantic_tokens.as_ref())
        .and_then(|s| s.multiline_token_support)
        .unwrap_or(false);
    session.hierarchical_symbols = text
        .and_then(|t| t.document_symbol.as_ref())
        .and_then(|s| s.hierarchical_document_symbol_support)
        .unwrap_or(false);
    session.configuration_requests = caps
        .workspace
        .as_ref()
        .and_then(|w| w.configuration)
        .unwrap_or(false);
}
