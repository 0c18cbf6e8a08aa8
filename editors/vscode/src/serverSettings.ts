//! Pure rules for what the server is told: the settings contract, workspace trust applied, section lookup, and the count behind the status item.

/** Mirrors the server's settings contract (`initializationOptions` and the `geonotes` section). */
export interface ServerSettings {
  diagnostics: {
    trigger: 'save' | 'change';
    debounceMs: number;
    severity: Record<string, string>;
  };
  inlayHints: { enable: boolean };
  knowledge: string[];
  source: { allowOutsideWorkspace: boolean; maxBytes: number };
}

/** Reads one `geonotes.*` key (without the prefix), falling back to `fallback`. */
export type SettingReader = <T>(key: string, fallback: T) => T;

export function buildSettings(read: SettingReader, trusted: boolean): ServerSettings {
  return {
    diagnostics: {
      trigger: read<'save' | 'change'>('diagnostics.trigger', 'save'),
      debounceMs: read<number>('diagnostics.debounceMs', 200),
      severity: { ...read<Record<string, string>>('diagnostics.severity', {}) },
    },
    inlayHints: { enable: read<boolean>('inlayHints.enable', false) },
    // Knowledge files from an untrusted workspace could point anywhere on disk.
    knowledge: trusted ? [...read<string[]>('knowledge', [])] : [],
    source: {
      // An untrusted clone must not make the server read files outside the workspace.
      allowOutsideWorkspace: trusted && read<boolean>('source.allowOutsideWorkspace', false),
      maxBytes: read<number>('source.maxBytes', 8388608),
    },
  };
}

/** The value of `section` (`geonotes` or a dotted path below it) within `settings`; null when absent. */
export function sectionOf(settings: ServerSettings, section: string): unknown {
  let value: unknown = settings;
  for (const key of section.split('.').slice(1)) {
    if (value === null || typeof value !== 'object') {
      return null;
    }
    value = (value as Record<string, unknown>)[key] ?? null;
  }
  return value;
}

const COUNTED_CODES = new Set(['unsupported-figure', 'unsupported-date']);

/** How many of `diagnostics` are geonotes' unsupported figures and dates. */
export function countUnsupported(
  diagnostics: readonly { source?: string; code?: string | number | { value: string | number } }[],
): number {
  return diagnostics.filter((d) => {
    if (d.source !== 'geonotes') {
      return false;
    }
    const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
    return COUNTED_CODES.has(String(code));
  }).length;
}
