using Pipeline.Core.Alerts;
using Pipeline.Core.Digests;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Digests;

/// <summary>The two seed reports of the Gull Point turbines, written as two outlets would, fold into one digest item for the seed subscriber.</summary>
public sealed class SeedDuplicatesTests
{
    private static readonly string[] TurbineSeeds = ["004_gull-point-turbines-herald.md", "005_gull-point-turbines-coastwatch.json"];

    private static List<ParsedArticle> ParseSeeds()
    {
        var folder = Path.Combine(RepositoryRoot(), "seeds", "articles");
        var parser = new ArticleParser();
        return Directory.GetFiles(folder).Order(StringComparer.Ordinal)
            .SelectMany(f => parser.Parse(File.ReadAllBytes(f), Path.GetFileName(f)).Articles.Select(a => new ParsedArticle(Path.GetFileName(f), a.Title, a.Paragraphs, a.Metadata.Url)))
            .ToList();
    }

    [Fact]
    public void Seeds_TwoTurbineReports_NearDuplicatesOfEachOtherAndOfNoOtherSeed()
    {
        var seeds = ParseSeeds();
        var signatures = seeds.Select(s => NearDuplicates.Compute(s.Title, s.Paragraphs, NearDuplicateSettings.Default)).ToList();

        var pairs = new List<(string, string)>();
        for (var a = 0; a < seeds.Count; a++)
        {
            for (var b = a + 1; b < seeds.Count; b++)
            {
                if (NearDuplicates.AreNearDuplicates(signatures[a], signatures[b], NearDuplicateSettings.Default))
                {
                    pairs.Add((seeds[a].File, seeds[b].File));
                }
            }
        }

        Assert.Equal([(TurbineSeeds[0], TurbineSeeds[1])], pairs);
    }

    [Fact]
    public void Seeds_TurbineReports_MatchBobsWindAlertAndFoldWithBothSites()
    {
        var seeds = ParseSeeds();
        var index = ArticleIndex.Build(seeds.Select(s => new MatchableDocument(s.Title, [], s.Paragraphs, s.Url)));
        var matched = index.Match(AlertQuery.Parse("wind OR turbine -\"wind down\"")).Select(i => seeds[i].File).ToList();
        Assert.Equal(TurbineSeeds, matched);

        var items = seeds.Where(s => TurbineSeeds.Contains(s.File))
            .Select(s => new DigestItem(s.File, s.Title, [s.Paragraphs[^1]], [], "extractive", s.Url)).ToList();
        var signatures = seeds.ToDictionary(s => s.File, s => NearDuplicates.Compute(s.Title, s.Paragraphs, NearDuplicateSettings.Default));

        var folded = DuplicateFolder.Fold([new DigestSection(new Alert("wind", "Wind", "wind OR turbine"), items)], id => signatures[id]);

        var shown = Assert.Single(Assert.Single(folded).Items);
        var other = TurbineSeeds.Single(f => f != shown.ArticleId);
        Assert.Equal([other], shown.FoldedArticleIds);
        Assert.Equal([other.Contains("herald", StringComparison.Ordinal) ? "harbourside-herald.example" : "coastwatch.example"], shown.AlsoReportedBy);
    }

    private sealed record ParsedArticle(string File, string Title, IReadOnlyList<string> Paragraphs, string? Url);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
