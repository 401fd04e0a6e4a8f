#!/usr/bin/env bash
# Boots the unpacked Debian kernel under QEMU's software emulation (TCG) with the harness's initramfs and one
# iSCSI LUN passed through to the guest's sd driver (virtio-scsi + scsi-block, so the guest sees the target's
# sense data), the serial console at loglevel 8 written to LOG. Ends when the guest powers off or after LIMIT s.
# Usage: boot.sh CACHE_DIR RELEASE INITRAMFS ISCSI_URL LOG WRITE_EVERY SECONDS PROBE LIMIT
set -euo pipefail
cache=$1 release=$2 initramfs=$3 url=$4 log=$5 write_every=$6 seconds=$7 probe=$8 limit=$9
vmlinuz="$cache/root/boot/vmlinuz-$release"

exec timeout --signal=KILL "$limit" qemu-system-x86_64 \
  -machine pc -accel tcg -cpu max -smp 1 -m 512 \
  -nographic -no-reboot -nodefaults -serial "file:$log" -monitor none \
  -kernel "$vmlinuz" -initrd "$initramfs" \
  -append "console=ttyS0 loglevel=8 panic=-1 rdinit=/init sansim.write_every=$write_every sansim.seconds=$seconds sansim.probe=$probe" \
  -drive "file=$url,if=none,id=d0,format=raw,cache=none" \
  -device virtio-scsi-pci -device scsi-block,drive=d0
