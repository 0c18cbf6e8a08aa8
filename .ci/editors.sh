#!/usr/bin/env bash
# Editor integrations in CI: installs Neovim and Node when missing (so `cargo test` runs the real-Neovim
# test instead of skipping it), then type-checks, bundles and packages the VS Code extension.
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
npm run package
test -s geonotes.vsix
echo "editors: packaged editors/vscode/geonotes.vsix ($(wc -c < geonotes.vsix) bytes) in $((SECONDS - start)) s"
