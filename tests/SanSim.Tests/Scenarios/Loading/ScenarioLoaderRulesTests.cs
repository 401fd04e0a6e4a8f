using SanSim.Engine;
using SanSim.Hosts.Linux;
using SanSim.Scenarios;
using SanSim.Scenarios.Model;
using SanSim.Scsi;

namespace SanSim.Tests.Scenarios.Loading;

/// <summary>Defaults, value syntaxes and checks of <see cref="ScenarioLoader.LoadText"/> on one-line changes to a small scenario.</summary>
[TestFixture]
public sealed class ScenarioLoaderRulesTests
{
    private static ScenarioLoadResult Load(string text) => ScenarioLoader.LoadText(text, "t.yaml");

    private static Scenario LoadOk(string text)
    {
        var r = Load(text);
        Assert.That(r.Errors, Is.Empty, () => string.Join("\n", r.Errors));
        return r.Scenarios[0];
    }

    private static string FirstError(string text)
    {
        var r = Load(text);
        Assert.That(r.Ok, Is.False, "expected the loader to reject this text");
        return r.Errors[0].ToString();
    }

    private static string Edit(string from, string to)
    {
        string text = LoaderText.Minimal;
        Assert.That(text, Does.Contain(from));
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    [Test]
    public void Defaults_DurationIsLastEventPlusTenMinutes_SeedZero_VersionOne()
    {
        var s = LoadOk(LoaderText.Minimal);
        Assert.Multiple(() =>
        {
            Assert.That(s.Duration, Is.EqualTo(SimTime.FromMinutes(90) + SimTime.FromMinutes(10)));
            Assert.That(s.Seed, Is.Zero);
            Assert.That(s.Version, Is.EqualTo(1));
            Assert.That(s.Variant, Is.EqualTo("base"));
            Assert.That(s.Target.Name, Is.EqualTo("ctl"));
            Assert.That(s.Hosts[0].StopOnSleep, Is.True);
            Assert.That(s.Hosts[1].Mounts[0].Errors, Is.EqualTo("remount-ro"));
            Assert.That(s.Hosts[1].Kernel, Is.EqualTo(KernelVersion.V5_10));
        });
    }

    [Test]
    public void HostWithoutKernel_DefaultsTo61()
    {
        var s = LoadOk(Edit("    kernel: \"5.10\"\n", ""));
        Assert.That(s.Hosts[1].Kernel, Is.EqualTo(KernelVersion.V6_1));
    }

    [Test]
    public void BareBlockCount_IsBlocks_AndIecSizeIsBytes()
    {
        var s = LoadOk(LoaderText.Minimal);
        Assert.That(s.Target.Luns.Select(l => l.Blocks), Is.EqualTo(new[] { 2097152UL, 2048UL }));
    }

    [TestCase("250ms", 250_000_000L)]
    [TestCase("5s", 5_000_000_000L)]
    [TestCase("35771.99s", 35_771_990_000_000L)]
    [TestCase("1h30m", 5_400_000_000_000L)]
    [TestCase("7", 7_000_000_000L)]
    [TestCase("2.5", 2_500_000_000L)]
    public void Times_AcceptUnitsAndBareSeconds(string text, long nanos)
    {
        var s = LoadOk(Edit("at: 1h30m", "at: 20h").Replace("at: 10s,", $"at: {text},", StringComparison.Ordinal));
        Assert.That(s.Timeline[0].At.Nanoseconds, Is.EqualTo(nanos));
    }

    [TestCase("10sec", "unknown unit 'sec'")]
    [TestCase("1h30", "has no unit")]
    [TestCase("abc", "not a time")]
    public void BadTime_IsRejectedAtTheValue(string text, string reason)
    {
        Assert.That(FirstError(Edit("at: 10s,", $"at: {text},")), Does.StartWith("t.yaml:19:11: timeline[0].at: ").And.Contain(reason));
    }

    [TestCase("1T")]
    [TestCase("1GB")]
    [TestCase("1.5GiB")]
    [TestCase("0")]
    public void BadSize_IsRejected(string size)
    {
        Assert.That(FirstError(Edit("size: 1GiB", $"size: {size}")), Does.StartWith("t.yaml:4:23: target.luns[0].size: "));
    }

    [Test]
    public void SizeNotAWholeNumberOfBlocks_IsRejected()
    {
        Assert.That(FirstError(Edit("size: 1GiB }", "size: 1KiB, blocksize: 4096 }")), Does.Contain("target.luns[0].size: '1KiB' is not a whole number of 4096-byte blocks"));
    }

    [Test]
    public void UnknownKey_SuggestsTheClosestKnownKey()
    {
        Assert.That(FirstError(Edit("    os: windows", "    os: windows\n    stop_on_slep: false")), Is.EqualTo("t.yaml:12:5: hosts[0].stop_on_slep: unknown key; did you mean 'stop_on_sleep'?"));
    }

    [Test]
    public void BareKernelNumber_IsRejected_WithTheHintToQuoteIt()
    {
        Assert.That(FirstError(Edit("kernel: \"5.10\"", "kernel: 5.10")), Does.Contain("hosts[1].kernel: a bare number (5.10)").And.Contain("quote it: \"5.10\""));
    }

    [Test]
    public void MissingRequiredKey_IsNamed()
    {
        Assert.That(FirstError(Edit("name: small\n", "")), Does.Contain("name: missing required key"));
    }

    [Test]
    public void DuplicateHostName_IsRejected()
    {
        Assert.That(FirstError(Edit("  - name: node", "  - name: desktop")), Is.EqualTo("t.yaml:13:11: hosts[1].name: duplicate name desktop (also hosts[0])"));
    }

    [Test]
    public void DuplicatePortNumber_IsRejected()
    {
        Assert.That(FirstError(Edit("{ port: 5, frontend: iscsi", "{ port: 3, frontend: iscsi")), Is.EqualTo("t.yaml:8:15: target.ports[1].port: duplicate port 3 (also target.ports[0])"));
    }

    [Test]
    public void LunmapToMissingLun_IsRejected()
    {
        Assert.That(FirstError(Edit("lunmap: { 0: 12 }", "lunmap: { 0: 13 }")), Does.Contain("target.ports[1].lunmap.0: no LUN 13 in target.luns"));
    }

    [Test]
    public void MountOfMissingLun_IsRejected()
    {
        Assert.That(FirstError(Edit("mounts: [ { lun: 12,", "mounts: [ { lun: 2,")), Does.Contain("hosts[1].mounts[0].lun: no LUN 2"));
    }

    [Test]
    public void ExpectationOnUnknownMount_IsRejected()
    {
        Assert.That(FirstError(Edit("mount: sdb, is: ro", "mount: sdc, is: ro")), Does.Contain("expect[0].mount: host node has no mount on 'sdc'"));
    }

    [Test]
    public void SpreadToUnknownHost_IsRejected_WithSuggestion()
    {
        var text = LoaderText.Minimal + "  - { spread: { from: desktop, reaches: [nod] } }\n";
        Assert.That(FirstError(text), Does.Contain("expect[1].spread.reaches[0]: no host named 'nod'; did you mean 'node'?"));
    }

    [Test]
    public void UnknownAction_IsRejected()
    {
        Assert.That(FirstError(Edit("do: sleep", "do: nap")), Does.Contain("timeline[0].do: unknown action 'nap'"));
    }

    [Test]
    public void ActionMissingItsArguments_IsRejected()
    {
        Assert.That(FirstError(Edit("host: desktop, do: sleep", "host: node, do: pr-reserve, lun: 12, key: 0x1")), Does.Contain("timeline[0].type: missing required key for do: pr-reserve"));
    }

    [Test]
    public void InjectWithSenseAndHexOpcode_Binds()
    {
        var text = LoaderText.Minimal.Replace("expect:", "  - { at: 2h, inject: { lun: 12, opcode: 0x2a, sense: 03/11/00, count: 3, hosts: [node] } }\nexpect:", StringComparison.Ordinal);
        var inject = LoadOk(text).Timeline[2].Inject!;
        Assert.Multiple(() =>
        {
            Assert.That(inject.Opcode, Is.EqualTo((byte)0x2a));
            Assert.That(inject.Sense, Is.EqualTo(new SenseInfo(SenseKey.MediumError, new AscAscq(0x11, 0x00))));
            Assert.That(inject.Count, Is.EqualTo(3));
            Assert.That(inject.Hosts, Is.EqualTo(new[] { "node" }));
        });
    }

    [Test]
    public void InjectWithBadSense_IsRejected()
    {
        var text = LoaderText.Minimal.Replace("expect:", "  - { at: 2h, inject: { lun: 12, sense: 3/11/0 } }\nexpect:", StringComparison.Ordinal);
        Assert.That(FirstError(text), Does.Contain("timeline[2].inject.sense: '3/11/0' is not sense data"));
    }

    [TestCase("lunmap -p 3 -l 1 -L 1", true)]
    [TestCase("portlist -i -v -p 3", true)]
    [TestCase("stop 12", true)]
    [TestCase("lunmap -p 3 -q", false)]
    [TestCase("stop", false)]
    [TestCase("frobnicate", false)]
    [TestCase("lunmap -p '3", false)]
    public void CtladmLines_AreSyntaxChecked(string line, bool ok)
    {
        var text = LoaderText.Minimal.Replace("expect:", $"  - {{ at: 2h, ctladm: \"{line}\" }}\nexpect:", StringComparison.Ordinal);
        Assert.That(Load(text).Ok, Is.EqualTo(ok), () => string.Join("\n", Load(text).Errors));
    }

    [Test]
    public void TimelineGoingBackwards_IsRejected_AtTheLaterEntry()
    {
        Assert.That(FirstError(Edit("at: 1h30m", "at: 5s")), Does.StartWith("t.yaml:20:11: timeline[1].at: 5s comes before"));
    }

    [Test]
    public void DuplicateYamlKey_IsRejected()
    {
        Assert.That(FirstError(Edit("name: small", "name: small\nname: other")), Does.StartWith("t.yaml:2:1: name: duplicate key"));
    }

    [Test]
    public void MalformedYaml_ReportsTheParsersPosition()
    {
        Assert.That(FirstError("name: [a, b\ntarget: {}\n"), Does.Match(@"^t\.yaml:\d+:\d+: malformed YAML: "));
    }

    [Test]
    public void EmptyText_IsRejected_NotThrown()
    {
        Assert.That(FirstError(""), Does.StartWith("t.yaml:1:1: "));
    }
}
