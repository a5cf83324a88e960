using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class SentenceSplitterTests
{
    [Theory]
    [InlineData("Rep. Anna Paulina Luna led a delegation. It left on Friday.")]
    [InlineData("Gen. Mark Milley spoke first. Reporters then asked questions.")]
    [InlineData("Mr. Smith met Dr. Jones at noon. They talked for an hour.")]
    [InlineData("The law took effect on Jan. 5 last year. Few noticed.")]
    [InlineData("He lives at No. 10 Downing Street. The door is black.")]
    [InlineData("Flights from the U.S. were paused by a court. The ruling came late.")]
    [InlineData("The Lord of the Rings was written by J. R. R. Tolkien in Oxford. It sold well.")]
    [InlineData("Prices rose 3.5 percent in March. Wages did not keep up.")]
    public void Split_AbbreviationsInitialsAndDecimals_SplitsOnlyAtRealEnds(string text)
    {
        var sentences = SentenceSplitter.Split(text);

        Assert.Equal(2, sentences.Count);
        Assert.EndsWith(".", sentences[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Split_QuestionInsideQuoteFollowedBySaid_KeepsOneSentence()
    {
        var sentences = SentenceSplitter.Split("\"Is my science good enough?\" he asked. Nobody answered.");

        Assert.Equal(["\"Is my science good enough?\" he asked.", "Nobody answered."], sentences);
    }

    [Fact]
    public void Split_QuoteEndingSentence_KeepsClosingQuoteWithSentence()
    {
        var sentences = SentenceSplitter.Split("“We will hunt you down.” The warning was clear.");

        Assert.Equal(["“We will hunt you down.”", "The warning was clear."], sentences);
    }

    [Fact]
    public void Split_AcronymBeforeSentenceOpener_Splits()
    {
        var sentences = SentenceSplitter.Split("The deal was signed in the U.S. The talks lasted a week.");

        Assert.Equal(2, sentences.Count);
    }

    [Fact]
    public void Split_LineBreaksAndLinks_BreakOnLinesNotOnDotsInLinks()
    {
        var sentences = SentenceSplitter.Split("See pic.twitter.com/OItDqNsFxM now\nSecond line without a stop\n\nThird.");

        Assert.Equal(["See pic.twitter.com/OItDqNsFxM now", "Second line without a stop", "Third."], sentences);
    }

    [Fact]
    public void Split_GermanOrdinalDate_DoesNotSplit()
    {
        var sentences = SentenceSplitter.Split("Die Wahl findet am 3. Oktober statt. Alle dürfen wählen.", LanguageProfile.German);

        Assert.Equal(2, sentences.Count);
        Assert.StartsWith("Die Wahl findet am 3. Oktober", sentences[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Split_SpanishInvertedQuestionMark_StartsNewSentence()
    {
        var sentences = SentenceSplitter.Split("El Sr. García llegó tarde. ¿Por qué? Nadie lo sabe.", LanguageProfile.Spanish);

        Assert.Equal(["El Sr. García llegó tarde.", "¿Por qué?", "Nadie lo sabe."], sentences);
    }
}
