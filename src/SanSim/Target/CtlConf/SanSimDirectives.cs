using System.Globalization;

namespace SanSim.Target.CtlConf;

/// <summary>
/// The simulated machine's hardware and live sessions, written as "#sansim:" comments so that the file
/// stays a ctl.conf that ctld reads unchanged:
/// <code>
/// #sansim: fc-port isp0 wwnn naa.20000024ff56f970 wwpn naa.21000024ff56f970 [pp 0] [vp 0] [initiators listed|hidden] [offline]
/// #sansim: initiator iqn.2005-10.org.freenas.ctl:target0 3 iqn.1993-08.org.debian:01:e38f5e7da7d,i,0x00023d000004
/// #sansim: initiator isp0 1 naa.2100001b32a1b2c3 os windows owns desktop-zvol
/// </code>
/// </summary>
internal static class SanSimDirectives
{
    public static void Apply(CtlConfFile conf, string text, ConfLocation at)
    {
        var words = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            throw CtlConfParser.Fail(at, "empty #sansim: directive");
        switch (words[0])
        {
            case "fc-port": FcPort(conf, words, at); break;
            case "initiator": Initiator(conf, words, at); break;
            default: throw CtlConfParser.Fail(at, $"unknown #sansim: directive \"{words[0]}\" (fc-port, initiator)");
        }
    }

    private static void FcPort(CtlConfFile conf, string[] w, ConfLocation at)
    {
        if (w.Length < 2)
            throw CtlConfParser.Fail(at, "fc-port needs a port name, such as isp0");
        if (conf.FcPorts.Exists(p => p.Name == w[1]))
            throw CtlConfParser.Fail(at, $"fc-port \"{w[1]}\" declared more than once");
        var port = new ConfFcPort(w[1], at);
        for (int i = 2; i < w.Length; i++)
        {
            string key = w[i];
            if (key == "offline") { port.Online = false; continue; }
            if (i + 1 >= w.Length)
                throw CtlConfParser.Fail(at, $"fc-port \"{port.Name}\": \"{key}\" needs a value");
            string value = w[++i];
            switch (key)
            {
                case "wwnn": port.Wwnn = Naa(value, at); break;
                case "wwpn": port.Wwpn = Naa(value, at); break;
                case "pp": port.PhysicalPort = Int(value, at); break;
                case "vp": port.VirtualPort = Int(value, at); break;
                case "initiators":
                    port.ListInitiators = value switch
                    {
                        "listed" => true,
                        "hidden" => false,
                        _ => throw CtlConfParser.Fail(at, $"fc-port \"{port.Name}\": initiators is \"listed\" or \"hidden\", not \"{value}\""),
                    };
                    break;
                default:
                    throw CtlConfParser.Fail(at, $"fc-port \"{port.Name}\": unknown setting \"{key}\" (wwnn, wwpn, pp, vp, initiators, offline)");
            }
        }
        conf.FcPorts.Add(port);
    }

    private static void Initiator(CtlConfFile conf, string[] w, ConfLocation at)
    {
        if (w.Length < 4 || w.Length % 2 != 0)
            throw CtlConfParser.Fail(at, "initiator needs a port (FC port or iSCSI target name), an initiator id and a name, then optionally \"os linux|windows|esxi\" and \"owns LUN-NAME[,LUN-NAME…]\"");
        string? os = null;
        var owns = new List<string>();
        for (int i = 4; i < w.Length; i += 2)
        {
            switch (w[i])
            {
                case "os" when w[i + 1] is "linux" or "windows" or "esxi":
                    os = w[i + 1];
                    break;
                case "os":
                    throw CtlConfParser.Fail(at, $"initiator \"{w[3]}\": os is linux, windows or esxi, not \"{w[i + 1]}\"");
                case "owns":
                    owns.AddRange(w[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries));
                    break;
                default:
                    throw CtlConfParser.Fail(at, $"initiator \"{w[3]}\": unknown setting \"{w[i]}\" (os, owns)");
            }
        }
        conf.Initiators.Add(new ConfInitiator(w[1], Int(w[2], at), w[3], at) { Os = os, Owns = owns.Count == 0 ? Array.Empty<string>() : owns.ToArray() });
    }

    private static int Int(string s, ConfLocation at) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw CtlConfParser.Fail(at, $"\"{s}\" is not a number");

    private static string Naa(string s, ConfLocation at)
    {
        string hex = s.StartsWith("naa.", StringComparison.Ordinal) ? s[4..] : s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s;
        if (hex.Length != 16 || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v))
            throw CtlConfParser.Fail(at, $"\"{s}\" is not a 64-bit world wide name (naa.2000…, 16 hex digits)");
        return Ctladm.CtlPortInfo.Naa(v);
    }
}
