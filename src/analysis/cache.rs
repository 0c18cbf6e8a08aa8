//! The per-document block cache, and the parallel analysis of the blocks it does not hold.

use crate::analysis::parsed::Earlier;
use crate::analysis::stored::{block_offset, StoredMention};
use crate::analysis::ParsedNote;
use crate::analysis::Source;
use crate::check::{BlockCheck, Finding};
use crate::kb::KnowledgeBase;
use crate::model::{PartialDate, Span};
use crate::notes::markdown::{Prose, ProseBlock};
use crate::prose;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A block's identity: a 128-bit hash of its prose and kind. xxh3 reads the prose at memory
/// speed (the keys of every block are computed on every edit), and 128 bits make a collision,
/// which would show one block's results for another, out of reach in practice.
pub(super) type BlockKey = u128;

/// Blocks by key; each block holds its own key, so a slot of the table is one pointer (a map
/// of key and block took 32 bytes a slot, a `u128` being aligned to 16). A note of half a
/// million distinct blocks has as many slots and more.
#[derive(Debug, Default)]
pub(super) struct BlockMap(hashbrown::HashTable<Arc<CachedBlock>>);

/// Keys are xxh3 hashes already: their low half serves as the table's hash.
pub(super) fn slot_hash(key: BlockKey) -> u64 {
    key as u64
}

impl BlockMap {
    pub(super) fn get(&self, key: BlockKey) -> Option<&Arc<CachedBlock>> {
        self.0.find(slot_hash(key), |b| b.key() == key)
    }

    pub(super) fn contains(&self, key: BlockKey) -> bool {
        self.get(key).is_some()
    }

    /// Add `block` under its key, replacing a block of the same key.
    pub(super) fn insert(&mut self, block: Arc<CachedBlock>) {
        let key = block.key();
        let same = |b: &Arc<CachedBlock>| b.key() == key;
        match self.0.entry(slot_hash(key), same, |b| slot_hash(b.key())) {
            hashbrown::hash_table::Entry::Occupied(mut slot) => *slot.get_mut() = block,
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(block);
            }
        }
    }

    pub(super) fn retain(&mut self, mut keep: impl FnMut(BlockKey) -> bool) {
        self.0.retain(|b| keep(b.key()));
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    pub(super) fn clear(&mut self) {
        self.0.clear();
    }
}

/// Per-block results of earlier analyses of one document. A block whose prose is unchanged
/// (same text, same kind) is not recognized or checked again, only moved: after a one-character
/// edit only the edited block is analyzed. The cache empties itself when the source, the
/// knowledge base or the publication date change.
#[derive(Debug)]
pub struct AnalysisCache {
    setting: u64,
    pub(super) blocks: BlockMap,
    /// The last text's markdown parse and line index, with the text's print (or the text, for
    /// a parse that requests made): the next analysis re-parses and re-indexes only around the
    /// edit.
    pub(super) earlier: Option<Earlier>,
    /// False for a one-off analysis: keeping the blocks and the parse would only raise the
    /// peak memory (by the size of the note and more) just before the cache is dropped.
    pub(super) remember: bool,
    /// Prose blocks longer than this many bytes are analyzed in pieces (`pieces`).
    pub(super) piece_limit: usize,
}

impl Default for AnalysisCache {
    fn default() -> AnalysisCache {
        AnalysisCache {
            setting: 0,
            blocks: BlockMap::default(),
            earlier: None,
            remember: true,
            piece_limit: super::pieces::DEFAULT_LIMIT,
        }
    }
}

/// A block analyzed at offset 0.
///
/// An edit reads only `key` (to find the block), `prose` and `check` of each unchanged block,
/// and on a large note each block it reads is a trip to memory: they come first (`repr(C)`
/// keeps the order), so with the reference count they share the allocation's first cache line
/// or two. A note of half a million different blocks holds as many of these: they keep no
/// more than later requests read (88 bytes, where the recognized block with its normalized
/// text took 144).
#[derive(Clone, Debug)]
#[repr(C)]
pub(super) struct CachedBlock {
    /// Its `BlockKey`, in halves: a `u128` field would align the block to 16 bytes.
    key: [u64; 2],
    /// The span of the block's prose, from its first to its last visible character (block
    /// offsets, which fit in 32 bits as `StoredMention`'s do).
    prose: [u32; 2],
    pub(super) check: Option<BlockCheck>,
    /// Sorted by start, spans relative to the block.
    pub(super) mentions: Box<[StoredMention]>,
    /// A heading's normalized text, its name in the outline; `None` for other blocks.
    pub(super) heading_text: Option<Box<str>>,
}

