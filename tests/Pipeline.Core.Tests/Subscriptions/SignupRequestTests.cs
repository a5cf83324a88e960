using Pipeline.Core.Subscriptions;

namespace Pipeline.Core.Tests.Subscriptions;

public sealed class SignupRequestTests
{
    [Fact]
    public void Parse_GoodForm_NormalisesTheAddressAndDefaultsToDaily()
    {
        var request = SignupRequest.Parse(" Alice@Example.COM ", "ferry OR harbour", null, null);

        Assert.Equal("Alice@example.com", request.Email);
        Assert.Equal("ferry OR harbour", request.Alert.Query);
        Assert.Equal("daily", request.Schedule);
    }

    [Theory]
    [InlineData("alice@example.com\r\nBcc: everyone@example.com", "email:")]
    [InlineData("alice@example.com\nX", "email:")]
    [InlineData("not an address", "email:")]
    [InlineData("", "email:")]
    public void Parse_BadAddress_FailsNamingTheEmailField(string email, string field)
    {
        var error = Assert.Throws<FormatException>(() => SignupRequest.Parse(email, "ferry", "daily", null));

        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverlongFields_AreRefusedByLength()
    {
        Assert.StartsWith("email:", Assert.Throws<FormatException>(() => SignupRequest.Parse(new string('a', 250) + "@example.com", "ferry", null, null)).Message, StringComparison.Ordinal);
        Assert.StartsWith("query:", Assert.Throws<FormatException>(() => SignupRequest.Parse("a@example.com", new string('q', 501), null, null)).Message, StringComparison.Ordinal);
        Assert.StartsWith("name:", Assert.Throws<FormatException>(() => SignupRequest.Parse("a@example.com", "ferry", null, new string('n', 101))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadQueryOrSchedule_FailsNamingTheField()
    {
        Assert.StartsWith("query:", Assert.Throws<FormatException>(() => SignupRequest.Parse("a@example.com", "ferry AND (", null, null)).Message, StringComparison.Ordinal);
        Assert.StartsWith("schedule:", Assert.Throws<FormatException>(() => SignupRequest.Parse("a@example.com", "ferry", "daily 25:00 Europe/Paris", null)).Message, StringComparison.Ordinal);
    }
}
