using Pipeline.Core.Digests;

namespace Pipeline.Core.Tests.Digests;

public sealed class AlertTests
{
    [Fact]
    public void Create_NoName_NamedAfterTheTrimmedQuery()
    {
        var alert = Alert.Create(null, "  harbour OR port ");

        Assert.Equal("harbour OR port", alert.Name);
        Assert.Equal("harbour OR port", alert.Query);
    }

    [Fact]
    public void Create_SameNameAndQuery_SameId_OtherQuery_OtherId()
    {
        Assert.Equal(Alert.Create("Ports", "harbour").Id, Alert.Create("Ports", "harbour").Id);
        Assert.NotEqual(Alert.Create("Ports", "harbour").Id, Alert.Create("Ports", "harbor").Id);
        Assert.Matches("^[0-9a-f]{8}$", Alert.Create("Ports", "harbour").Id);
    }

    [Theory]
    [InlineData("(prison", "query: ")]
    [InlineData("prison OR", "query: ")]
    [InlineData("-prison", "query: ")]
    public void Create_MalformedQuery_MessageNamesTheFieldAndThePosition(string query, string prefix)
    {
        var error = Assert.Throws<FormatException>(() => Alert.Create("x", query));

        Assert.StartsWith(prefix, error.Message, StringComparison.Ordinal);
        Assert.Matches(" at \\d+$", error.Message);
    }

    [Fact]
    public void Create_NameTooLong_MessageNamesTheName() =>
        Assert.StartsWith("name: ", Assert.Throws<FormatException>(() => Alert.Create(new string('n', Alert.MaxNameLength + 1), "prison")).Message, StringComparison.Ordinal);
}