impl CachedBlock {
    /// Cache a block once it is checked. Its normalized text (a copy of the block, with its
    /// offset map) is needed only while it is recognized and checked: a huge note would hold
    /// its size again in them. A heading keeps its text for the outline.
    pub(super) fn new(
        key: BlockKey,
        recognized: prose::RecognizedBlock,
        check: Option<BlockCheck>,
        heading: bool,
    ) -> Self {
        let prose = recognized.to_document(&(0..recognized.norm.text.len()));
        CachedBlock {
            key: [key as u64, (key >> 64) as u64],
            prose: [block_offset(prose.start), block_offset(prose.end)],
            check,
            heading_text: heading.then(|| recognized.norm.text.into_boxed_str()),
            mentions: packed(recognized.mentions),
        }
    }

    /// How many findings the block reports.
    pub(super) fn finding_count(&self) -> usize {
        self.check.as_ref().map_or(0, BlockCheck::finding_count)
    }

    /// Finding `i` of the block, at block offsets: one of its own, or one written now from
    /// its claim's verdict and the mention's place.
    pub(super) fn finding(&self, i: usize) -> Option<std::borrow::Cow<'_, Finding>> {
        self.check.as_ref()?.finding(i, |mention| {
            let mention = self.mentions.get(mention as usize)?;
            Some((mention.span(), mention.number_span()))
        })
    }

    pub(super) fn key(&self) -> BlockKey {
        u128::from(self.key[0]) | u128::from(self.key[1]) << 64
    }

    /// The span of the block's prose, `shift` bytes later (at the block's document offset).
    pub(super) fn prose(&self, shift: usize) -> Span {
        self.prose[0] as usize + shift..self.prose[1] as usize + shift
    }
}

/// The mentions packed into an allocation of exactly their size. Collected from the
/// `Vec<Mention>` instead, they would be packed in place and the allocation shrunk after,
/// leaving the freed tail between live blocks.
fn packed(mentions: Vec<prose::Mention>) -> Box<[StoredMention]> {
    let mut out = Vec::with_capacity(mentions.len());
    out.extend(mentions.into_iter().map(StoredMention::pack));
    out.into_boxed_slice()
}

impl AnalysisCache {
    /// A cache for one analysis that keeps nothing afterwards.
    pub(super) fn disposable() -> AnalysisCache {
        AnalysisCache {
            remember: false,
            ..AnalysisCache::default()
        }
    }

    /// Start from `parsed` when the cache has no parse yet: the note's first analysis then
    /// shares the parse that requests made meanwhile read, instead of parsing again.
    pub fn seed(&mut self, parsed: ParsedNote) {
        if self.earlier.is_none() {
            self.earlier = Some(Earlier::Held(parsed));
        }
    }

    /// Whether the cache holds the parse of an earlier text.
    pub fn has_parse(&self) -> bool {
        self.earlier.is_some()
    }

    /// How many distinct blocks the cache holds: what the last analysis saw, plus up to a few
    /// hundred that edits left behind.
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    /// Drop the blocks no longer in the note (`keys`), once enough have piled up: each edit
    /// leaves its old block behind, and sweeping the map after every edit cost as much as the
    /// edit's recognition.
    pub(super) fn forget_blocks_not_in(&mut self, keys: &[BlockKey]) {
        let allowed = keys.len() + keys.len() / 8 + 256;
        if self.blocks.len() > allowed {
            let live: rustc_hash::FxHashSet<BlockKey> = keys.iter().copied().collect();
            self.blocks.retain(|key| live.contains(&key));
        }
    }

    /// Forget everything whenever what a block's result depends on changes.
    pub(super) fn prepare(
        &mut self,
        source: Source<'_>,
        kb: &KnowledgeBase,
        published: Option<PartialDate>,
    ) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        match source {
            Source::Loaded(article) => article.generation.hash(&mut h),
            Source::None => 0u64.hash(&mut h),
            Source::Unreadable { .. } => u64::MAX.hash(&mut h),
        }
        kb.identity().hash(&mut h);
        published.hash(&mut h);
        let setting = h.finish();
        if setting != self.setting {
            self.blocks.clear();
            self.setting = setting;
        }
    }
}

