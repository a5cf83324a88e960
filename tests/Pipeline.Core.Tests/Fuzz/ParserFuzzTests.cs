using System.Diagnostics;
using System.Text;
using CsCheck;
using Pipeline.Core.Alerts;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Fuzz;

/// <summary>
/// Mutated real samples fed to the whole parse path (decoding, format detection and every format's parser) and to
/// the alert query parser. Each property runs for <see cref="FuzzInputs.Seconds"/> seconds on one thread; on failure
/// CsCheck prints the seed that replays the case (pass it as <c>seed:</c> to reproduce).
/// </summary>
public sealed class ParserFuzzTests
{
    private static readonly HashSet<string> Codes =
    [
        RejectionCodes.Empty, RejectionCodes.Binary, RejectionCodes.Undecodable, RejectionCodes.NoArticleText,
        RejectionCodes.MalformedJson, RejectionCodes.TooManyArticles,
    ];

    [Fact]
    public void Parse_MutatedSamples_EndAsArticlesOrARejectionWithACode() =>
        FuzzInputs.Mutated.Sample(
            input =>
            {
                var clock = Stopwatch.StartNew();
                var outcome = new ArticleParser().Parse(input.Content, input.Name);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"parse took {clock.Elapsed.TotalMilliseconds:N0} ms");
                AssertWellFormed(outcome);
            },
            iter: 1_000_000,
            time: FuzzInputs.Seconds,
            threads: 1,
            print: FuzzInputs.Print);

    [Fact]
    public void Parse_RandomBytes_EndAsArticlesOrARejectionWithACode() =>
        Gen.Byte.Array[0, 2048].Select(Gen.OneOf(".txt", ".html", ".md", ".json", ".jsonl", ""))
            .Sample(
                (bytes, extension) => AssertWellFormed(new ArticleParser().Parse(bytes, "random" + extension)),
                iter: 1_000_000,
                time: FuzzInputs.Seconds,
                threads: 1);

    [Fact]
    public void Decode_MutatedSamples_GivesNormalisedTextWithoutNulOrARejection() =>
        FuzzInputs.Mutated.Sample(
            input =>
            {
                var (text, rejection) = TextDecoder.Decode(input.Content);
                Assert.True(text is null != (rejection is null), "exactly one of text and rejection");
                if (text is not null)
                {
                    Assert.DoesNotContain('\0', text.Text);
                    Assert.True(text.Text.IsNormalized(NormalizationForm.FormC));
                    Assert.False(string.IsNullOrEmpty(text.EncodingName));
                }
                else
                {
                    Assert.Contains(rejection!.Code, Codes);
                }
            },
            iter: 1_000_000,
            time: FuzzInputs.Seconds,
            threads: 1,
            print: FuzzInputs.Print);

    [Fact]
    public void AlertQueryParse_MutatedQueriesAndHostileTokens_ParsesOrThrowsOnlyFormatException()
    {
        string[] queries = ["\"El Salvador\" AND prison", "(solar OR wind) AND NOT coal", "title:harbour AND site:example.com", "a NEAR/3 b", "\"x y\"~2 OR -z"];
        var token = Gen.OneOf<string>(Gen.OneOf(queries), Gen.OneOf(FuzzInputs.HostileTokens), Gen.OneOf("(", ")", "\"", "AND", "OR", "NOT", ":", "*", "~", "/", " "), Gen.String[0, 8]);
        token.Array[1, 12].Select(parts => string.Concat(parts)).Sample(
            text =>
            {
                try
                {
                    var query = AlertQuery.Parse(text);
                    Assert.NotNull(query.ToString());
                }
                catch (FormatException ex)
                {
                    Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                }
            },
            iter: 1_000_000,
            time: FuzzInputs.Seconds,
            threads: 1);
    }

    internal static void AssertWellFormed(ParseOutcome outcome)
    {
        if (outcome.Rejection is { } rejection)
        {
            Assert.Contains(rejection.Code, Codes);
            Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
            Assert.Empty(outcome.Articles);
            return;
        }

        Assert.NotEmpty(outcome.Articles);
        foreach (var article in outcome.Articles)
        {
            Assert.False(string.IsNullOrWhiteSpace(article.Title));
            Assert.NotEmpty(article.Paragraphs);
            Assert.All(article.Paragraphs, p => Assert.False(string.IsNullOrWhiteSpace(p)));
            Assert.DoesNotContain('\0', article.Title);
        }
    }
}

