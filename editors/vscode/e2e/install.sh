#!/usr/bin/env bash
# Installs what the code-server end-to-end test needs: Debian's chromium and ripgrep, the headers
# code-server's native modules build against, then `npm ci` here.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
for pkg in chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# code-server's VS Code pins @vscode/ripgrep 1.15.11, whose install script fetches a ripgrep build
# from GitHub. It first looks in its download cache: seed that with Debian's rg, packed as the
# asset it expects, so the install needs only the npm registry.
cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
asset="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$asset" ]; then
  mkdir -p "$cache"
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  tar czf "$asset" -C "$staging" rg
  rm -rf "$staging"
fi

# code-server refuses to build as root without unsafe-perm; node-pty's install runs `npx node-gyp`,
# which must not stop to ask.
npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund
