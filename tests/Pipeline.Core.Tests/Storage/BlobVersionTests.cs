using Azure;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Tests.Storage;

public sealed class BlobVersionTests
{
    [Theory]
    [InlineData("\"0x8DC1A2B3C4D5E6F\"", "0x8DC1A2B3C4D5E6F")]
    [InlineData("0x8DC1A2B3C4D5E6F", "0x8DC1A2B3C4D5E6F")]
    public void Of_QuotedOrBareETag_IsTheBareValue(string etag, string expected)
    {
        Assert.Equal(expected, BlobVersion.Of(etag));
        Assert.Equal(expected, BlobVersion.Of(new ETag(etag)));
    }

    [Fact]
    public void Of_UnknownETag_IsEmpty() => Assert.Equal("", BlobVersion.Of((ETag?)null));
}
