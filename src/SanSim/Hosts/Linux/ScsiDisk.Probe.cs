using System.Buffers.Binary;
using System.Globalization;
using SanSim.Engine;
using SanSim.Hosts.Transport;
using SanSim.Scsi;

namespace SanSim.Hosts.Linux;

public sealed partial class ScsiDisk
{
    /// <summary>
    /// sd_probe / sd_revalidate_disk: spin up (sd_spinup_disk), READ CAPACITY(16) then (10), the write-protect flag
    /// and the caching mode page, with the lines sd.c prints, then "Attached SCSI disk". Runs at login and rescan only.
    /// </summary>
    internal void Probe(long cause, System.Action done)
    {
        SpinUp(cause, c => ReadCapacity(c, 0, c2 => ReadWriteProtect(c2, c3 => ReadCacheType(c3, c4 =>
        {
            if (_firstScan) SdPrint(Removable ? "Attached SCSI removable disk" : "Attached SCSI disk", c4);
            _firstScan = false;
            done();
        }))));
    }

    /// <summary>
    /// sd_revalidate_disk after a rescan of the device: the same commands as the probe; the capacity, write-protect
    /// and cache lines print again only when their values changed (sdkp->first_scan is over).
    /// </summary>
    public void Revalidate(long causeId = 0) => Probe(causeId, () => { });

    /// <summary>sdkp->first_scan: the probe's lines print unconditionally the first time only.</summary>
    private bool _firstScan = true;

    /// <summary>
    /// sd_spinup_disk: TEST UNIT READY (up to 3 tries while not good or a unit attention); on NOT READY (other than
    /// 04/03, 04/0B, 04/0C) START UNIT with IMMED=1 and "Spinning up disk...", then a TEST UNIT READY every second,
    /// a '.' each, until ready or 100 s; "ready" or "not responding...". The continued line is written whole at its end.
    /// </summary>
    private void SpinUp(long cause, Action<long> next)
    {
        SimTime? expire = null;
        int dots = 0;
        void Loop(long c) => Tur(c, 0, (resp, c2) =>
        {
            var s = resp is null ? null : Normalize(resp);
            bool good = resp is { IsGood: true };
            if (s is { Asc: 0x3A }) { next(c2); return; }
            if (good || s is null)
            {
                if (expire is not null) c2 = SpinLine(dots, good, c2);
                next(c2);
                return;
            }
            if (s.Value.Key == (byte)SenseKey.NotReady && !(s.Value.Asc == 4 && s.Value.Ascq is 0x03 or 0x0b or 0x0c))
            {
                if (expire is null)
                {
                    expire = Sim.Now + SimTime.FromSeconds(100);
                    Execute(CdbBuilder.StartStopUnit(start: true, immed: true), 0, _host.Options.CommandTimeout, c2, r =>
                        Sim.Scheduler.After(SimTime.FromSeconds(1), () => { dots++; Retry(r?.TraceId ?? c2); }));
                    return;
                }
                Sim.Scheduler.After(SimTime.FromSeconds(1), () => { dots++; Retry(c2); });
                return;
            }
            if (expire is not null)
                c2 = SpinLine(dots, false, c2);
            else
            {
                c2 = SdPrint("Unit Not Ready", c2);
                c2 = SdPrint(KernelFormats.SenseKeyLine(s.Value.Key, s.Value.Deferred, s.Value.Descriptor), c2);
                c2 = SdPrint(ScsiConstants.FormatAdditionalSense(s.Value.Asc, s.Value.Ascq), c2);
            }
            next(c2);
        });
        void Retry(long c)
        {
            if (expire is { } e && Sim.Now > e)
            {
                next(SpinLine(dots, false, c));
                return;
            }
            Loop(c);
        }
        Loop(cause);
    }

    /// <summary>"Spinning up disk..." (sd_printk) continued by printk(KERN_CONT) dots and the verdict: one record, past the SCSI log buffer's limit.</summary>
    private long SpinLine(int dots, bool ready, long cause) =>
        Klog.Print($"sd {Address}: [{Name}] Spinning up disk..." + new string('.', dots) + (ready ? "ready" : "not responding..."), cause);

    /// <summary>The inner TEST UNIT READY loop of sd_spinup_disk: up to three tries while not good (or a unit attention).</summary>
    private void Tur(long cause, int tries, Action<ScsiResponse?, long> done)
    {
        Execute(CdbBuilder.TestUnitReady(), 0, _host.Options.CommandTimeout, cause, resp =>
        {
            long c = resp is { TraceId: not 0 } ? resp.TraceId : cause;
            if (resp is not null && Normalize(resp) is { Asc: 0x3A }) { done(resp, c); return; }
            if (tries + 1 < 3 && resp is { IsGood: false }) Tur(c, tries + 1, done);
            else done(resp, c);
        });
    }

