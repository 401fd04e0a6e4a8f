using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using SanSim.Scenarios.Model;

namespace SanSim.Scenarios.Loading;

/// <summary>A YAML node with the place it was written; the loader's own tree so variants can be merged without losing marks.</summary>
internal abstract class YNode
{
    public SourceMark Mark { get; init; }
}

/// <summary>A scalar, with whether it was written plain (unquoted) so a bare number can be told from a quoted string.</summary>
internal sealed class YScalar : YNode
{
    public required string Value { get; init; }
    public bool Plain { get; init; }

    public bool IsNull => Plain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");
}

internal sealed class YSeq : YNode
{
    public List<YNode> Items { get; init; } = [];
}

internal sealed class YEntry
{
    public required string Key { get; init; }
    public required SourceMark KeyMark { get; init; }
    public required YNode Value { get; set; }
}

internal sealed class YMap : YNode
{
    public List<YEntry> Entries { get; init; } = [];

    public YEntry? Find(string key) => Entries.Find(e => e.Key == key);
}

/// <summary>Builds a <see cref="YNode"/> tree from YamlDotNet's parser events, reporting the parser's own position on malformed input.</summary>
internal static class YamlTree
{
    private const int MaxDepth = 64;

    public static YNode? Parse(string text, string file, List<ScenarioError> errors)
    {
        var scanner = new Scanner(new StringReader(text));
        try
        {
            var parser = new Parser(scanner);
            var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                errors.Add(new ScenarioError(new SourceMark(file, 1, 1), "the file is empty; a scenario needs at least 'name' and 'target'"));
                return null;
            }
            parser.Consume<DocumentStart>();
            var root = Read(parser, file, anchors, errors, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                errors.Add(new ScenarioError(MarkOf(file, second.Start), "a scenario file holds one YAML document; found a second one"));
                return null;
            }
            return root;
        }
        catch (YamlException ex)
        {
            errors.Add(new ScenarioError(MarkOf(file, ex.Start), "malformed YAML: " + StripPosition(ex.Message)));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            errors.Add(new ScenarioError(MarkOf(file, scanner.CurrentPosition), "malformed YAML: the YAML scanner cannot read on from here (an unclosed flow collection or quote before it?)"));
            return null;
        }
    }

    private static YNode? Read(IParser parser, string file, Dictionary<string, YNode> anchors, List<ScenarioError> errors, int depth)
    {
        var ev = parser.Current ?? throw new YamlException("unexpected end of input");
        if (depth > MaxDepth)
            throw new YamlException(ev.Start, ev.End, $"nesting deeper than {MaxDepth} levels");
        switch (ev)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (anchors.TryGetValue(alias.Value.Value, out var target)) return target;
                throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} names no anchor defined before it");
            case Scalar s:
            {
                parser.MoveNext();
                var node = new YScalar { Value = s.Value, Plain = s.Style == ScalarStyle.Plain, Mark = MarkOf(file, s.Start) };
                Remember(anchors, s.Anchor, node);
                return node;
            }
            case SequenceStart ss:
            {
                parser.MoveNext();
                var seq = new YSeq { Mark = MarkOf(file, ss.Start) };
                Remember(anchors, ss.Anchor, seq);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var item = Read(parser, file, anchors, errors, depth + 1);
                    if (item is not null) seq.Items.Add(item);
                }
                return seq;
            }
            case MappingStart ms:
            {
                parser.MoveNext();
                var map = new YMap { Mark = MarkOf(file, ms.Start) };
                Remember(anchors, ms.Anchor, map);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyEvent = parser.Current;
                    var keyNode = Read(parser, file, anchors, errors, depth + 1);
                    var value = Read(parser, file, anchors, errors, depth + 1);
                    if (keyNode is not YScalar key)
                    {
                        errors.Add(new ScenarioError(keyNode?.Mark ?? MarkOf(file, keyEvent!.Start), "a key must be a plain name, not a list or mapping"));
                        continue;
                    }
                    if (map.Find(key.Value) is not null)
                    {
                        errors.Add(new ScenarioError(key.Mark, $"{key.Value}: duplicate key"));
                        continue;
                    }
                    map.Entries.Add(new YEntry { Key = key.Value, KeyMark = key.Mark, Value = value ?? new YScalar { Value = "", Plain = true, Mark = key.Mark } });
                }
                return map;
            }
            default:
                throw new YamlException(ev.Start, ev.End, $"unexpected {ev.GetType().Name}");
        }
    }

    private static void Remember(Dictionary<string, YNode> anchors, AnchorName anchor, YNode node)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
    }

    private static SourceMark MarkOf(string file, Mark mark) => new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    /// <summary>YamlDotNet prefixes its messages with "(Line: l, Col: c, Idx: i) - (…): "; the mark says that already.</summary>
    private static string StripPosition(string message)
    {
        int at = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && at >= 0 ? message[(at + 3)..] : message;
    }
}
