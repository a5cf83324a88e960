using System.Collections.Concurrent;
using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class LexemesTests
{
    [Fact]
    public void Of_EnglishWord_HasItsPorterStemStopWordAndLexiconClasses()
    {
        var running = Lexeme.Of("running", LanguageProfile.English);
        var the = Lexeme.Of("the", LanguageProfile.English);
        var unknown = Lexeme.Of("bukele", LanguageProfile.English);

        Assert.Equal(("running", "run", false, true), (running.Word, running.Stem, running.StopWord, running.Known));
        Assert.True(EnglishWordClasses.TryGet("running", out var classes, out var usual));
        Assert.Equal((classes, usual), (running.Classes, running.Usual));
        Assert.True(the.StopWord);
        Assert.Equal((false, WordClass.Noun, WordClass.Noun), (unknown.Known, unknown.Classes, unknown.Usual));
    }

    [Fact]
    public void Of_WordOfAnotherLanguage_StripsAPluralAndIsNeverKnownToTheEnglishLexicon()
    {
        var spanish = LanguageDetector.Resolve("es", "x");

        var casas = Lexeme.Of("casas", spanish);
        var running = Lexeme.Of("running", spanish);

        Assert.Equal("casa", casas.Stem);
        Assert.Equal(("running", false, WordClass.Noun), (running.Stem, running.Known, running.Classes));
    }

    [Fact]
    public void Get_WordMetAgain_IsWorkedOutOnceAndGivesTheSameLexeme()
    {
        var made = 0;
        var lexemes = new Lexemes(word => { made++; return Lexeme.Of(word, LanguageProfile.English); }, capacity: 10);

        var first = lexemes.Get("running".AsSpan());
        var again = lexemes.Get("running".ToCharArray());

        Assert.Equal(Lexeme.Of("running", LanguageProfile.English), first);
        Assert.Same(first, again);
        Assert.Equal(1, made);
        Assert.Equal(1, lexemes.Count);
    }

    [Fact]
    public void Get_CacheFull_StillAnswersNewWordsButHoldsNoMore()
    {
        var made = 0;
        var lexemes = new Lexemes(word => { made++; return Lexeme.Of(word, LanguageProfile.English); }, capacity: 2);

        lexemes.Get("cats");
        lexemes.Get("ponies");
        var beyond = lexemes.Get("caresses");
        var beyondAgain = lexemes.Get("caresses");

        Assert.Equal("caress", beyond.Stem);
        Assert.Equal(beyond, beyondAgain);
        Assert.Equal(4, made);
        Assert.Equal(2, lexemes.Count);
    }

    [Fact]
    public void Get_ManyThreadsAtOnce_EveryLexemeIsRightAndTheCapacityHolds()
    {
        var words = Enumerable.Range(0, 4_000).Select(i => $"{(char)('a' + (i % 26))}connections{i / 26}").ToArray();
        var lexemes = new Lexemes(word => Lexeme.Of(word, LanguageProfile.English), capacity: 1_000);
        var wrong = new ConcurrentBag<string>();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            foreach (var word in words.Skip(thread * 300).Concat(words))
            {
                if (lexemes.Get(word) != Lexeme.Of(word, LanguageProfile.English))
                {
                    wrong.Add(word);
                }
            }
        });

        Assert.Empty(wrong);
        Assert.InRange(lexemes.Count, 1, 1_000);
    }

    [Fact]
    public void AnalysedText_SameTextTwice_GivesTheSameWordsAndStems()
    {
        const string body = "Officers were running checks on the connected connections. The connection held.";
        var cold = new AnalysedText("Checks", [body], LanguageProfile.English);
        var warm = new AnalysedText("Checks", [body], LanguageProfile.English);

        Assert.Equal(cold.Tokens.ToArray(), warm.Tokens.ToArray());
        for (var s = 0; s < warm.SurfaceCount; s++)
        {
            Assert.Equal(cold.LexemeOf(s), warm.LexemeOf(s));
        }

        var connections = warm.Tokens.ToArray().Where(t => warm.LowerSurface(t.Surface).StartsWith("connect", StringComparison.Ordinal)).Select(t => t.Stem).Distinct();
        Assert.Single(connections);
    }
}
