using SanSim.Scenarios;

namespace SanSim.Tests.Scenarios.Loading;

/// <summary>The loader never throws: seeded random mutations of a valid scenario and random bytes all give a result.</summary>
[TestFixture]
public sealed class LoaderFuzzTests
{
    private const string Alphabet = " \n\t:-{}[],\"'#&*!|>%@`0123456789.abcxyz_/\\";

    [Test]
    public void MutatedScenarios_NeverThrow_AndEveryErrorHasAPosition()
    {
        var rng = new Random(4);
        var source = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Scenarios", "Valid", "field-report.yaml"));
        int rejected = 0;
        for (int i = 0; i < 3000; i++)
        {
            var text = Mutate(source, rng);
            ScenarioLoadResult result = null!;
            Assert.DoesNotThrow(() => result = ScenarioLoader.LoadText(text, "fuzz.yaml"), $"case {i}");
            if (!result.Ok) rejected++;
            foreach (var e in result.Errors)
                Assert.That(e.Mark.Line, Is.GreaterThanOrEqualTo(1), $"case {i}: {e}");
        }
        Assert.That(rejected, Is.GreaterThan(100), "most mutations should be caught");
    }

    [Test]
    public void RandomText_NeverThrows()
    {
        var rng = new Random(5);
        for (int i = 0; i < 1000; i++)
        {
            var chars = new char[rng.Next(0, 200)];
            for (int j = 0; j < chars.Length; j++) chars[j] = Alphabet[rng.Next(Alphabet.Length)];
            var text = new string(chars);
            Assert.DoesNotThrow(() => ScenarioLoader.LoadText(text, "random.yaml"), $"case {i}: {text}");
        }
    }

    private static string Mutate(string text, Random rng)
    {
        var chars = text.ToCharArray().ToList();
        int edits = rng.Next(1, 4);
        for (int k = 0; k < edits && chars.Count > 0; k++)
        {
            int at = rng.Next(chars.Count);
            switch (rng.Next(4))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, Alphabet[rng.Next(Alphabet.Length)]); break;
                case 2: chars[at] = Alphabet[rng.Next(Alphabet.Length)]; break;
                default:
                    int from = rng.Next(chars.Count);
                    int len = Math.Min(rng.Next(1, 40), chars.Count - from);
                    chars.InsertRange(at, chars.GetRange(from, len));
                    break;
            }
        }
        return new string(chars.ToArray());
    }
}
