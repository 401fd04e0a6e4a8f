namespace SanSim.Target.CtlConf;

internal enum ConfTokenKind { Keyword, Str, Open, Close, Semicolon, End }

internal readonly record struct ConfToken(ConfTokenKind Kind, string Text, ConfLocation At);

/// <summary>
/// ctld's token.l: reserved words, "quoted strings" (no empty ones), bare words of
/// [a-zA-Z0-9.-@_/:[]], braces, semicolons, '#' comments to the end of the line; any other single
/// character is a string of its own. A word is a keyword only when it is exactly one.
/// </summary>
internal static class CtlConfLexer
{
    private static readonly HashSet<string> Keywords =
    [
        "alias", "auth-group", "auth-type", "backend", "blocksize", "chap", "chap-mutual", "ctl-lun", "debug",
        "device-id", "device-type", "discovery-auth-group", "discovery-filter", "foreign", "initiator-name",
        "initiator-portal", "isns-period", "isns-server", "isns-timeout", "listen", "listen-iser", "lun",
        "maxproc", "offload", "option", "path", "pidfile", "port", "portal-group", "redirect", "serial", "size",
        "tag", "target", "timeout",
    ];

    private static bool IsWordChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '@' or '_' or '/' or ':' or '[' or ']';

    /// <summary>The tokens of <paramref name="text"/>, ending with an End token; "#sansim:" comment lines go to <paramref name="directives"/>.</summary>
    public static List<ConfToken> Tokenize(string text, string file, List<(string Text, ConfLocation At)> directives)
    {
        var tokens = new List<ConfToken>();
        int line = 1, col = 1, i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            var at = new ConfLocation(file, line, col);
            if (c == '\n')
            {
                line++; col = 1; i++;
                continue;
            }
            if (c is ' ' or '\t' or '\r')
            {
                i++; col++;
                continue;
            }
            if (c == '#')
            {
                int end = text.IndexOf('\n', i);
                if (end < 0) end = text.Length;
                string comment = text[i..end].TrimEnd('\r');
                const string marker = "#sansim:";
                if (comment.StartsWith(marker, StringComparison.Ordinal))
                    directives.Add((comment[marker.Length..], new ConfLocation(file, line, col + marker.Length)));
                col += end - i;
                i = end;
                continue;
            }
            if (c == '{' || c == '}' || c == ';')
            {
                tokens.Add(new(c == '{' ? ConfTokenKind.Open : c == '}' ? ConfTokenKind.Close : ConfTokenKind.Semicolon, c.ToString(), at));
                i++; col++;
                continue;
            }
            if (c == '"')
            {
                int close = text.IndexOf('"', i + 1);
                if (close > i + 1)
                {
                    string s = text[(i + 1)..close];
                    tokens.Add(new(ConfTokenKind.Str, s, at));
                    foreach (char ch in text.AsSpan(i, close - i + 1))
                    {
                        if (ch == '\n') { line++; col = 1; }
                        else col++;
                    }
                    i = close + 1;
                    continue;
                }
            }
            if (IsWordChar(c))
            {
                int start = i;
                while (i < text.Length && IsWordChar(text[i])) i++;
                string word = text[start..i];
                col += i - start;
                tokens.Add(new(Keywords.Contains(word) ? ConfTokenKind.Keyword : ConfTokenKind.Str, word, at));
                continue;
            }
            tokens.Add(new(ConfTokenKind.Str, c.ToString(), at));
            i++; col++;
        }
        tokens.Add(new(ConfTokenKind.End, "", new ConfLocation(file, line, col)));
        return tokens;
    }
}
