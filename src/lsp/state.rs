//! The server's shared state and the note pipeline: open documents → source article → core
//! analysis, cached per document version and invalidated when an article or setting changes.
//!
//! Locks are std mutexes held only for short synchronous sections, never across an `.await`.

use super::documents::Documents;
use super::settings::Settings;
use super::source::{self, SourceRequest};
use crate::analysis::{self, AnalysisCache, NoteAnalysis, NoteOptions, Source};
use crate::article::Article;
use crate::config::Severities;
use crate::kb::KnowledgeBase;
use crate::model::PartialDate;
use crate::notes::frontmatter::FrontMatter;
use crate::position::{Encoding, LineCol};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use tower_lsp_server::ls_types::Uri;

/// What the client told us at `initialize`.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub encoding: Encoding,
    pub settings: Settings,
    pub folders: Vec<PathBuf>,
    pub link_support: bool,
    pub pull_diagnostics: bool,
    pub multiline_tokens: bool,
    pub hierarchical_symbols: bool,
    pub configuration_requests: bool,
}

/// The article a note is checked against, and the URI to show it under.
#[derive(Clone)]
pub struct ArticleRef {
    pub uri: Uri,
    pub path: PathBuf,
    pub article: Arc<Article>,
}

pub enum DocKind {
    Note {
        analysis: Box<NoteAnalysis>,
        article: Option<ArticleRef>,
    },
    /// A non-markdown document, read as an article (hover works there too).
    Article(Arc<Article>),
}

/// One analyzed version of an open document.
pub struct Snapshot {
    pub version: i32,
    pub text: Arc<String>,
    pub kind: DocKind,
    generation: u64,
}

type ArticleKey = (PathBuf, Option<PartialDate>);

/// What a note's inputs depend on besides the file system: its front matter (`source:`,
/// `published:`) and the generation (settings, project files, articles).
#[derive(Clone, Copy, PartialEq)]
struct InputsKey {
    front_matter: u64,
    generation: u64,
}

/// A note's inputs, what they were resolved for, and when.
struct ResolvedInputs {
    key: InputsKey,
    resolved: Instant,
    inputs: Arc<NoteInputs>,
}

/// Typing resolves a note's project and source again at most this often: each resolution
/// reads the project file and checks the source path, which an edit of the body cannot change.
const INPUTS_FRESH_FOR: Duration = Duration::from_secs(2);

/// What a note is analyzed with: its options and its source (`None`: none is named).
#[derive(Clone)]
struct NoteInputs {
    options: NoteOptions,
    loaded: Option<Result<ArticleRef, String>>,
}

impl NoteInputs {
    /// The source, when it was loaded.
    fn article(&self) -> Option<ArticleRef> {
        self.loaded.as_ref().and_then(|l| l.as_ref().ok()).cloned()
    }

    /// What the analysis is told about the source.
    fn source(&self) -> Source<'_> {
        match &self.loaded {
            Some(Ok(loaded)) => Source::Loaded(&loaded.article),
            Some(Err(reason)) => Source::Unreadable { reason },
            None => Source::None,
        }
    }
}

