#!/usr/bin/env bash
# Editor integrations in CI: installs Neovim and Node when missing (run it before `cargo test` and the
# real-Neovim test runs instead of skipping), type-checks, bundles and packages the VS Code extension,
# then runs the extension end to end in code-server.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if ((${#missing[@]} > 0)); then
  echo "editors: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "editors: $(nvim --version | head -n 1), node $(node --version), npm $(npm --version)"

cd editors/vscode
start=$SECONDS
npm ci --no-audit --no-fund
npm run compile
npm test
npm run package
test -s geonotes.vsix
echo "editors: packaged editors/vscode/geonotes.vsix ($(wc -c < geonotes.vsix) bytes) in $((SECONDS - start)) s"

# End-to-end: the packaged extension in code-server under headless Chromium, against the built
# server. GEONOTES_E2E=0 skips it.
if [ "${GEONOTES_E2E:-1}" = "0" ]; then
  echo "editors: e2e skipped (GEONOTES_E2E=0)"
  exit 0
fi
cd ../..
[ -x target/debug/geonotes ] || cargo build --locked
start=$SECONDS
bash editors/vscode/e2e/install.sh
GEONOTES_BIN="$PWD/target/debug/geonotes" node editors/vscode/e2e/run.mjs
echo "editors: e2e passed in $((SECONDS - start)) s"
