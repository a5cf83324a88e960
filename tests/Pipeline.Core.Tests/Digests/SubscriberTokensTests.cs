using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Tests.Digests;

public sealed class SubscriberTokensTests
{
    private const string Key = "a-random-password-of-at-least-32-characters";
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Fact]
    public void Check_TokenItIssued_ValidForTheSameSubscriber()
    {
        var tokens = new SubscriberTokens(Key, new FakeTimeProvider());
        var token = tokens.Issue("subscriber-key-1", TokenPurpose.Unsubscribe, Week);

        Assert.Equal(TokenCheck.Valid, tokens.Check(token, TokenPurpose.Unsubscribe, out var subscriber));
        Assert.Equal("subscriber-key-1", subscriber);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.DoesNotContain('=', token);
    }

    [Fact]
    public void Check_AfterItsExpiry_Expired()
    {
        var time = new FakeTimeProvider();
        var tokens = new SubscriberTokens(Key, time);
        var token = tokens.Issue("s", TokenPurpose.Confirm, TimeSpan.FromHours(48));

        time.Advance(TimeSpan.FromHours(47));
        Assert.Equal(TokenCheck.Valid, tokens.Check(token, TokenPurpose.Confirm, out _));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(TokenCheck.Expired, tokens.Check(token, TokenPurpose.Confirm, out var subscriber));
        Assert.Equal("", subscriber);
    }

    [Fact]
    public void Check_TokenForAnotherPurpose_WrongPurpose()
    {
        var tokens = new SubscriberTokens(Key, new FakeTimeProvider());
        var manage = tokens.Issue("s", TokenPurpose.Manage, Week);

        Assert.Equal(TokenCheck.WrongPurpose, tokens.Check(manage, TokenPurpose.Unsubscribe, out _));
    }

    [Fact]
    public void Check_TokenSignedWithAnotherKey_BadSignature()
    {
        var time = new FakeTimeProvider();
        var other = new SubscriberTokens("another-random-password-of-32-characters!", time).Issue("s", TokenPurpose.Unsubscribe, Week);

        Assert.Equal(TokenCheck.BadSignature, new SubscriberTokens(Key, time).Check(other, TokenPurpose.Unsubscribe, out _));
    }

    [Fact]
    public void Check_PayloadChangedToAnotherSubscriber_BadSignature()
    {
        var tokens = new SubscriberTokens(Key, new FakeTimeProvider());
        var mine = tokens.Issue("subscriber-a", TokenPurpose.Unsubscribe, Week);
        var theirs = tokens.Issue("subscriber-b", TokenPurpose.Unsubscribe, Week);

        var forged = theirs[..theirs.IndexOf('.', StringComparison.Ordinal)] + mine[mine.IndexOf('.', StringComparison.Ordinal)..];

        Assert.Equal(TokenCheck.BadSignature, tokens.Check(forged, TokenPurpose.Unsubscribe, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".")]
    [InlineData("abc.def")]
    [InlineData("<script>.alert(1)")]
    [InlineData("AQAAAAAAAAAAcw.%%%")]
    public void Check_Garbage_MalformedWithoutThrowing(string? token)
    {
        var tokens = new SubscriberTokens(Key, new FakeTimeProvider());

        Assert.Equal(TokenCheck.Malformed, tokens.Check(token, TokenPurpose.Unsubscribe, out _));
    }

    [Fact]
    public void Constructor_ShortKey_Refused() =>
        Assert.Throws<ArgumentException>(() => new SubscriberTokens("short", TimeProvider.System));
}
