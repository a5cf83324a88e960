using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class QuotationMarksTests
{
    [Theory]
    [InlineData("“President Trump and I have a clear message to criminal illegal aliens: LEAVE NOW.", "“President Trump and I have a clear message to criminal illegal aliens: LEAVE NOW.”")]
    [InlineData("If you do not leave, we will hunt you down, arrest you, and you could end up in this El Salvadorian prison.”", "“If you do not leave, we will hunt you down, arrest you, and you could end up in this El Salvadorian prison.”")]
    [InlineData("\"We will open the bridge in May.", "\"We will open the bridge in May.\"")]
    [InlineData("It will cost less than planned,\" the mayor said.", "\"It will cost less than planned,\" the mayor said.")]
    public void Balance_PieceOfALongerQuotation_GetsTheMissingMark(string piece, string mended)
    {
        Assert.Equal(mended, QuotationMarks.Balance(piece));
    }

    [Theory]
    [InlineData("“I toured the CECOT, El Salvador’s Terrorism Confinement Center,” Noem said in a statement.")]
    [InlineData("\"Is my science good enough?\" he asked.")]
    [InlineData("A 12\" pipe burst under the high street on Monday.")]
    [InlineData("The council’s budget was approved without a vote.")]
    [InlineData("No quotation here at all.")]
    public void Balance_NothingMissing_ReturnsTheSentenceUnchanged(string sentence)
    {
        Assert.Same(sentence, QuotationMarks.Balance(sentence));
        Assert.True(QuotationMarks.AreBalanced(sentence));
    }

    [Theory]
    [InlineData("If you do not leave, we will hunt you down.”")]
    [InlineData("He said: “We will open the bridge in May.")]
    [InlineData("It will cost less than planned,\" the mayor said.")]
    public void AreBalanced_PieceOfALongerQuotation_IsFalse(string piece) =>
        Assert.False(QuotationMarks.AreBalanced(piece));
}
