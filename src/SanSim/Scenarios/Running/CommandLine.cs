using System.Text;

namespace SanSim.Scenarios.Running;

/// <summary>
/// Splits a command line into words as a POSIX shell would for a simple command: blanks separate words,
/// single quotes keep everything literally, double quotes keep everything but a backslash before " \ $ `,
/// and a backslash outside quotes keeps the next character. No expansion of any kind.
/// </summary>
public static class CommandLine
{
    /// <summary>The words of <paramref name="line"/>, or null with <paramref name="error"/> set when a quote is left open.</summary>
    public static IReadOnlyList<string>? Split(string line, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        error = null;
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord) words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                    break;
                case '\'':
                    int close = line.IndexOf('\'', i + 1);
                    if (close < 0) { error = "unterminated single quote"; return null; }
                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    inWord = true;
                    for (i++; ; i++)
                    {
                        if (i >= line.Length) { error = "unterminated double quote"; return null; }
                        if (line[i] == '"') break;
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                            i++;
                        word.Append(line[i]);
                    }
                    break;
                case '\\':
                    inWord = true;
                    if (i + 1 < line.Length) word.Append(line[++i]);
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