/// The keys of `blocks` (sorted and apart, as the parse and the pieces give them) of `text`.
/// A key says what a block's prose is without making it (the text with its blank runs
/// blanked): its text, its kind and where its blanks are. Keys of every block are computed
/// on every edit, so the blank runs are walked beside the blocks, not searched for each; the
/// walk starts at the first block's by binary search, as a hover's analysis keys one block.
pub(super) fn block_keys(text: &str, prose: &Prose, blocks: &[ProseBlock]) -> Vec<BlockKey> {
    let first = blocks.first().map_or(0, |block| {
        prose.blanks.partition_point(|b| b.end <= block.span.start)
    });
    let mut blanks = &prose.blanks[first..];
    blocks
        .iter()
        .map(|block| {
            let span = &block.span;
            while blanks.first().is_some_and(|b| b.end <= span.start) {
                blanks = &blanks[1..];
            }
            let inside = blanks.iter().take_while(|b| b.start < span.end).count();
            block_key(&text[span.clone()], block, &blanks[..inside])
        })
        .collect()
}

/// The key of `block`, whose text is `text` and whose blank runs (cut to it) are `blanks`.
fn block_key(text: &str, block: &ProseBlock, blanks: &[Span]) -> BlockKey {
    let kind = u64::from(block.heading) | u64::from(block.in_blockquote) << 1;
    let mut key = xxhash_rust::xxh3::xxh3_128_with_seed(text.as_bytes(), kind);
    // The blanks' places relative to the block, a few at a time through a buffer on the
    // stack, each batch's hash folded into the key.
    let span = &block.span;
    for batch in blanks.chunks(16) {
        let mut places = [0u8; 16 * 16];
        for (blank, place) in batch.iter().zip(places.chunks_exact_mut(16)) {
            let from = (blank.start.max(span.start) - span.start) as u64;
            let to = (blank.end.min(span.end) - span.start) as u64;
            place[..8].copy_from_slice(&from.to_le_bytes());
            place[8..].copy_from_slice(&to.to_le_bytes());
        }
        let hash = xxhash_rust::xxh3::xxh3_128(&places[..batch.len() * 16]);
        key = key.rotate_left(29) ^ hash;
    }
    key
}

/// Map `f` over `items` on the process's worker threads, keeping order. `weight` is an item's
/// size in bytes: small inputs (an edit re-analyzes one block) stay on the calling thread,
/// where waking the workers would cost more than it saves.
///
/// The workers live as long as the process (rayon's pool), for two reasons measured under
/// callgrind: threads spawned per analysis each built the date search's lazy automaton
/// afresh (its caches are kept per thread), 7% of the instructions of an analysis of
/// markdown from elsewhere; and blocks are handed out as the workers free up instead of in
/// two halves fixed beforehand, so a core slowed by its neighbours no longer holds the other
/// one up.
pub(super) fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    const MIN_BYTES_FOR_THREADS: usize = 64 * 1024;
    // A run of blocks is handed out at a time: one block is tens of bytes.
    const MIN_ITEMS_PER_TASK: usize = 16;
    // An edit re-analyzes a block or two: decided before asking how many cores there are.
    let total: usize = items.iter().map(&weight).sum();
    if total < MIN_BYTES_FOR_THREADS || items.len() < 2 || cores() == 1 {
        return items.iter().map(f).collect();
    }
    use rayon::prelude::*;
    // A worker that panics re-raises here, as if the work had run on this thread.
    items
        .par_iter()
        .with_min_len(MIN_ITEMS_PER_TASK)
        .map(&f)
        .collect()
}

/// Start the analysis's worker threads now, so that the first large note does not wait for
/// them to be spawned.
pub(crate) fn start_workers() {
    if cores() > 1 {
        rayon::broadcast(|_| ());
    }
}

