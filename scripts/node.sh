#!/usr/bin/env bash
# Runs a command with a Node.js new enough for Astro 7 (>= 22.12) first on PATH.
#
# Why: the machines this project is built on ship Node 20, and there is no internet but the npm
# registry. If the node on PATH is too old, we fetch the official Node 24 binary package
# (node-<os>-<arch>, published on the npm registry by the Node.js project) with `npm pack`, which
# checks the tarball against the registry's integrity hash and runs no install script, and unpack it
# into a cache folder. Later calls reuse it. Used by every npm script and by .ci/run, so the README's
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
    echo "scripts/node.sh: Node $(node --version 2>/dev/null || echo '(none)') is too old; fetching node-$os-$arch@$NODE_VERSION from the npm registry into $dir" >&2
    mkdir -p "$cache"
    tmp="$(mktemp -d "$cache/.fetch.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack --silent "node-$os-$arch@$NODE_VERSION" >/dev/null)
    mkdir -p "$tmp/unpacked"
    tar -xzf "$tmp"/node-"$os"-"$arch"-*.tgz -C "$tmp/unpacked"
    rm -rf "$dir"
    mv "$tmp/unpacked/package" "$dir"
    rm -rf "$tmp"
    trap - EXIT
  fi
  export PATH="$dir/bin:$PATH"
  node_ok || { echo "scripts/node.sh: $dir/bin/node does not run" >&2; exit 1; }
fi

exec "$@"
