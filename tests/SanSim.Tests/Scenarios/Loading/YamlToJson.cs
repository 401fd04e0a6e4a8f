using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SanSim.Tests.Scenarios.Loading;

/// <summary>YAML to JSON under the YAML 1.2 core schema (plain scalars that are numbers, booleans or null keep those types), so a JSON Schema can judge a scenario file.</summary>
internal static class YamlToJson
{
    public static string Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (ToJson(stream.Documents[0].RootNode) ?? JsonValue.Create((string?)null))!.ToJsonString();
    }

    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
            {
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                    obj[((YamlScalarNode)k).Value!] = ToJson(v);
                return obj;
            }
            case YamlSequenceNode seq:
            {
                var arr = new JsonArray();
                foreach (var item in seq.Children) arr.Add(ToJson(item));
                return arr;
            }
            case YamlScalarNode s:
            {
                string v = s.Value ?? "";
                if (s.Style != ScalarStyle.Plain) return JsonValue.Create(v);
                if (v is "" or "~" or "null") return null;
                if (v is "true" or "false") return JsonValue.Create(v == "true");
                if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
                if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
                return JsonValue.Create(v);
            }
            default:
                return null;
        }
    }
}
