//! The `LanguageServer` implementation: thin async shells that update state or fetch a
//! snapshot, then call a guarded synchronous handler.
//!
//! Document changes are applied synchronously at the top of the notification handler, before
//! any `.await`, so they land in arrival order even with concurrent handlers. Requests do their
//! synchronous work off the protocol task (`liveness::off_protocol_task`), so a heavy answer
//! does not hold up the edits behind it.

use super::backend::{parent_alive, workspace_folders, Backend, PARENT_POLL};
use super::capabilities::{self, CHECK_WORKSPACE};
use super::convert::{line_col, needs_full_sync, negotiate_encoding};
use super::documents::Edit;
use super::guard::guarded;
use super::handlers;
use super::liveness::off_protocol_task;
use super::settings::{Settings, Trigger};
use super::state::DocKind;
use serde_json::Value;
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let full_sync = needs_full_sync(params.client_info.as_ref());
        let session = {
            let Ok(mut session) = self.state.session.write() else {
                return Err(Error::internal_error());
            };
            session.encoding = negotiate_encoding(&params);
            session.folders = workspace_folders(&params);
            capabilities::read_client(&params, &mut session);
            if let Some(options) = &params.initialization_options {
                session.settings = Settings::from_json(options);
            }
            session.clone()
        };
        if let Some(pid) = params.process_id {
            let state = self.state.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(PARENT_POLL).await;
                    if !parent_alive(pid) {
                        tracing::warn!("the editor (process {pid}) is gone; exiting");
                        state.parent_died.notify_one();
                        return;
                    }
                }
            });
        }
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(&session, full_sync),
            server_info: Some(ServerInfo {
                name: "geonotes".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Compile the recognizers' patterns while the editor is still opening files, so the
        // first note does not pay for it. Off the protocol task: the knowledge base may still
        // be being built (`run_lsp`), and the messages behind this one must not wait for it.
        // The date patterns need no knowledge base, so they are compiled meanwhile.
        let state = self.state.clone();
        tokio::task::spawn_blocking(move || {
            crate::recognize::quantities::prepare();
            crate::analysis::warm_up(&state.kb());
        });
        self.pull_configuration();
        let settings = self.state.settings();
        if !settings.knowledge.is_empty() {
            let mut without = settings.clone();
            without.knowledge.clear();
            if let Ok(mut session) = self.state.session.write() {
                session.settings = without;
            }
            self.apply_settings(settings);
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.state
            .shutdown_requested
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let mut doc = params.text_document;
        if doc.text.is_empty() {
            // A large text arrives beside its notification (`lifted`).
            if let Some(text) = self.state.lifted.take(doc.uri.as_str(), doc.version) {
                doc.text = text;
            }
        }
        tracing::debug!("didOpen {} ({} bytes)", doc.uri.as_str(), doc.text.len());
        if let Ok(mut docs) = self.state.docs.lock() {
            // The document keeps the text itself, not a copy.
            let text = std::mem::take(&mut doc.text);
            docs.open(doc.uri.as_str(), text, doc.version, &doc.language_id);
        }
        self.state.frames.opened(doc.uri.as_str());
        self.after_article_change(&doc.uri);
        self.publish(doc.uri, None);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let edits: Vec<Edit> = params
            .content_changes
            .into_iter()
            .map(|c| Edit {
                range: c.range.map(|r| (line_col(r.start), line_col(r.end))),
                text: c.text,
            })
            .collect();
        let encoding = self.state.encoding();
        self.state.forget_stale_snapshot(uri.as_str());
        let applied = guarded("didChange", || {
            if let Ok(mut docs) = self.state.docs.lock() {
                docs.change(uri.as_str(), version, &edits, encoding);
            }
        });
        if applied.is_err() {
            tracing::error!(
                "{}: an edit could not be applied; ask the editor to reopen the file",
                uri.as_str()
            );
        }
        let settings = self.state.settings();
        if self.after_article_change(&uri) {
            return;
        }
        if settings.trigger == Trigger::Change {
            self.publish(
                uri,
                Some((Duration::from_millis(settings.debounce_ms), version)),
            );
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if !self.after_article_change(&params.text_document.uri) {
            self.publish(params.text_document.uri, None);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Ok(mut docs) = self.state.docs.lock() {
            docs.close(uri.as_str());
        }
        self.state.forget(uri.as_str());
        self.gates.forget(uri.as_str());
        self.after_article_change(&uri);
        if !self.state.session().pull_diagnostics {
            super::backend::send_diagnostics(&self.state, &self.client, uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match &params.settings {
            Value::Object(map) if !map.is_empty() => {
                self.apply_settings(Settings::from_json(&params.settings))
            }
            _ => self.pull_configuration(),
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let relevant = params.changes.iter().any(|c| {
            c.uri.to_file_path().is_some_and(|p| {
                self.state.is_article(&p)
                    || p.file_name()
                        .is_some_and(|n| n == crate::workspace::PROJECT_FILE)
            })
        });
        if relevant {
            self.state.invalidate();
            self.republish_all();
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some(snap) = self.snapshot_at(&p.text_document.uri, p.position).await else {
            return Ok(None);
        };
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("hover", move || {
            handlers::hover(&snap, &kb, &session, p.position)
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let Some(snap) = self.snapshot_at(&p.text_document.uri, p.position).await else {
            return Ok(None);
        };
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("definition", move || {
            handlers::definition(&snap, &kb, &session, p.position)
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let Some(snap) = self.snapshot(&p.text_document.uri).await else {
            return Ok(None);
        };
        let mut others = Vec::new();
        for uri in self
            .state
            .open_uris()
            .iter()
            .filter_map(|u| u.parse::<Uri>().ok())
        {
            if let Some(other) = self.snapshot(&uri).await {
                others.push((uri, other));
            }
        }
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("references", move || {
            handlers::references(
                &p.text_document.uri,
                &snap,
                &others,
                &kb,
                &session,
                p.position,
            )
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri).await else {
            return Ok(None);
        };
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("documentSymbol", move || {
            handlers::document_symbols(&uri, &snap, &kb, &session)
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        for uri in self
            .state
            .open_uris()
            .iter()
            .filter_map(|u| u.parse::<Uri>().ok())
        {
            let _ = self.snapshot(&uri).await;
        }
        let notes = self.state.known_articles();
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("workspaceSymbol", move || {
            let mut articles: Vec<&super::state::ArticleRef> = notes
                .iter()
                .filter_map(|s| match &s.kind {
                    DocKind::Note {
                        article: Some(a), ..
                    } => Some(a),
                    _ => None,
                })
                .collect();
            articles.sort_by(|a, b| a.path.cmp(&b.path));
            articles.dedup_by(|a, b| a.path == b.path);
            Some(WorkspaceSymbolResponse::Flat(handlers::workspace_symbols(
                &articles,
                &kb,
                &session,
                &params.query,
            )))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let Some(snap) = self.snapshot(&uri).await else {
            return Ok(None);
        };
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("codeAction", move || {
            Some(handlers::code_actions(&uri, &snap, &kb, &session, &params))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let Some(snap) = self.snapshot(&p.text_document.uri).await else {
            return Ok(None);
        };
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("completion", move || {
            handlers::completion(&snap, &kb, &session, p.position)
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("semanticTokens", move || {
            handlers::semantic_tokens(&snap, &kb, &session, None).map(SemanticTokensResult::Tokens)
        })
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("semanticTokens", move || {
            handlers::semantic_tokens(&snap, &kb, &session, Some(params.range))
                .map(SemanticTokensRangeResult::Tokens)
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("inlayHint", move || {
            handlers::inlay_hints(&snap, &kb, &session, params.range)
        })
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let (kb, session) = (self.state.kb(), self.state.session());
        off_protocol_task("documentLink", move || {
            handlers::document_links(&snap, &kb, &session)
        })
        .await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let snap = self.snapshot(&params.text_document.uri).await;
        let (kb, session) = (self.state.kb(), self.state.session());
        let items = match snap {
            Some(snap) => {
                off_protocol_task("diagnostic", move || {
                    handlers::diagnostics(&snap, &kb, &session)
                })
                .await?
            }
            None => Vec::new(),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command != CHECK_WORKSPACE {
            return Err(Error::invalid_params(format!(
                "unknown command {}",
                params.command
            )));
        }
        self.check_workspace()
            .await
            .map(|count| Some(Value::from(count)))
    }
}
