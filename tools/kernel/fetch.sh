#!/usr/bin/env bash
# Downloads Debian's kernel for the harness and unpacks it (no install): the linux-image-amd64 metapackage
# names the versioned image package it depends on; that .deb is unpacked with dpkg-deb -x, and depmod writes
# modules.dep into the unpacked tree so modprobe can resolve module dependencies offline.
# Usage: fetch.sh CACHE_DIR   (prints the kernel release, e.g. 6.1.0-56-amd64)
set -euo pipefail
cache=${1:?usage: fetch.sh CACHE_DIR}
mkdir -p "$cache/debs"
cd "$cache/debs"

if ! ls linux-image-amd64_*.deb >/dev/null 2>&1; then
  apt-get download linux-image-amd64 >&2
fi
meta=$(ls linux-image-amd64_*.deb | sort -V | tail -n 1)
# Depends: linux-image-6.1.0-56-amd64 (= 6.1.192-2)
image=$(dpkg-deb -f "$meta" Depends | tr ',' '\n' | sed -n 's/^ *\(linux-image-[0-9][^ ]*\).*/\1/p' | head -n 1)
if [ -z "$image" ]; then
  echo "fetch: cannot read the image package from $meta's Depends" >&2
  exit 1
fi
if ! ls "${image}"_*.deb >/dev/null 2>&1; then
  apt-get download "$image" >&2
fi
deb=$(ls "${image}"_*.deb | sort -V | tail -n 1)

root="$cache/root"
release=${image#linux-image-}
if [ ! -f "$root/lib/modules/$release/modules.dep" ]; then
  rm -rf "$root"
  mkdir -p "$root"
  dpkg-deb -x "$deb" "$root"
  depmod -b "$root" "$release"
fi
dpkg-deb -f "$deb" Version > "$cache/kernel-package-version"
echo "$release" > "$cache/kernel-release"
echo "$release"
