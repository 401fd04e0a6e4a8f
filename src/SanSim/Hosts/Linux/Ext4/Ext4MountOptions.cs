using System.Globalization;
using SanSim.Engine;

namespace SanSim.Hosts.Linux.Ext4;

/// <summary>ext4's errors= mount option: what __ext4_error / ext4_handle_error do after an error.</summary>
public enum Ext4ErrorsBehavior
{
    /// <summary>errors=remount-ro (the default on most distributions).</summary>
    RemountRo,
    /// <summary>errors=continue (an aborted journal still forces read-only).</summary>
    Continue,
    /// <summary>errors=panic: the host panics.</summary>
    Panic,
}

/// <summary>Mount options the model honours, plus the application that writes to the filesystem.</summary>
public sealed record Ext4MountOptions
{
    public Ext4ErrorsBehavior Errors { get; init; } = Ext4ErrorsBehavior.RemountRo;

    /// <summary>commit=: jbd2's commit interval (JBD2_DEFAULT_MAX_COMMIT_AGE, 5 s).</summary>
    public SimTime CommitInterval { get; init; } = SimTime.FromSeconds(5);

    /// <summary>How often the application writes one block of its file; null for no writer.</summary>
    public SimTime? WriteEvery { get; init; } = SimTime.FromSeconds(5);

    /// <summary>The writing task's name, printed as "comm %s" by kernels that print it.</summary>
    public string Comm { get; init; } = "app";

    /// <summary>The option string as given to mount, printed after "Opts: "; null when none was given.</summary>
    public string? OptionText { get; init; }

    /// <summary>Parses "errors=remount-ro,commit=5"; unknown options give an error message instead of throwing.</summary>
    public static bool TryParse(string? text, out Ext4MountOptions options, out string? error)
    {
        options = new Ext4MountOptions();
        error = null;
        if (string.IsNullOrEmpty(text)) return true;
        var result = new Ext4MountOptions { OptionText = text };
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = part.Split('=', 2);
            switch (kv[0])
            {
                case "errors" when kv.Length == 2:
                    Ext4ErrorsBehavior? b = kv[1] switch
                    {
                        "remount-ro" => Ext4ErrorsBehavior.RemountRo,
                        "continue" => Ext4ErrorsBehavior.Continue,
                        "panic" => Ext4ErrorsBehavior.Panic,
                        _ => null,
                    };
                    if (b is null) { error = $"bad value for errors: {kv[1]}"; return false; }
                    result = result with { Errors = b.Value };
                    break;
                case "commit" when kv.Length == 2:
                    if (!int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out int secs))
                    {
                        error = $"bad value for commit: {kv[1]}";
                        return false;
                    }
                    // ext4 treats commit=0 as the default interval.
                    result = result with { CommitInterval = SimTime.FromSeconds(secs == 0 ? 5 : secs) };
                    break;
                case "rw":
                case "defaults":
                case "data=ordered":
                case "barrier":
                    break;
                default:
                    error = $"Unrecognized mount option \"{part}\" or missing value";
                    return false;
            }
        }
        options = result;
        return true;
    }
}

/// <summary>Whether and how an ext4 filesystem is mounted.</summary>
public enum Ext4MountState
{
    Unmounted,
    ReadWrite,
    ReadOnly,
    /// <summary>errors=panic fired: the host is dead.</summary>
    Panicked,
}

/// <summary>Which of the filesystem's writes a bio carried.</summary>
public enum Ext4IoKind
{
    /// <summary>File data written back at a jbd2 commit (ordered mode).</summary>
    Data,
    /// <summary>jbd2 descriptor and metadata blocks.</summary>
    Journal,
    /// <summary>jbd2 commit block (PREFLUSH|FUA).</summary>
    JournalCommit,
    /// <summary>jbd2's own superblock (jbd2_write_superblock).</summary>
    JournalSuperblock,
    /// <summary>ext4's superblock (ext4_commit_super, FUA).</summary>
    Superblock,
    /// <summary>A read: the superblock at mount or fsck, or a read-back check.</summary>
    Read,
}

/// <summary>What an ext4 filesystem reports to its host (LinuxHost, tests): I/O errors, state changes, panic.</summary>
public interface IExt4Events
{
    /// <summary>A bio the filesystem issued completed with <paramref name="errno"/> (negative); once per bio.</summary>
    void IoError(Ext4IoKind kind, Bio bio, int errno, long traceId);

    void StateChanged(Ext4MountState from, Ext4MountState to, long traceId);

    /// <summary>errors=panic fired; <paramref name="message"/> is the "Kernel panic - not syncing: …" line.</summary>
    void Panicked(string message, long traceId);
}

/// <summary>What e2fsck reported: exit code 0 clean, 1 errors corrected, 8 operational error.</summary>
public sealed record Ext4FsckResult(int ExitCode, bool JournalRecovered, bool ErrorsCorrected, string Message);

/// <summary>Result of reading back every acknowledged sector: how many were checked and which differed.</summary>
public sealed record Ext4ReadBackResult(int SectorsChecked, IReadOnlyList<ulong> MismatchedSectors, int ReadErrors)
{
    public bool Intact => MismatchedSectors.Count == 0 && ReadErrors == 0;
}
