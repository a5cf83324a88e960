using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class WordScannerTests
{
    [Theory]
    [InlineData("Noem's self-deport plan", "Noem|self-deport|plan")]
    [InlineData("don't pay 3.5 or 4,000", "don't|pay|3.5|or|4,000")]
    [InlineData("the Klein–Gordon equation", "the|Klein–Gordon|equation")]
    [InlineData("a steel–concrete interface", "a|steel–concrete|interface")]
    [InlineData("Paris – London", "Paris|London")]
    [InlineData("pages 10–20", "pages|10|20")]
    [InlineData("war—and peace", "war|and|peace")]
    public void Scan_Text_GivesItsWords(string text, string expected)
    {
        var words = new List<string>();
        foreach (var word in WordScanner.Scan(text))
        {
            words.Add(text.Substring(word.Start, word.Length));
        }

        Assert.Equal(expected, string.Join('|', words));
    }
}
