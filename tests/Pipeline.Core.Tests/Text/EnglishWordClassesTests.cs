using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class EnglishWordClassesTests
{
    [Theory]
    [InlineData("propose", "Verb")]
    [InlineData("linear", "Adjective")]
    [InlineData("rather", "Adverb")]
    [InlineData("the", "Other")]
    [InlineData("inequalities", "Noun")]
    public void TryGet_CommonWord_UsualClassFromTheLexicon(string word, string usual)
    {
        Assert.True(EnglishWordClasses.TryGet(word, out _, out var found));
        Assert.Equal(Enum.Parse<WordClass>(usual), found);
    }

    [Fact]
    public void TryGet_WordOfSeveralClasses_HasEach()
    {
        Assert.True(EnglishWordClasses.TryGet("model", out var classes, out var usual));
        Assert.Equal(WordClass.Noun, usual);
        Assert.True(classes.HasFlag(WordClass.Adjective) && classes.HasFlag(WordClass.Verb));
    }

    [Fact]
    public void TryGet_TermGeneralEnglishLacks_NotKnownAndTakenForANoun()
    {
        Assert.False(EnglishWordClasses.TryGet("photovoltaics", out var classes, out var usual));
        Assert.Equal(WordClass.Noun, classes);
        Assert.Equal(WordClass.Noun, usual);
    }
}