    /// <summary>Runs an internal command again after a unit attention (up to three tries, as sd's read_capacity and mode sense loops).</summary>
    private void Retrying(byte[] cdb, int dataIn, long cause, Action<ScsiResponse?, long> done, int tries = 0)
    {
        Execute(cdb, dataIn, _host.Options.CommandTimeout, cause, resp =>
        {
            long c = resp is { TraceId: not 0 } ? resp.TraceId : cause;
            if (resp is not null && Normalize(resp) is { Key: (byte)SenseKey.UnitAttention } && tries < 2)
                Retrying(cdb, dataIn, c, done, tries + 1);
            else done(resp, c);
        });
    }

    /// <summary>sd_read_capacity: READ CAPACITY(16) first (the device claims SPC-3 or later), READ CAPACITY(10) when refused; then sd_print_capacity.</summary>
    private void ReadCapacity(long cause, int stage, Action<long> next)
    {
        byte[] cdb = stage == 0 ? CdbBuilder.ReadCapacity16(32) : CdbBuilder.ReadCapacity10();
        Retrying(cdb, stage == 0 ? 32 : 8, cause, (resp, c) =>
        {
            if (resp is { IsGood: true } && resp.DataIn.Length >= (stage == 0 ? 12 : 8))
            {
                ulong oldCapacity = Capacity;
                if (stage == 0)
                {
                    Capacity = BinaryPrimitives.ReadUInt64BigEndian(resp.DataIn) + 1;
                    LogicalBlockSize = (int)BinaryPrimitives.ReadUInt32BigEndian(resp.DataIn.AsSpan(8));
                }
                else
                {
                    Capacity = (ulong)BinaryPrimitives.ReadUInt32BigEndian(resp.DataIn) + 1;
                    LogicalBlockSize = (int)BinaryPrimitives.ReadUInt32BigEndian(resp.DataIn.AsSpan(4));
                }
                if (LogicalBlockSize is not (512 or 1024 or 2048 or 4096)) LogicalBlockSize = 512;
                string dec = KernelFormats.StringGetSize(Capacity, (ulong)LogicalBlockSize, binary: false);
                string bin = KernelFormats.StringGetSize(Capacity, (ulong)LogicalBlockSize, binary: true);
                if (_firstScan || oldCapacity != Capacity)
                    c = SdPrint(string.Create(CultureInfo.InvariantCulture, $"{Capacity} {LogicalBlockSize}-byte logical blocks: ({dec}/{bin})"), c);
                next(c);
            }
            else if (stage == 0 && resp is not null && Normalize(resp) is { Key: (byte)SenseKey.IllegalRequest })
                ReadCapacity(c, 1, next);
            else next(c);
        });
    }

    /// <summary>
    /// sd_read_write_protect_flag: MODE SENSE(6) of all pages for the 4-byte header only (its first attempt);
    /// "Write Protect is off", then "Mode Sense: %4ph" of that header.
    /// </summary>
    private void ReadWriteProtect(long cause, Action<long> next)
    {
        Retrying(CdbBuilder.ModeSense6(0x3F, alloc: 4), 4, cause, (resp, c) =>
        {
            if (resp is { IsGood: true } && resp.DataIn.Length >= 4)
            {
                bool old = WriteProtected;
                WriteProtected = (resp.DataIn[2] & 0x80) != 0;
                if (_firstScan || old != WriteProtected)
                {
                    c = SdPrint("Write Protect is " + (WriteProtected ? "on" : "off"), c);
                    c = SdPrint($"Mode Sense: {resp.DataIn[0]:x2} {resp.DataIn[1]:x2} {resp.DataIn[2]:x2} {resp.DataIn[3]:x2}", c);
                }
            }
            else c = SdPrint("Test WP failed, assume Write Enabled", c);
            next(c);
        });
    }

    /// <summary>sd_read_cache_type: MODE SENSE(6) of the caching page; "Write cache: enabled, read cache: enabled, supports DPO and FUA".</summary>
    private void ReadCacheType(long cause, Action<long> next)
    {
        Retrying(CdbBuilder.ModeSense6(0x08, alloc: 64), 64, cause, (resp, c) =>
        {
            if (resp is { IsGood: true } && resp.DataIn.Length >= 4)
            {
                var d = resp.DataIn;
                var old = (WriteCacheEnabled, ReadCacheDisabled, SupportsFua);
                SupportsFua = (d[2] & 0x10) != 0;
                int offset = 4 + d[3];
                if (d.Length >= offset + 3 && (d[offset] & 0x3F) == 0x08)
                {
                    WriteCacheEnabled = (d[offset + 2] & 0x04) != 0;
                    ReadCacheDisabled = (d[offset + 2] & 0x01) != 0;
                }
                if (WriteCacheEnabled && WriteProtected) WriteCacheEnabled = false;
                if (_firstScan || old != (WriteCacheEnabled, ReadCacheDisabled, SupportsFua))
                    c = SdPrint($"Write cache: {(WriteCacheEnabled ? "enabled" : "disabled")}, read cache: {(ReadCacheDisabled ? "disabled" : "enabled")}, " +
                            (SupportsFua ? "supports DPO and FUA" : "doesn't support DPO or FUA"), c);
            }
            else
            {
                c = SdPrint("Asking for cache data failed", c);
                c = SdPrint("Assuming drive cache: write through", c);
            }
            next(c);
        });
    }
}