pub struct State {
    pub docs: Mutex<Documents>,
    pub session: RwLock<Session>,
    /// Set at the first use: the built-in base is built while the server starts, and the
    /// answer to `initialize` does not wait for it (`kb()`).
    kb: RwLock<Option<Arc<KnowledgeBase>>>,
    articles: Mutex<HashMap<ArticleKey, Arc<Article>>>,
    /// Canonical paths that some note uses as its article.
    article_paths: Mutex<HashSet<PathBuf>>,
    /// The last whole analysis of each open document that has had one; `None` once the
    /// document is edited (that analysis is stale, and it holds the old text).
    snapshots: Mutex<HashMap<String, Option<Arc<Snapshot>>>>,
    /// Per-block results of each open note's last analysis: an edit re-analyzes only the blocks
    /// it changed.
    caches: Mutex<HashMap<String, Arc<Mutex<AnalysisCache>>>>,
    /// The inputs last resolved for each open note: publishing resolves them to see whether
    /// the note has a usable source, the analysis that follows reuses them, and so do the
    /// edits after it.
    inputs: Mutex<HashMap<String, ResolvedInputs>>,
    /// Bumped when an article, the knowledge base or a setting changes: older snapshots are stale.
    generation: AtomicU64,
    pub shutdown_requested: AtomicBool,
    pub parent_died: tokio::sync::Notify,
    /// Whether the test-only `geonotes/debug*` requests are honoured.
    pub debug_requests: bool,
    /// Frames written to the output directly, beside tower-lsp-server's (set by `serve`).
    /// Large notifications go this way: the library would first turn them into a
    /// `serde_json::Value` tree, which for thousands of diagnostics costs more than the analysis.
    pub outbox: std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<super::frame::Outgoing>>,
    /// Texts of large didOpens, taken out of their frames by the framing adapter.
    pub lifted: super::lifted::LiftedTexts,
    /// Each open note's last diagnostics frame, whose unchanged parts the next one copies.
    pub frames: super::diagnostics::FrameMemos,
    /// The parse of each open note whose first analysis is under way, shared with requests.
    pub first_parses: super::first_parse::FirstParses,
    /// Background analyses wait for a pause in the requests at a position.
    pub pauses: super::pauses::Pauses,
}

impl State {
    pub fn new(debug_requests: bool) -> State {
        State {
            docs: Mutex::default(),
            session: RwLock::default(),
            kb: RwLock::new(None),
            articles: Mutex::default(),
            article_paths: Mutex::default(),
            snapshots: Mutex::default(),
            caches: Mutex::default(),
            inputs: Mutex::default(),
            generation: AtomicU64::new(0),
            shutdown_requested: AtomicBool::new(false),
            parent_died: tokio::sync::Notify::new(),
            debug_requests,
            outbox: std::sync::OnceLock::new(),
            lifted: super::lifted::LiftedTexts::default(),
            frames: super::diagnostics::FrameMemos::default(),
            first_parses: super::first_parse::FirstParses::default(),
            pauses: super::pauses::Pauses::default(),
        }
    }