/// The cores this process may use, asked once: the standard library reads the cgroup's CPU
/// quota from files each time, which cost an edit more than its recognition.
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys of the blocks at `spans` of `text`, blank at `blanks` (both as (start, end)).
    fn keys_of(text: &str, spans: &[(usize, usize)], blanks: &[(usize, usize)]) -> Vec<BlockKey> {
        let prose = Prose {
            blanks: blanks.iter().map(|&(start, end)| start..end).collect(),
            ..Prose::default()
        };
        let blocks: Vec<ProseBlock> = spans
            .iter()
            .map(|&(start, end)| ProseBlock {
                span: start..end,
                heading: false,
                in_blockquote: false,
            })
            .collect();
        block_keys(text, &prose, &blocks)
    }

    fn block(key: BlockKey, heading: bool) -> Arc<CachedBlock> {
        let recognized = prose::RecognizedBlock::default();
        Arc::new(CachedBlock::new(key, recognized, None, heading))
    }

    /// The table finds each block by the key it holds, also keys that share their low half
    /// (the table's hash), and a block inserted again under its key replaces the first.
    #[test]
    fn a_cached_block_takes_88_bytes() {
        assert_eq!(std::mem::size_of::<CachedBlock>(), 88);
    }

    #[test]
    fn the_block_map_finds_blocks_by_the_keys_they_hold() {
        let mut map = BlockMap::default();
        let keys = [1u128, 2, 1 | 5 << 64, u128::MAX, 0];
        for &key in &keys {
            map.insert(block(key, false));
        }
        assert_eq!(map.len(), keys.len());
        for &key in &keys {
            assert_eq!(map.get(key).map(|b| b.key()), Some(key));
        }
        assert!(!map.contains(3) && !map.contains(2 | 1 << 64));
        map.insert(block(2, true));
        assert_eq!(map.len(), keys.len());
        assert!(map.get(2).is_some_and(|b| b.heading_text.is_some()));
        map.retain(|key| key > 1);
        assert_eq!(map.len(), 3);
        assert!(!map.contains(1) && !map.contains(0) && map.contains(1 | 5 << 64));
        map.clear();
        assert_eq!(map.len(), 0);
    }

    /// Two blocks of the same text with different blank runs have different prose: different
    /// keys. The same block elsewhere in the note keeps its key.
    #[test]
    fn keys_tell_blocks_apart_by_where_their_prose_is_blank() {
        let text = "alpha beta gamma";
        let plain = keys_of(text, &[(0, 16)], &[]);
        let beta_blank = keys_of(text, &[(0, 16)], &[(6, 10)]);
        let alpha_blank = keys_of(text, &[(0, 16)], &[(0, 5)]);
        assert_ne!(plain, beta_blank);
        assert_ne!(beta_blank, alpha_blank);
        assert_ne!(plain, alpha_blank);
        let moved = keys_of("xx\n\nalpha beta gamma", &[(4, 20)], &[(10, 14)]);
        assert_eq!(moved, beta_blank);
        // Blanks are walked beside the blocks: each block gets its own.
        let two = keys_of(
            "alpha beta gamma\n\nalpha beta gamma",
            &[(0, 16), (18, 34)],
            &[(6, 10)],
        );
        assert_eq!(two, [beta_blank[0], plain[0]]);
    }

    /// A hover keys only the blocks at its position: their keys are those the whole note's
    /// keying gives them, whichever blank runs come before.
    #[test]
    fn keys_of_a_run_of_blocks_are_their_keys_in_the_whole_note() {
        let text = "alpha beta gamma\n\nalpha beta gamma\n\nalpha beta gamma\n\nalpha";
        let spans = [(0, 16), (18, 34), (36, 52), (54, 59)];
        let blanks = [(6, 10), (24, 28), (36, 41), (42, 46), (54, 55)];
        let whole = keys_of(text, &spans, &blanks);
        for from in 0..spans.len() {
            for to in from + 1..=spans.len() {
                let run = keys_of(text, &spans[from..to], &blanks);
                assert_eq!(run, whole[from..to], "blocks {from}..{to}");
            }
        }
        assert_ne!(whole[0], whole[2]);
        assert_eq!(whole[0], whole[1]);
    }

    /// Over the threshold the map runs on the workers and still keeps the items' order; a
    /// panic in one item reaches the caller, where the server turns it into an error.
    #[test]
    fn a_parallel_map_keeps_order_and_passes_a_panic_on() {
        let items: Vec<usize> = (0..5_000).collect();
        let weight = |_: &usize| 100;
        let threads = std::sync::Mutex::new(std::collections::HashSet::new());
        let doubled = parallel_map(&items, weight, |&i| {
            threads.lock().unwrap().insert(std::thread::current().id());
            i * 2
        });
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        let on_caller = threads
            .lock()
            .unwrap()
            .contains(&std::thread::current().id());
        assert!(
            cores() == 1 || !on_caller,
            "500 KB of items left the calling thread"
        );
        let small = parallel_map(&items[..10], weight, |_| std::thread::current().id());
        assert!(small.iter().all(|&id| id == std::thread::current().id()));
        let caught = std::panic::catch_unwind(|| {
            parallel_map(&items, weight, |&i| assert!(i != 4_321, "item {i}"))
        });
        let message = caught.expect_err("the panic reached the caller");
        assert_eq!(
            message.downcast_ref::<String>().map(String::as_str),
            Some("item 4321")
        );
    }
}
