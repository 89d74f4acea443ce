#!/usr/bin/env bash
# Runs a command with a Node.js new enough for Astro 7 (>= 22.12) first on PATH.
#
# Why: the machines this project is built on ship Node 20, and there is no internet but the npm
# registry. If the node on PATH is too old, we fetch the official Node 24 binary package
# (node-<os>-<arch>, published on the npm registry by the Node.js project), check it against the
# registry's integrity hash, and unpack it into a cache folder; no install script runs. Later calls reuse it. Used by every npm script and by .ci/run, so the README's
# commands and CI share one way of getting Node.
#
# usage: scripts/node.sh <command> [args...]
set -euo pipefail

NODE_VERSION="${PROJECT_NODE_VERSION:-24.21.0}"
MIN_MAJOR=22
MIN_MINOR=12

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  local v major minor
  v="$(node -p 'process.versions.node' 2>/dev/null)" || return 1
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  [ "$major" -gt "$MIN_MAJOR" ] || { [ "$major" -eq "$MIN_MAJOR" ] && [ "$minor" -ge "$MIN_MINOR" ]; }
}

# Downloads package $1 into $2/node.tgz, showing progress, and checks it against the registry's
# integrity hash. With curl and openssl: curl's progress bar (a line every 5 s when stderr is not a
# terminal, as in CI logs). Without them: `npm pack`, which checks the hash itself, with a
# still-working line every 5 s (it prints nothing while it downloads).
fetch_with_progress() {
  local pkg="$1" dest="$2" tarball integrity
  if command -v curl >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1 \
    && tarball="$(npm view "$pkg" dist.tarball 2>/dev/null)" && [ -n "$tarball" ] \
    && integrity="$(npm view "$pkg" dist.integrity 2>/dev/null)" && [ "${integrity#sha512-}" != "$integrity" ]; then
    if [ -t 2 ]; then
      curl -fL --progress-bar -o "$dest/node.tgz" "$tarball"
    else
      curl -fsSL -o "$dest/node.tgz" "$tarball" &
      local pid=$!
      while kill -0 "$pid" 2>/dev/null; do
        sleep 5
        kill -0 "$pid" 2>/dev/null && echo "scripts/node.sh: … $(( $(wc -c <"$dest/node.tgz" 2>/dev/null || echo 0) / 1048576 )) MB so far" >&2
      done
      wait "$pid"
    fi
    local actual
    actual="$(openssl dgst -sha512 -binary "$dest/node.tgz" | openssl base64 -A)"
    if [ "$actual" != "${integrity#sha512-}" ]; then
      echo "scripts/node.sh: $pkg does not match the registry's integrity hash; not using it" >&2
      exit 1
    fi
  else
    (cd "$dest" && npm pack --silent "$pkg" >/dev/null) &
    local pid=$! waited=0
    while kill -0 "$pid" 2>/dev/null; do
      sleep 5
      waited=$((waited + 5))
      kill -0 "$pid" 2>/dev/null && echo "scripts/node.sh: … still downloading ($waited s)" >&2
    done
    wait "$pid"
    mv "$dest"/node-*.tgz "$dest/node.tgz"
  fi
}

if ! node_ok; then
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) echo "scripts/node.sh: please install Node.js >= $MIN_MAJOR.$MIN_MINOR (found $(node --version 2>/dev/null || echo none))" >&2; exit 1 ;;
  esac
  case "$(uname -m)" in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) echo "scripts/node.sh: no Node.js package for $(uname -m); install Node.js >= $MIN_MAJOR.$MIN_MINOR" >&2; exit 1 ;;
  esac
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cache="${PROJECT_NODE_CACHE:-$root/.cache/node}"
  dir="$cache/node-$os-$arch-$NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    pkg="node-$os-$arch@$NODE_VERSION"
    echo "scripts/node.sh: Node $(node --version 2>/dev/null || echo '(none)') is too old for Astro 7; fetching $pkg (about 50 MB, once) from the npm registry into $dir" >&2
    mkdir -p "$cache"
    tmp="$(mktemp -d "$cache/.fetch.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    fetch_with_progress "$pkg" "$tmp"
    mkdir -p "$tmp/unpacked"
    tar -xzf "$tmp/node.tgz" -C "$tmp/unpacked"
    rm -rf "$dir"
    mv "$tmp/unpacked/package" "$dir"
    rm -rf "$tmp"
    trap - EXIT
    echo "scripts/node.sh: Node $NODE_VERSION is ready; later runs reuse it" >&2
  fi
  export PATH="$dir/bin:$PATH"
  node_ok || { echo "scripts/node.sh: $dir/bin/node does not run" >&2; exit 1; }
fi

exec "$@"
