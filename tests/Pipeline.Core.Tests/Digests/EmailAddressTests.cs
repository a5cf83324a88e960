using Pipeline.Core.Digests;

namespace Pipeline.Core.Tests.Digests;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData(" alice@example.com ", "alice@example.com")]
    [InlineData("Alice@EXAMPLE.Com", "Alice@example.com")]
    [InlineData("jörg@bücher.example", "jörg@xn--bcher-kva.example")]
    [InlineData("info@ÉCOLE.fr", "info@xn--cole-9oa.fr")]
    [InlineData("a.b+tag@mail.example.org.", "a.b+tag@mail.example.org")]
    public void Normalise_ValidAddress_TrimmedDomainLowerCasedAndInPunycode(string email, string expected) =>
        Assert.Equal(expected, EmailAddress.Normalise(email));

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("alice@")]
    [InlineData("@example.com")]
    [InlineData("alice@localhost")]
    [InlineData("alice@exa mple.com")]
    [InlineData("alice@exa_mple.com")]
    [InlineData("Alice <alice@example.com>")]
    public void Normalise_Invalid_ThrowsNamingTheField(string email) =>
        Assert.StartsWith("email: ", Assert.Throws<FormatException>(() => EmailAddress.Normalise(email)).Message, StringComparison.Ordinal);
}
