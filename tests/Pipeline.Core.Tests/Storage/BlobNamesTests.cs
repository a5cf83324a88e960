using Pipeline.Core.Storage;

namespace Pipeline.Core.Tests.Storage;

public sealed class BlobNamesTests
{
    [Theory]
    [InlineData("../a.txt")]
    [InlineData("a/../b.txt")]
    [InlineData("./a.txt")]
    [InlineData("a/./b.txt")]
    [InlineData("a/..")]
    public void IsReadable_DotSegment_False(string name) => Assert.False(BlobNames.IsReadable(name));

    [Theory]
    [InlineData("a.txt")]
    [InlineData("...txt")]
    [InlineData("..a/b.txt")]
    [InlineData("a../b.txt")]
    [InlineData("%2e%2e/a.txt")]
    [InlineData("a%2Fb.txt")]
    [InlineData("news \U0001F4F0.txt")]
    public void IsReadable_NoDotSegment_True(string name) => Assert.True(BlobNames.IsReadable(name));
}
