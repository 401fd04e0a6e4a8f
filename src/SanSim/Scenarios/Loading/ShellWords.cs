using System.Text;

namespace SanSim.Scenarios.Loading;

/// <summary>Splits a command line into words as sh(1) does for quoting: single quotes, double quotes, backslash escapes.</summary>
internal static class ShellWords
{
    public static List<string>? Split(string line, out string? error)
    {
        error = null;
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c is ' ' or '\t' or '\n')
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                continue;
            }
            inWord = true;
            if (c == '\\')
            {
                if (++i < line.Length) word.Append(line[i]);
            }
            else if (c == '\'')
            {
                int end = line.IndexOf('\'', i + 1);
                if (end < 0) { error = "unterminated single quote"; return null; }
                word.Append(line, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                i++;
                for (; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`') i++;
                    word.Append(line[i]);
                }
                if (i >= line.Length) { error = "unterminated double quote"; return null; }
            }
            else
            {
                word.Append(c);
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
