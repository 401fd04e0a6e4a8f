#!/usr/bin/env bash
# Builds the guest's initramfs from the host's Debian packages and the unpacked kernel: busybox (static),
# mke2fs with the shared libraries ldd names and /etc/mke2fs.conf, the modules for virtio-pci, virtio_scsi,
# sd_mod and ext4 with their dependencies and soft dependencies (modprobe --show-depends on the unpacked tree,
# so the list in /modules is in load order), the guest's init script and its writer (/bin/app).
# Usage: initramfs.sh CACHE_DIR RELEASE OUT.cpio.gz
set -euo pipefail
cache=${1:?usage: initramfs.sh CACHE_DIR RELEASE OUT}
release=${2:?release}
out=${3:?output file}
here=$(cd "$(dirname "$0")" && pwd)
root="$cache/root"

for tool in busybox mke2fs cpio modprobe ldd; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/sbin/$tool" ] || { echo "initramfs: $tool is missing" >&2; exit 1; }
done
busybox=/bin/busybox
if ldd "$busybox" >/dev/null 2>&1; then
  echo "initramfs: $busybox is not static (install busybox-static)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,sbin,etc,proc,sys,dev,mnt,tmp,lib/modules}

cp "$busybox" "$work/bin/busybox"
mke2fs=$(command -v mke2fs || echo /sbin/mke2fs)
cp "$mke2fs" "$work/sbin/mke2fs"
cp /etc/mke2fs.conf "$work/etc/mke2fs.conf"
# The dynamic loader and every library mke2fs links, at the same paths as on the host.
ldd "$mke2fs" | grep -o '/[^ ]*' | while read -r lib; do
  mkdir -p "$work$(dirname "$lib")"
  cp -L "$lib" "$work$lib"
done

# Modules in load order, each once.
: > "$work/modules"
for module in virtio_pci virtio_scsi sd_mod crc32c_generic ext4; do
  /sbin/modprobe -d "$root" -S "$release" --show-depends "$module" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r ko; do
  name=$(basename "$ko")
  cp "$ko" "$work/lib/modules/$name"
  echo "/lib/modules/$name" >> "$work/modules"
done

cp "$here/init" "$work/init"
cp "$here/app" "$work/bin/app"
chmod +x "$work/init" "$work/bin/app"
(cd "$work" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out"
