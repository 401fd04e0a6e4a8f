using System.Globalization;
using SanSim.Target.Ctladm;

namespace SanSim.Target.CtlConf;

/// <summary>The result of parsing: the configuration, or the error that stopped the parse.</summary>
public sealed record CtlConfParseResult(CtlConfFile? Conf, ConfError? Error)
{
    public bool Ok => Conf is not null;
}

/// <summary>
/// ctl.conf(5) as ctld's parse.y reads it (FreeBSD 11): global statements, auth-group, portal-group, lun and
/// target contexts, each statement optionally ended by ';'. Like ctld it stops at the first error, which it
/// reports with the file, line and column and, where ctld has one, ctld's message. Never throws on bad input.
/// </summary>
public static class CtlConfParser
{
    /// <summary>Target LUN numbers ctld accepts (MAX_LUNS).</summary>
    public const int MaxTargetLuns = 1024;

    public static CtlConfParseResult Parse(string text, string fileName = "ctl.conf")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        try
        {
            var directives = new List<(string, ConfLocation)>();
            var tokens = CtlConfLexer.Tokenize(text, fileName, directives);
            var conf = new CtlConfFile();
            conf.AuthGroups.Add(new ConfAuthGroup("default", new(fileName, 0, 0)));
            conf.AuthGroups.Add(new ConfAuthGroup("no-authentication", new(fileName, 0, 0)) { AuthType = "none" });
            conf.AuthGroups.Add(new ConfAuthGroup("no-access", new(fileName, 0, 0)) { AuthType = "deny" });
            conf.PortalGroups.Add(new ConfPortalGroup("default", new(fileName, 0, 0)));
            new Parser(tokens, conf).Statements();
            foreach (var (d, at) in directives)
                SanSimDirectives.Apply(conf, d, at);
            return new CtlConfParseResult(conf, null);
        }
        catch (ConfException e)
        {
            return new CtlConfParseResult(null, e.Error);
        }
    }

    /// <summary>The one error that ends a parse; caught in <see cref="Parse"/>.</summary>
    internal sealed class ConfException(ConfError error) : Exception(error.ToString())
    {
        public ConfError Error { get; } = error;
    }

    internal static ConfException Fail(ConfLocation at, string message) => new(new ConfError(at, message));

    internal static ulong Number(ConfToken t)
    {
        if (CNumbers.ExpandNumber(t.Text, out ulong v) != 0)
            throw Fail(t.At, $"error in configuration file near '{t.Text}': invalid numeric value");
        return v;
    }

    private sealed class Parser(List<ConfToken> tokens, CtlConfFile conf)
    {
        private int _pos;
        private bool _defaultAgRedefined, _defaultPgRedefined;

        private ConfToken Peek => tokens[_pos];

        private ConfToken Take() => tokens[_pos++];

        private ConfException SyntaxError()
        {
            var t = Peek;
            string near = t.Kind == ConfTokenKind.End ? "end of file" : $"'{t.Text}'";
            return Fail(t.At, $"error in configuration file near {near}: syntax error");
        }

        private ConfToken Str()
        {
            if (Peek.Kind != ConfTokenKind.Str) throw SyntaxError();
            return Take();
        }

        private void Expect(ConfTokenKind kind)
        {
            if (Peek.Kind != kind) throw SyntaxError();
            Take();
        }

        private bool AtKeyword(string k) => Peek.Kind == ConfTokenKind.Keyword && Peek.Text == k;

        private void OptionalSemicolon()
        {
            if (Peek.Kind == ConfTokenKind.Semicolon) Take();
        }

        public void Statements()
        {
            while (Peek.Kind != ConfTokenKind.End)
            {
                if (Peek.Kind != ConfTokenKind.Keyword) throw SyntaxError();
                var kw = Take();
                switch (kw.Text)
                {
                    case "debug":
                    case "timeout":
                    case "maxproc":
                    case "isns-period":
                    case "isns-timeout":
                        Number(Str());
                        break;
                    case "isns-server":
                        Str();
                        break;
                    case "pidfile":
                        var pid = Str();
                        if (conf.PidFile is not null) throw Fail(kw.At, "pidfile specified more than once");
                        conf.PidFile = pid.Text;
                        break;
                    case "auth-group": AuthGroup(); break;
                    case "portal-group": PortalGroup(); break;
                    case "lun": GlobalLun(); break;
                    case "target": Target(); break;
                    default: _pos--; throw SyntaxError();
                }
                OptionalSemicolon();
            }
        }

        private void AuthGroup()
        {
            var name = Str();
            ConfAuthGroup ag;
            if (name.Text == "default" && !_defaultAgRedefined)
            {
                _defaultAgRedefined = true;
                ag = conf.AuthGroups.Find(a => a.Name == "default")!;
            }
            else
            {
                if (conf.AuthGroups.Exists(a => a.Name == name.Text))
                    throw Fail(name.At, $"duplicated auth-group \"{name.Text}\"");
                ag = new ConfAuthGroup(name.Text, name.At);
                conf.AuthGroups.Add(ag);
            }
            Expect(ConfTokenKind.Open);
            while (Peek.Kind != ConfTokenKind.Close)
            {
                if (Peek.Kind != ConfTokenKind.Keyword) throw SyntaxError();
                var kw = Take();
                switch (kw.Text)
                {
                    case "auth-type": ag.AuthType = AuthType(Str()); break;
                    case "chap": ag.ChapUsers.Add(Str().Text); Str(); break;
                    case "chap-mutual": ag.ChapUsers.Add(Str().Text); Str(); Str(); Str(); break;
                    case "initiator-name": ag.InitiatorNames.Add(Str().Text); break;
                    case "initiator-portal": ag.InitiatorPortals.Add(Str().Text); break;
                    default: _pos--; throw SyntaxError();
                }
                OptionalSemicolon();
            }
            Take();
        }

        private static string AuthType(ConfToken t) => t.Text is "none" or "deny" or "chap" or "chap-mutual"
            ? t.Text
            : throw Fail(t.At, $"invalid auth-type \"{t.Text}\"");

        private void PortalGroup()
        {
            var name = Str();
            ConfPortalGroup pg;
            if (name.Text == "default" && !_defaultPgRedefined)
            {
                _defaultPgRedefined = true;
                pg = conf.FindPortalGroup("default")!;
            }
            else
            {
                if (conf.FindPortalGroup(name.Text) is not null)
                    throw Fail(name.At, $"duplicated portal-group \"{name.Text}\"");
                pg = new ConfPortalGroup(name.Text, name.At);
                conf.PortalGroups.Add(pg);
            }
            Expect(ConfTokenKind.Open);
            while (Peek.Kind != ConfTokenKind.Close)
            {
                if (Peek.Kind != ConfTokenKind.Keyword) throw SyntaxError();
                var kw = Take();
                switch (kw.Text)
                {
                    case "discovery-auth-group":
                        var ag = Str();
                        if (pg.DiscoveryAuthGroup is not null)
                            throw Fail(kw.At, $"discovery-auth-group for portal-group \"{pg.Name}\" specified more than once");
                        if (!conf.AuthGroups.Exists(a => a.Name == ag.Text))
                            throw Fail(ag.At, $"unknown discovery-auth-group \"{ag.Text}\" for portal-group \"{pg.Name}\"");
                        pg.DiscoveryAuthGroup = ag.Text;
                        break;
                    case "discovery-filter":
                        var f = Str();
                        if (f.Text is not ("none" or "portal" or "portal-name" or "portal-name-auth"))
                            throw Fail(f.At, $"invalid discovery-filter \"{f.Text}\" for portal-group \"{pg.Name}\"; valid values are \"none\", \"portal\", \"portal-name\", and \"portal-name-auth\"");
                        pg.DiscoveryFilter = f.Text;
                        break;
                    case "foreign": pg.Foreign = true; break;
                    case "listen":
                    case "listen-iser":
                        pg.Listen.Add(Str().Text);
                        break;
                    case "offload":
                    case "redirect":
                        Str();
                        break;
                    case "option":
                        var on = Str();
                        pg.Options.Add(new(on.Text, Str().Text));
                        break;
                    case "tag":
                        var t = Str();
                        ulong tag = Number(t);
                        if (tag > ushort.MaxValue)
                            throw Fail(t.At, $"error in configuration file near '{t.Text}': invalid numeric value");
                        pg.Tag = (ushort)tag;
                        break;
                    default: _pos--; throw SyntaxError();
                }
                OptionalSemicolon();
            }
            Take();
        }

        private void GlobalLun()
        {
            var name = Str();
            if (conf.FindLun(name.Text) is not null)
                throw Fail(name.At, $"duplicated lun \"{name.Text}\"");
            var lun = new ConfLun(name.Text, name.At);
            conf.Luns.Add(lun);
            LunEntries(lun);
        }

        private void LunEntries(ConfLun lun)
        {
            Expect(ConfTokenKind.Open);
            while (Peek.Kind != ConfTokenKind.Close)
            {
                if (Peek.Kind != ConfTokenKind.Keyword) throw SyntaxError();
                var kw = Take();
                string Twice(string what) => $"{what} for lun \"{lun.Name}\" specified more than once";
                switch (kw.Text)
                {
                    case "backend":
                        var b = Str();
                        if (lun.Backend is not null) throw Fail(kw.At, Twice("backend"));
                        lun.Backend = b.Text;
                        break;
                    case "blocksize":
                        ulong bs = Number(Str());
                        if (lun.BlockSize != 0) throw Fail(kw.At, Twice("blocksize"));
                        lun.BlockSize = (int)Math.Min(bs, int.MaxValue);
                        break;
                    case "ctl-lun":
                        var cl = Str();
                        ulong id = Number(cl);
                        if (lun.CtlLun is not null) throw Fail(kw.At, Twice("ctl-lun"));
                        if (id >= (ulong)CtlTarget.MaxLuns) throw Fail(cl.At, $"ctl-lun {id} for lun \"{lun.Name}\" is out of range");
                        lun.CtlLun = (int)id;
                        break;
                    case "device-id":
                        var d = Str();
                        if (lun.DeviceId is not null) throw Fail(kw.At, Twice("device_id"));
                        lun.DeviceId = d.Text;
                        break;
                    case "device-type":
                        var dt = Str();
                        lun.DeviceType = dt.Text switch
                        {
                            "disk" or "direct" => 0,
                            "processor" => 3,
                            "cd" or "cdrom" or "dvd" or "dvdrom" => 5,
                            _ => (int)Math.Min(Number(dt), 15),
                        };
                        break;
                    case "option":
                        var on = Str();
                        lun.Options.Add(new(on.Text, Str().Text));
                        break;
                    case "path":
                        var p = Str();
                        if (lun.Path is not null) throw Fail(kw.At, Twice("path"));
                        lun.Path = p.Text;
                        break;
                    case "serial":
                        var s = Str();
                        if (lun.Serial is not null) throw Fail(kw.At, Twice("serial"));
                        lun.Serial = s.Text;
                        break;
                    case "size":
                        ulong size = Number(Str());
                        if (lun.Size != 0) throw Fail(kw.At, Twice("size"));
                        lun.Size = size;
                        break;
                    default: _pos--; throw SyntaxError();
                }
                OptionalSemicolon();
            }
            Take();
        }

        private void Target()
        {
            var name = Str();
            if (conf.Targets.Exists(t => string.Equals(t.Name, name.Text, StringComparison.OrdinalIgnoreCase)))
                throw Fail(name.At, $"duplicated target \"{name.Text}\"");
            var target = new ConfTarget(name.Text, name.At);
            conf.Targets.Add(target);
            bool explicitAuth = false;
            Expect(ConfTokenKind.Open);
            while (Peek.Kind != ConfTokenKind.Close)
            {
                if (Peek.Kind != ConfTokenKind.Keyword) throw SyntaxError();
                var kw = Take();
                switch (kw.Text)
                {
                    case "alias":
                        var a = Str();
                        if (target.Alias is not null) throw Fail(kw.At, $"alias for target \"{target.Name}\" specified more than once");
                        target.Alias = a.Text;
                        break;
                    case "auth-group":
                        var ag = Str();
                        if (target.AuthGroup is not null) throw Fail(kw.At, $"auth-group for target \"{target.Name}\" specified more than once");
                        if (explicitAuth) throw Fail(kw.At, $"cannot use both auth-group and explicit authorisations for target \"{target.Name}\"");
                        if (!conf.AuthGroups.Exists(x => x.Name == ag.Text))
                            throw Fail(ag.At, $"unknown auth-group \"{ag.Text}\" for target \"{target.Name}\"");
                        target.AuthGroup = ag.Text;
                        break;
                    case "auth-type":
                    case "chap":
                    case "chap-mutual":
                    case "initiator-name":
                    case "initiator-portal":
                        if (target.AuthGroup is not null)
                            throw Fail(kw.At, $"cannot use both auth-group and {kw.Text} for target \"{target.Name}\"");
                        explicitAuth = true;
                        int args = kw.Text switch { "chap" => 2, "chap-mutual" => 4, _ => 1 };
                        var first = Str();
                        if (kw.Text == "auth-type") AuthType(first);
                        for (int i = 1; i < args; i++) Str();
                        break;
                    case "offload":
                    case "redirect":
                        Str();
                        break;
                    case "portal-group":
                        var pg = Str();
                        if (conf.FindPortalGroup(pg.Text) is null)
                            throw Fail(pg.At, $"unknown portal-group \"{pg.Text}\" for target \"{target.Name}\"");
                        string? pgAg = null;
                        if (Peek.Kind == ConfTokenKind.Str)
                        {
                            var agTok = Take();
                            if (!conf.AuthGroups.Exists(x => x.Name == agTok.Text))
                                throw Fail(agTok.At, $"unknown auth-group \"{agTok.Text}\" for target \"{target.Name}\"");
                            pgAg = agTok.Text;
                        }
                        if (target.PortalGroups.Exists(x => x.PortalGroup == pg.Text))
                            throw Fail(pg.At, $"duplicate portal-group \"{pg.Text}\" for target \"{target.Name}\"");
                        target.PortalGroups.Add(new ConfTargetPortalGroup(pg.Text, pgAg, pg.At));
                        break;
                    case "port":
                        var port = Str();
                        if (target.Ports.Exists(x => x.Name == port.Text))
                            throw Fail(port.At, $"duplicate port \"{port.Text}\" for target \"{target.Name}\"");
                        target.Ports.Add((port.Text, port.At));
                        break;
                    case "lun":
                        TargetLun(target);
                        break;
                    default: _pos--; throw SyntaxError();
                }
                OptionalSemicolon();
            }
            Take();
        }

        private void TargetLun(ConfTarget target)
        {
            var numTok = Str();
            ulong n = Number(numTok);
            if (n >= MaxTargetLuns)
                throw Fail(numTok.At, $"LU number {n} exceeds maximum ({MaxTargetLuns - 1})");
            if (target.Luns.ContainsKey((int)n))
                throw Fail(numTok.At, $"duplicate lun {n} for target \"{target.Name}\"");
            if (Peek.Kind == ConfTokenKind.Str)
            {
                var lunName = Take();
                if (conf.FindLun(lunName.Text) is null)
                    throw Fail(lunName.At, $"unknown lun \"{lunName.Text}\" for target \"{target.Name}\"");
                target.Luns[(int)n] = lunName.Text;
                return;
            }
            string name = string.Create(CultureInfo.InvariantCulture, $"{target.Name},lun,{n}");
            if (conf.FindLun(name) is not null)
                throw Fail(numTok.At, $"duplicated lun \"{name}\"");
            var lun = new ConfLun(name, numTok.At);
            conf.Luns.Add(lun);
            target.Luns[(int)n] = name;
            LunEntries(lun);
        }
    }
}
