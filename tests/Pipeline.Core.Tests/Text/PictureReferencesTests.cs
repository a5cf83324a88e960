using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class PictureReferencesTests
{
    [Theory]
    [InlineData("Harry Kane (left) has seen Adebayor pushed down the order.", "Harry Kane has seen Adebayor pushed down the order.")]
    [InlineData("Bowe (right) faced Evander Holyfield (left) three times.", "Bowe faced Evander Holyfield three times.")]
    [InlineData("Jeremiah Gaver, 28 (left), and Nathaniel Gaver, 27 (far right), were jailed.", "Jeremiah Gaver, 28, and Nathaniel Gaver, 27, were jailed.")]
    [InlineData("Roger Wright (above) dismissed the claim.", "Roger Wright dismissed the claim.")]
    [InlineData("Clinton (pictured in 2012) said she would run.", "Clinton said she would run.")]
    [InlineData("The shop sold the dress (Pictured, with the label) within a day.", "The shop sold the dress within a day.")]
    [InlineData("A burglar broke in at night (file photo).", "A burglar broke in at night.")]
    [InlineData("The National Health Service (NHS) said the wait was too long.", "The National Health Service (NHS) said the wait was too long.")]
    [InlineData("The vote came (right after the recess) on Tuesday.", "The vote came (right after the recess) on Tuesday.")]
    [InlineData("(Left) is where the road ends.", "(Left) is where the road ends.")]
    [InlineData("No brackets at all.", "No brackets at all.")]
    public void Strip_Sentence_DropsOnlyPointersToAPicture(string sentence, string expected) =>
        Assert.Equal(expected, PictureReferences.Strip(sentence));
}
