using CsCheck;
using Pipeline.Core.Alerts;

namespace Pipeline.Core.Tests.Alerts;

public sealed class AlertQueryPropertyTests
{
    // One thread: the test machine is shared, and the samples are small.
    private const int Threads = 1;

    [Fact]
    public void Print_GeneratedQuery_ParsesBackToTheSameQuery() =>
        AlertQueryGenerators.Query.Sample(
            node => Assert.Equal(node, AlertQuery.Parse(AlertQueryPrinter.Print(node)).Root),
            iter: 2_000,
            threads: Threads,
            print: AlertQueryPrinter.Print);

    [Fact]
    public void Parse_GeneratedText_FailsCleanlyOrPrintsToAnEquivalentQuery() =>
        AlertQueryGenerators.QueryText.Sample(
            text =>
            {
                AlertQuery query;
                try
                {
                    query = AlertQuery.Parse(text);
                }
                catch (AlertQueryException)
                {
                    return;
                }

                var printed = query.ToString();
                Assert.Equal(query.Root, AlertQuery.Parse(printed).Root);
                Assert.Equal(printed, AlertQuery.Parse(printed).ToString());
            },
            iter: 5_000,
            threads: Threads);

    [Fact]
    public void Match_GeneratedQueriesAndDocuments_AgreesWithTheReferenceEvaluator() =>
        Gen.Select(AlertQueryGenerators.Query, AlertQueryGenerators.Document.Array[1, 12]).Sample(
            (node, documents) =>
            {
                var query = AlertQuery.Parse(AlertQueryPrinter.Print(node));
                var matched = ArticleIndex.Build(documents).Match(query);
                var expected = Enumerable.Range(0, documents.Length).Where(i => ReferenceEvaluator.Matches(node, documents[i])).ToArray();
                Assert.Equal(expected, matched);
                for (var i = 0; i < documents.Length; i++)
                {
                    Assert.Equal(expected.Contains(i), query.Matches(new MatchableText(documents[i])));
                }
            },
            iter: 2_000,
            threads: Threads,
            print: t => AlertQueryPrinter.Print(t.Item1) + " over " + string.Join(" | ", t.Item2.Select(d => $"{d.Title} [{string.Join(", ", d.Keywords)}] {string.Join(" / ", d.Body)} <{d.Source}>")));

    [Fact]
    public void Match_WindowLargeEnoughForBitsets_AgreesWithTheReferenceEvaluator()
    {
        // 300 articles: common words get bitsets, so filtering goes through bit tests rather than intersections.
        var documents = AlertQueryGenerators.Document.Array[300].Single(_ => true, "0000000000003");
        var index = ArticleIndex.Build(documents);
        AlertQueryGenerators.Query.Sample(
            node =>
            {
                var expected = Enumerable.Range(0, documents.Length).Where(i => ReferenceEvaluator.Matches(node, documents[i])).ToArray();
                Assert.Equal(expected, index.Match(AlertQuery.Parse(AlertQueryPrinter.Print(node))));
            },
            iter: 500,
            threads: Threads,
            print: AlertQueryPrinter.Print);
    }

    [Fact]
    public void Match_GeneratedQueries_MatchSomeDocumentsButNotAll()
    {
        // Guards the test above against a vocabulary where nothing (or everything) matches.
        var documents = AlertQueryGenerators.Document.Array[50].Single(_ => true, "0000000000001");
        var index = ArticleIndex.Build(documents);
        var counts = AlertQueryGenerators.Query.List[200].Single(_ => true, "0000000000002")
            .Select(n => index.Match(AlertQuery.Parse(AlertQueryPrinter.Print(n))).Length).ToList();

        Assert.True(counts.Count(c => c > 0 && c < documents.Length) > 50, string.Join(",", counts));
    }
}
