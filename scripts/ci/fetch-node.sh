#!/usr/bin/env bash
# Prints the path of an official Node.js binary of exactly VERSION, fetched once from the npm registry
# (the node-<platform>-<arch> package ships it) and kept in a cache outside the repository:
# ${XDG_CACHE_HOME:-$HOME/.cache}/qobra-imports-ci/node-VERSION/node. npm checks the tarball against
# the registry's integrity hash. Usage: scripts/ci/fetch-node.sh 24.22.3
set -euo pipefail
version=${1:?usage: fetch-node.sh VERSION}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/qobra-imports-ci
binary=$cache/node-$version/node

if [ -x "$binary" ] && [ "$("$binary" --version 2>/dev/null)" = "v$version" ]; then
  echo "$binary"
  exit 0
fi

package=node-$(node -p 'process.platform + "-" + process.arch')@$version
mkdir -p "$cache"
work=$(mktemp -d "$cache/.fetch-XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "fetching $package from the npm registry" >&2
tarball=$(cd "$work" && npm pack "$package" --silent --no-audit --no-fund)
# Only the binary: the package also carries headers and docs (~50 MB compressed).
tar -xzf "$work/$tarball" -C "$work" package/bin/node
actual=$("$work/package/bin/node" --version)
if [ "$actual" != "v$version" ]; then
  echo "fetch-node: $package holds Node $actual, not v$version" >&2
  exit 1
fi
# Moved into place whole, so a run stopped half-way never leaves a broken binary in the cache.
rm -rf "$cache/node-$version"
mkdir -p "$work/node-$version"
mv "$work/package/bin/node" "$work/node-$version/node"
mv "$work/node-$version" "$cache/node-$version"
echo "$binary"
