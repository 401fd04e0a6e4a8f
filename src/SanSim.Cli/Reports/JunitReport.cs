using System.Text;
using System.Xml;
using SanSim.Scenarios;

namespace SanSim.Cli.Reports;

/// <summary>
/// JUnit XML for CI: a testsuite per scenario file, a testcase per scenario × variant, and for a failed
/// case a failure element whose message counts the failed expectations and whose text is the text report.
/// Times are virtual seconds, so the file is the same on every run.
/// </summary>
internal static class JunitReport
{
    public static string Render(IReadOnlyList<RunResult> runs)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            NewLineChars = "\n",
            Encoding = new UTF8Encoding(false),
            OmitXmlDeclaration = false,
        };
        using var stream = new MemoryStream();
        using (var x = XmlWriter.Create(stream, settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("testsuites");
            x.WriteAttributeString("name", "sansim");
            x.WriteAttributeString("tests", Invariant(runs.Count));
            x.WriteAttributeString("failures", Invariant(runs.Count(r => !r.Passed)));
            foreach (var file in runs.GroupBy(r => r.Scenario.File))
            {
                var cases = file.ToList();
                x.WriteStartElement("testsuite");
                x.WriteAttributeString("name", file.Key);
                x.WriteAttributeString("tests", Invariant(cases.Count));
                x.WriteAttributeString("failures", Invariant(cases.Count(r => !r.Passed)));
                x.WriteAttributeString("errors", "0");
                foreach (var r in cases)
                {
                    x.WriteStartElement("testcase");
                    x.WriteAttributeString("classname", file.Key);
                    x.WriteAttributeString("name", TextReport.RunId(r));
                    x.WriteAttributeString("time", r.Scenario.Duration.TotalSeconds.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture));
                    if (!r.Passed)
                    {
                        int failed = r.Expectations.Count(e => !e.Held);
                        var first = r.Expectations.First(e => !e.Held);
                        x.WriteStartElement("failure");
                        x.WriteAttributeString("message", $"{failed} of {r.Expectations.Count} expectations failed; first: {ExpectationText.Describe(first.Expectation)} (expected {first.Expected}, actual {first.Actual})");
                        var text = new StringWriter { NewLine = "\n" };
                        TextReport.Write(text, r);
                        x.WriteString(text.ToString());
                        x.WriteEndElement();
                    }
                    x.WriteEndElement();
                }
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Invariant(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
