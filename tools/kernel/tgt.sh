#!/usr/bin/env bash
# A tgt (Linux SCSI target framework) target on loopback for the harness: one file-backed LUN.
# Usage: tgt.sh start PORT CONTROL BACKING_FILE SIZE_MIB IQN   (prints tgtd's pid)
#        tgt.sh not-ready CONTROL      (LUN 1 off line as removable medium: tgt answers 02/3A/00)
#        tgt.sh stop PID CONTROL
set -euo pipefail
case "${1:-}" in
  start)
    port=$2 control=$3 backing=$4 size_mib=$5 iqn=$6
    rm -f "$backing"
    truncate -s "${size_mib}M" "$backing"
    tgtd -f -C "$control" --iscsi "portal=127.0.0.1:$port" > "$backing.tgtd.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 50); do
      tgtadm -C "$control" --lld iscsi --mode target --op show >/dev/null 2>&1 && break
      sleep 0.1
    done
    tgtadm -C "$control" --lld iscsi --mode target --op new --tid 1 --targetname "$iqn"
    tgtadm -C "$control" --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store "$backing"
    tgtadm -C "$control" --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL
    echo "$pid"
    ;;
  not-ready)
    control=$2
    tgtadm -C "$control" --lld iscsi --mode logicalunit --op update --tid 1 --lun 1 --params removable=1,online=0
    ;;
  stop)
    pid=$2 control=$3
    tgtadm -C "$control" --mode system --op delete --force >/dev/null 2>&1 || true
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || exit 0
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    ;;
  *)
    echo "usage: tgt.sh start|not-ready|stop ..." >&2
    exit 2
    ;;
esac
