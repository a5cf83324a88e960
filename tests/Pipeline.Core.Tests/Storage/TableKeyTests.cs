using Pipeline.Core.Storage;

namespace Pipeline.Core.Tests.Storage;

public sealed class TableKeyTests
{
    [Theory]
    // Pinned: stored rows (subscribers, the ingestion ledger, announced blobs) are keyed by these values.
    [InlineData("alice@example.com", "ff8d9819fc0e12bf0d24892e45987e24")]
    [InlineData("news/2025/ü #1?.txt", "bf2f96befb74e90f058262faaeccaa94")]
    public void Of_AnyString_IsTheFirst32HexDigitsOfItsSha256(string value, string expected) =>
        Assert.Equal(expected, TableKey.Of(value));
}
