#!/usr/bin/env bash
# Vendors Chart.js into the desk: npm pack (the registry, never a CDN), keep the UMD build and its licence.
set -euo pipefail
version=4.6.1
target="$(cd "$(dirname "$0")/.." && pwd)/src/Coordination.Api/wwwroot/lib/chart.js/$version"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "chart.js@$version" --silent >/dev/null && tar -xzf "chart.js-$version.tgz")
mkdir -p "$target"
cp "$work/package/dist/chart.umd.min.js" "$target/"
cp "$work/package/LICENSE.md" "$target/"
echo "Chart.js $version → $target"
