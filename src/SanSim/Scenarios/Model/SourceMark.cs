namespace SanSim.Scenarios.Model;

/// <summary>Where a value was written: file, 1-based line and column. Errors name it as "file:line:column".</summary>
public readonly record struct SourceMark(string File, int Line, int Column)
{
    public static SourceMark None => default;

    public override string ToString() => File is null ? "?" : $"{File}:{Line}:{Column}";
}
