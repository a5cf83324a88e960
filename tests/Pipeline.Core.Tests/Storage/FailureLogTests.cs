using Pipeline.Core.Storage;

namespace Pipeline.Core.Tests.Storage;

public sealed class FailureLogTests
{
    [Fact]
    public void Describe_MultiLineMessage_TypeAndFirstLineOnly()
    {
        var error = new InvalidOperationException("The table was not found.\r\nStatus: 404\nHeaders:\nAuthorization: REDACTED");

        Assert.Equal("InvalidOperationException: The table was not found.", FailureLog.Describe(error));
    }

    [Fact]
    public void Describe_LongMessage_CutToTheLimitWithAnEllipsis()
    {
        var described = FailureLog.Describe(new TimeoutException(new string('x', 2000)));

        Assert.Equal(FailureLog.MaxErrorLength, described.Length);
        Assert.StartsWith("TimeoutException: xxx", described, StringComparison.Ordinal);
        Assert.EndsWith("…", described, StringComparison.Ordinal);
    }
}