    pub fn session(&self) -> Session {
        self.session.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn encoding(&self) -> Encoding {
        self.session.read().map(|s| s.encoding).unwrap_or_default()
    }

    pub fn settings(&self) -> Settings {
        self.session
            .read()
            .map(|s| s.settings.clone())
            .unwrap_or_default()
    }

    pub fn kb(&self) -> Arc<KnowledgeBase> {
        if let Some(kb) = self.kb.read().ok().and_then(|slot| slot.clone()) {
            return kb;
        }
        // The built-in base: waits for its build if it is under way (`run_lsp` starts it).
        let builtin = Arc::new(KnowledgeBase::builtin());
        match self.kb.write() {
            Ok(mut slot) => slot.get_or_insert(builtin).clone(),
            Err(_) => builtin,
        }
    }

    /// Everything computed so far is stale (an article, the knowledge base or settings changed).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut articles) = self.articles.lock() {
            articles.clear();
        }
    }

    /// Changes whenever cached analyses become stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Whether `path` is an article some note uses.
    pub fn is_article(&self, path: &Path) -> bool {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.article_paths
            .lock()
            .is_ok_and(|p| p.contains(&canonical) || p.contains(path))
    }

    pub fn set_kb(&self, kb: KnowledgeBase) {
        if let Ok(mut slot) = self.kb.write() {
            *slot = Some(Arc::new(kb));
        }
        self.invalidate();
    }

    pub fn open_uris(&self) -> Vec<String> {
        self.docs
            .lock()
            .map(|d| d.uris().cloned().collect())
            .unwrap_or_default()
    }

    /// An open document's text, version and language id.
    fn open_text(&self, uri: &str) -> Option<(Arc<String>, i32, String)> {
        let docs = self.docs.lock().ok()?;
        let doc = docs.get(uri)?;
        Some((doc.text(), doc.version, doc.language.clone()))
    }

    /// Parse a note whose first analysis has not been made, so that the first request at a
    /// position finds the parse ready (`first_parses`) instead of waiting for it.
    pub async fn parse_ahead(&self, uri: &Uri) {
        let Some((text, _, language)) = self.open_text(uri.as_str()) else {
            return;
        };
        if !self.is_analyzed(uri) && is_note(uri, &language) {
            drop(self.first_parses.get(uri.as_str(), &text).await);
        }
    }

    /// Let go of `uri`'s last analysis, which an edit made stale: before the edit is applied,
    /// so that the document holds the only reference to its text and edits it in place (on a
    /// huge note, the old and new texts side by side were the edit's peak). Requests that hold
    /// it keep it until done.
    pub fn forget_stale_snapshot(&self, uri: &str) {
        let stale = self
            .snapshots
            .lock()
            .ok()
            .and_then(|mut snaps| snaps.get_mut(uri).and_then(Option::take));
        let Some(Ok(Snapshot { text, kind, .. })) = stale.map(Arc::try_unwrap) else {
            return; // none, or still held by a request or the frame memo: it goes with them
        };
        drop(text);
        // Dropping a huge note's analysis (its block list and findings) takes milliseconds:
        // not on the protocol task, which has the edit to apply.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn_blocking(move || drop(kind))),
            Err(_) => drop(kind),
        }
    }

    /// Whether `uri` has been analyzed whole (some version of it).
    pub fn is_analyzed(&self, uri: &Uri) -> bool {
        self.snapshots
            .lock()
            .map_or(true, |snaps| snaps.contains_key(uri.as_str()))
    }

    pub fn current_version(&self, uri: &str) -> Option<i32> {
        self.docs.lock().ok()?.get(uri).map(|d| d.version)
    }

    pub fn forget(&self, uri: &str) {
        if let Ok(mut s) = self.snapshots.lock() {
            s.remove(uri);
        }
        if let Ok(mut c) = self.caches.lock() {
            c.remove(uri);
        }
        if let Ok(mut i) = self.inputs.lock() {
            i.remove(uri);
        }
        self.frames.forget(uri);
        self.first_parses.forget(uri);
    }

    /// The block cache of an open note (a closed note gets a throwaway one).
    fn analysis_cache(&self, uri: &Uri) -> Arc<Mutex<AnalysisCache>> {
        let open = self
            .docs
            .lock()
            .is_ok_and(|d| d.get(uri.as_str()).is_some());
        match self.caches.lock() {
            Ok(mut caches) if open => caches.entry(uri.as_str().to_string()).or_default().clone(),
            _ => Arc::default(),
        }
    }

    /// The analyzed current version of an open document (`None` when it is not open).
    pub async fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        let key = uri.as_str();
        let (text, version, language) = self.open_text(key)?;
        let generation = self.generation.load(Ordering::SeqCst);
        let stale = {
            let mut snaps = self.snapshots.lock().ok()?;
            if let Some(Some(snap)) = snaps.get(key) {
                if snap.version == version
                    && snap.generation == generation
                    && Arc::ptr_eq(&snap.text, &text)
                {
                    return Some(snap.clone());
                }
            }
            // An older version is of no use to anyone who asks from now on (they wait for this
            // analysis), and it holds the old text, block list and findings: let it go before
            // the new analysis builds its own (those who hold it already keep it until done).
            snaps.get_mut(key).and_then(Option::take)
        };
        drop(stale);
        let kb = self.kb();
        let kind = if is_note(uri, &language) {
            self.analyze_note(uri, true, text.clone(), kb).await
        } else {
            let article_text = text.to_string();
            let article =
                tokio::task::spawn_blocking(move || Article::parse(article_text, &kb, None))
                    .await
                    .ok()?;
            DocKind::Article(Arc::new(article))
        };
        let snap = Arc::new(Snapshot {
            version,
            text,
            kind,
            generation,
        });
        if let Ok(mut snaps) = self.snapshots.lock() {
            let newer = snaps
                .get(key)
                .is_some_and(|s| s.as_ref().is_some_and(|s| s.version > version));
            if !newer {
                snaps.insert(key.to_string(), Some(snap.clone()));
            }
        }
        // Requests analyze their position only until the first snapshot exists.
        self.first_parses.forget(key);
        Some(snap)
    }

    /// Analyze a note that is not open (for `geonotes.checkWorkspace`).
    pub async fn analyze_closed_note(&self, uri: &Uri, text: Arc<String>) -> Snapshot {
        let kind = self.analyze_note(uri, false, text.clone(), self.kb()).await;
        Snapshot {
            version: 0,
            text,
            kind,
            generation: self.generation.load(Ordering::SeqCst),
        }
    }

    /// The articles of the analyzed open notes, once each.
    pub fn known_articles(&self) -> Vec<Arc<Snapshot>> {
        self.snapshots
            .lock()
            .map(|s| {
                s.values()
                    .flatten()
                    .filter(|s| {
                        matches!(
                            &s.kind,
                            DocKind::Note {
                                article: Some(_),
                                ..
                            }
                        )
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Everything a note's analysis needs besides its text: settings, the project file and the
    /// source article (read off the protocol task).
    async fn resolve_inputs(&self, uri: &Uri, text: &str, kb: &Arc<KnowledgeBase>) -> NoteInputs {
        let session = self.session();
        let note_path = uri.to_file_path().map(|p| p.into_owned());
        let front_matter = FrontMatter::parse(text);
        let written_source = front_matter
            .get("source")
            .map(|f| f.value.clone())
            .filter(|v| !v.trim().is_empty());
        // The project file is read off the protocol task, like the source.
        let project_dir = note_path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| session.folders.first().cloned());
        let project = match project_dir {
            Some(dir) => tokio::task::spawn_blocking(move || crate::workspace::load_project(&dir))
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
                .unwrap_or_else(|message| {
                    tracing::warn!("{message}");
                    crate::workspace::Project::default()
                }),
            None => crate::workspace::Project::default(),
        };
        let options = NoteOptions {
            severities: Severities::merged([&project.config.severity, &session.settings.severity]),
            published: project.published(),
        };
        let published = analysis::published_date(&front_matter, &options);
        let source_string = written_source.or_else(|| {
            project
                .config
                .source
                .as_deref()
                .map(|s| project.resolve(s).display().to_string())
        });
        let loaded = match source_string {
            None => None,
            Some(source) => Some(
                self.load_article(
                    SourceRequest {
                        note: note_path,
                        workspace_folders: session.folders.clone(),
                        source,
                        allow_outside_workspace: session.settings.allow_outside_workspace,
                        max_bytes: session.settings.max_bytes,
                    },
                    published,
                    kb,
                )
                .await,
            ),
        };
        NoteInputs { options, loaded }
    }

    /// The inputs of an open note (`open`), resolved again only when its front matter or the
    /// generation changed, or after `INPUTS_FRESH_FOR` (a source created or removed without a
    /// file event is seen that late); those of a closed note, every time.
    async fn inputs_for(
        &self,
        uri: &Uri,
        open: bool,
        text: &str,
        kb: &Arc<KnowledgeBase>,
    ) -> Arc<NoteInputs> {
        let key = InputsKey {
            front_matter: xxhash_rust::xxh3::xxh3_64(
                &text.as_bytes()[FrontMatter::parse(text).span],
            ),
            generation: self.generation.load(Ordering::SeqCst),
        };
        if open {
            let memo = self.inputs.lock().ok();
            if let Some(memo) = memo.as_ref().and_then(|m| m.get(uri.as_str())) {
                if memo.key == key && memo.resolved.elapsed() < INPUTS_FRESH_FOR {
                    return memo.inputs.clone();
                }
            }
        }
        let resolved = Instant::now();
        let inputs = Arc::new(self.resolve_inputs(uri, text, kb).await);
        if let (true, Ok(mut memo)) = (open, self.inputs.lock()) {
            let entry = ResolvedInputs {
                key,
                resolved,
                inputs: inputs.clone(),
            };
            memo.insert(uri.as_str().to_string(), entry);
        }
        inputs
    }

    /// While a note has never been analyzed whole (its first analysis is under way), the
    /// analysis of just the blocks around `at`, for a hover or a definition there: a block
    /// takes microseconds where the whole of a large note takes tens of milliseconds. `None`
    /// once a whole analysis exists (the next one, after an edit, is quick), and for an
    /// article. Not kept.
    pub async fn range_snapshot(&self, uri: &Uri, at: LineCol) -> Option<Snapshot> {
        if self.is_analyzed(uri) {
            return None;
        }
        let (text, version, language) = self.open_text(uri.as_str())?;
        if !is_note(uri, &language) {
            return None;
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let kb = self.kb();
        let inputs = self.inputs_for(uri, true, &text, &kb).await;
        let encoding = self.encoding();
        let article = inputs.article();
        let parsed = self.first_parses.get(uri.as_str(), &text).await?;
        let analysis = tokio::task::spawn_blocking(move || {
            let note = parsed.text();
            let offset = parsed.lines().to_offset(note, at, encoding);
            super::guard::guarded("range analysis", || {
                let source = inputs.source();
                analysis::analyze_range(&parsed, offset..offset, source, &kb, &inputs.options)
            })
        })
        .await
        .ok()?
        .ok()?;
        Some(Snapshot {
            version,
            text,
            kind: DocKind::Note {
                analysis: Box::new(analysis),
                article,
            },
            generation,
        })
    }

    /// The current version analyzed without recognition, when the note has no usable source
    /// (none named, or it cannot be read): its findings need no recognition, so they can be
    /// published before the full analysis that hovers use. Not kept as the document's
    /// snapshot. `None` when the note has a loaded source or is not open.
    pub async fn sourceless_snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let (text, version, language) = self.open_text(uri.as_str())?;
        if !is_note(uri, &language) {
            return None;
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let inputs = self.inputs_for(uri, true, &text, &self.kb()).await;
        if matches!(inputs.loaded, Some(Ok(_))) {
            return None;
        }
        let note = text.clone();
        let analysis = tokio::task::spawn_blocking(move || {
            analysis::analyze_without_source(&note, inputs.source(), &inputs.options)
        })
        .await
        .ok()??;
        Some(Snapshot {
            version,
            text,
            kind: DocKind::Note {
                analysis: Box::new(analysis),
                article: None,
            },
            generation,
        })
    }

    async fn analyze_note(
        &self,
        uri: &Uri,
        open: bool,
        text: Arc<String>,
        kb: Arc<KnowledgeBase>,
    ) -> DocKind {
        let started = std::time::Instant::now();
        let inputs = self.inputs_for(uri, open, &text, &kb).await;
        let (note_text, used) = (text.clone(), inputs.clone());
        let loaded_at = started.elapsed();
        let cache = self.analysis_cache(uri);
        // A note's first analysis shares its parse with the requests that arrive meanwhile.
        let unparsed = open && cache.lock().is_ok_and(|c| !c.has_parse());
        if unparsed {
            if let Some(parsed) = self.first_parses.get(uri.as_str(), &text).await {
                if let Ok(mut cache) = cache.lock() {
                    cache.seed(parsed);
                }
            }
        }
        let analysis = tokio::task::spawn_blocking(move || {
            let (source, options) = (used.source(), &used.options);
            super::guard::guarded("analysis", || {
                // A poisoned cache (an earlier analysis panicked) may be half-updated: start over.
                let mut cache = cache.lock().unwrap_or_else(|poisoned| {
                    let mut cache = poisoned.into_inner();
                    *cache = AnalysisCache::default();
                    cache
                });
                analysis::analyze_note_cached(&note_text, source, &kb, options, &mut cache)
            })
        })
        .await;
        tracing::debug!(
            "{}: project and source ready after {loaded_at:?}, analyzed after {:?}",
            uri.as_str(),
            started.elapsed()
        );
        let analysis = match analysis {
            Ok(Ok(analysis)) => analysis,
            _ => {
                tracing::error!(
                    "analysis of {} failed; serving it without findings",
                    uri.as_str()
                );
                analysis::analyze_note(
                    "",
                    Source::None,
                    &KnowledgeBase::builtin(),
                    &NoteOptions::default(),
                )
            }
        };
        DocKind::Note {
            analysis: Box::new(analysis),
            article: inputs.article(),
        }
    }

    /// The article a note names: the open document when the editor has it open, else the file.
    async fn load_article(
        &self,
        req: SourceRequest,
        published: Option<PartialDate>,
        kb: &Arc<KnowledgeBase>,
    ) -> Result<ArticleRef, String> {
        let resolve_req = req.clone();
        let path = tokio::task::spawn_blocking(move || source::resolve(&resolve_req))
            .await
            .unwrap_or_else(|e| Err(e.to_string()))?;
        if let Ok(mut paths) = self.article_paths.lock() {
            paths.insert(path.clone());
        }
        if let Some((uri, text)) = self.open_document_at(&path) {
            let kb = kb.clone();
            let article = tokio::task::spawn_blocking(move || {
                Article::parse(text.to_string(), &kb, published)
            })
            .await
            .map_err(|e| e.to_string())?;
            return Ok(ArticleRef {
                uri,
                path,
                article: Arc::new(article),
            });
        }
        let key = (path.clone(), published);
        let cached = self.articles.lock().ok().and_then(|a| a.get(&key).cloned());
        let article = match cached {
            Some(article) => article,
            None => {
                let read = source::load(req).await?;
                let kb = kb.clone();
                let article = tokio::task::spawn_blocking(move || {
                    Arc::new(Article::parse(read.text, &kb, published))
                })
                .await
                .map_err(|e| e.to_string())?;
                if let Ok(mut articles) = self.articles.lock() {
                    articles.insert(key, article.clone());
                }
                article
            }
        };
        let uri = Uri::from_file_path(&path)
            .ok_or_else(|| format!("{} has no file URI", path.display()))?;
        Ok(ArticleRef { uri, path, article })
    }

    fn open_document_at(&self, path: &Path) -> Option<(Uri, Arc<String>)> {
        let docs = self.docs.lock().ok()?;
        let uri = docs
            .uris()
            .filter_map(|u| u.parse::<Uri>().ok())
            .find(|u| {
                u.to_file_path().is_some_and(|p| {
                    p == path || std::fs::canonicalize(&*p).is_ok_and(|c| c == path)
                })
            })?;
        let text = docs.get(uri.as_str())?.text();
        Some((uri, text))
    }
}

/// Notes are markdown; anything else open in the editor is treated as an article.
pub fn is_note(uri: &Uri, language: &str) -> bool {
    language == "markdown" || {
        let path = uri.path().as_str().to_ascii_lowercase();
        path.ends_with(".md") || path.ends_with(".markdown")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "# Notes\n\nRussia sent 300,000 troops.\n\nChina sent 3,200.\n";

    /// Open the short note `NOTE` as `name` in a directory that does not exist.
    fn open_note(state: &State, name: &str) -> Uri {
        let uri: Uri = format!("file:///nonexistent-geonotes-dir/{name}")
            .parse()
            .expect("uri");
        if let Ok(mut docs) = state.docs.lock() {
            docs.open(uri.as_str(), NOTE.into(), 1, "markdown");
        }
        uri
    }

    fn block_count(state: &State, uri: &Uri) -> Option<usize> {
        let caches = state.caches.lock().ok()?;
        let cache = caches.get(uri.as_str())?.lock().ok()?;
        Some(cache.block_count())
    }

    #[tokio::test]
    async fn an_open_note_keeps_its_block_cache_until_it_closes() {
        let state = State::new(false);
        let uri = open_note(&state, "cache.md");
        assert!(state.snapshot(&uri).await.is_some());
        assert_eq!(block_count(&state, &uri), Some(3));
        state.forget(uri.as_str());
        assert_eq!(block_count(&state, &uri), None);
    }

    #[tokio::test]
    async fn requests_before_the_first_analysis_share_its_parse() {
        let state = State::new(false);
        let uri = open_note(&state, "first.md");
        for line in [2, 4, 0, 2] {
            let at = LineCol { line, col: 1 };
            assert!(state.range_snapshot(&uri, at).await.is_some());
        }
        assert_eq!(state.first_parses.made(), 1, "one parse for every request");
        // The first analysis takes the same parse, and requests use the analysis from then on.
        assert!(state.snapshot(&uri).await.is_some());
        assert_eq!(state.first_parses.made(), 1);
        let at = LineCol { line: 2, col: 1 };
        assert!(state.range_snapshot(&uri, at).await.is_none());

        // Without requests before it, the first analysis makes the parse through the slot.
        let other = open_note(&state, "second.md");
        assert!(state.snapshot(&other).await.is_some());
        assert_eq!(state.first_parses.made(), 2);
    }
}
