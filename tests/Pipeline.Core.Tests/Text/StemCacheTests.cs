using System.Collections.Concurrent;
using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class StemCacheTests
{
    [Fact]
    public void Get_WordMetAgain_IsStemmedOnceAndGivesTheSameStrings()
    {
        var stemmed = 0;
        var cache = new StemCache(word => { stemmed++; return PorterStemmer.Stem(word); }, capacity: 10);

        var first = cache.Get("running".AsSpan());
        var again = cache.Get("running".ToCharArray());

        Assert.Equal(("running", "run"), first);
        Assert.Same(first.Word, again.Word);
        Assert.Same(first.Stem, again.Stem);
        Assert.Equal(1, stemmed);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Get_CacheFull_StillStemsNewWordsButHoldsNoMore()
    {
        var stemmed = 0;
        var cache = new StemCache(word => { stemmed++; return PorterStemmer.Stem(word); }, capacity: 2);

        cache.Get("cats");
        cache.Get("ponies");
        var beyond = cache.Get("caresses");
        var beyondAgain = cache.Get("caresses");

        Assert.Equal(("caresses", "caress"), beyond);
        Assert.Equal(beyond, beyondAgain);
        Assert.Equal(4, stemmed);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Get_ManyThreadsAtOnce_EveryStemIsPortersAndTheCapacityHolds()
    {
        var words = Enumerable.Range(0, 4_000).Select(i => $"{(char)('a' + (i % 26))}connections{i / 26}").ToArray();
        var cache = new StemCache(PorterStemmer.Stem, capacity: 1_000);
        var wrong = new ConcurrentBag<string>();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            foreach (var word in words.Skip(thread * 300).Concat(words))
            {
                var (text, stem) = cache.Get(word);
                if (text != word || stem != PorterStemmer.Stem(word))
                {
                    wrong.Add(word);
                }
            }
        });

        Assert.Empty(wrong);
        Assert.InRange(cache.Count, 1, 1_000);
    }

    [Fact]
    public void AnalysedText_SameTextTwice_GivesTheSameWordsAndStemsAsTheStemmer()
    {
        const string body = "Officers were running checks on the connected connections. The connection held.";
        var cold = new AnalysedText("Checks", [body], LanguageProfile.English);
        var warm = new AnalysedText("Checks", [body], LanguageProfile.English);

        Assert.Equal(cold.Tokens.ToArray(), warm.Tokens.ToArray());
        for (var s = 0; s < warm.SurfaceCount; s++)
        {
            Assert.Equal(cold.LowerSurface(s), warm.LowerSurface(s));
        }

        var connections = warm.Tokens.ToArray().Where(t => warm.LowerSurface(t.Surface).StartsWith("connect", StringComparison.Ordinal)).Select(t => t.Stem).Distinct();
        Assert.Single(connections);
    }
}