/// <summary>Cases the fuzzers found, kept as regression tests.</summary>
public sealed class ParserFuzzRegressionTests
{
    /// <summary>
    /// A mutated front matter with a repeated, unclosed flow sequence (<c>tags: [energy, ed</c>): YamlDotNet's scanner
    /// threw InvalidOperationException, which escaped the parser. Found by seed bjV0lOMT2oD1.
    /// </summary>
    [Fact]
    public void Parse_FoundCaseBjV0lOMT2oD1_EndsAsArticlesOrARejection()
    {
        var content = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Hostile", "fuzz-bjV0lOMT2oD1.md"));

        ParserFuzzTests.AssertWellFormed(new ArticleParser().Parse(content, "004_gull-point-turbines-herald.md"));
    }

    [Fact]
    public void Parse_FrontMatterWithRepeatedUnclosedFlowSequence_ParsesTheBody()
    {
        var text = "---\ntitle: Council approves three wind turbines\ndate: 2026-11-26\ntags: [energy, ed\ntags: [energy, ed\ntags: [energy, ed\ntags: [energy, ed\n---\n\n"
            + "The council approved three wind turbines on Gull Point headland on Tuesday, after a long debate.\n";

        var outcome = new ArticleParser().Parse(System.Text.Encoding.UTF8.GetBytes(text), "004_gull-point-turbines-herald.md");

        ParserFuzzTests.AssertWellFormed(outcome);
        Assert.Contains("wind turbines", Assert.Single(outcome.Articles).Paragraphs[0], StringComparison.Ordinal);
    }

    /// <summary>
    /// UTF-16 with U+FFFE (a noncharacter, bytes FE FF after a little-endian BOM): valid UTF-16, but
    /// <c>IsNormalized</c> threw ArgumentException, which escaped the decoder. Found by seed 5M8DmAZuxNs1.
    /// </summary>
    [Fact]
    public void Decode_FoundCase5M8DmAZuxNs1_Utf16WithNoncharacters_GivesNormalisedTextWithReplacementCharacters()
    {
        var content = Convert.FromBase64String("//7//v/+rb/+//7//v/+/xP+//7//v/+//4=");

        var (text, rejection) = TextDecoder.Decode(content);
        var outcome = new ArticleParser().Parse(content, "inline.jsonl");

        Assert.Null(rejection);
        Assert.DoesNotContain('\uFFFE', text!.Text);
        Assert.Contains('\uFFFD', text.Text);
        Assert.True(text.Text.IsNormalized(System.Text.NormalizationForm.FormC));
        ParserFuzzTests.AssertWellFormed(outcome);
    }

    /// <summary>A JSON title escaping a NUL (<c>\u0000</c>) kept the NUL in the article's title. Found by seed 0MiWbVKMnaD2.</summary>
    [Fact]
    public void Parse_JsonTitleAndBodyWithEscapedControlCharacters_HaveNone()
    {
        var json = "{\"title\":\"Webb finds water \\u0000vapour\\u001b[31m\",\"body\":\"The telescope found water\\u0000 vapour in the atmosphere of a nearby rocky planet.\"}";

        var article = Assert.Single(new ArticleParser().Parse(System.Text.Encoding.UTF8.GetBytes(json), "webb.json").Articles);

        Assert.Equal("Webb finds water vapour [31m", article.Title);
        Assert.DoesNotContain(article.Paragraphs, p => p.Any(c => char.IsControl(c)));
    }
}
