using System.Text;
using MimeKit;
using Pipeline.Core.Delivery;
using Pipeline.Core.Digests;
using static Pipeline.Core.Tests.Digests.DigestSamples;

namespace Pipeline.Core.Tests.Delivery;

public sealed class MimeMessagesTests
{
    private static readonly EmailOptions Options = new() { From = "digests@mail.example.org", FromName = "Pipeline digests" };

    private static MimeMessage RoundTrip(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        var raw = stream.ToArray();
        Assert.All(raw, b => Assert.True(b < 128, "a byte outside 7-bit ASCII"));
        stream.Position = 0;
        return new MimeParser(stream, MimeFormat.Entity).ParseMessage();
    }

    [Fact]
    public void Create_Digest_MultipartAlternativeTextThenHtml_Utf8WithDeclaredEncodings()
    {
        var email = DigestBuilder.Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem with { Title = "Noem — CECOT’s gates" }])], At, LinksFor(Alice), 10, "mail.example.org");

        var parsed = RoundTrip(MimeMessages.Create(email, Options));

        var alternative = Assert.IsType<MultipartAlternative>(parsed.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        foreach (var part in alternative.Cast<TextPart>())
        {
            Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
            Assert.Contains(part.ContentTransferEncoding, new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64 });
            Assert.NotNull(part.Headers[HeaderId.ContentTransferEncoding]);
            Assert.Contains("Noem — CECOT’s gates", part.Text, StringComparison.Ordinal);
        }

        Assert.Equal(email.Text, parsed.TextBody);
        Assert.Equal(email.Html, parsed.HtmlBody);
    }

    [Fact]
    public void Create_Digest_CarriesListAndAutomaticMailHeaders()
    {
        var links = LinksFor(Alice);
        var email = DigestBuilder.Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem])], At, links, 10, "mail.example.org");

        var parsed = RoundTrip(MimeMessages.Create(email, Options));

        Assert.Equal($"<{links.Unsubscribe.AbsoluteUri}>, <{links.UnsubscribeMailto.AbsoluteUri}>", Unfold(parsed.Headers["List-Unsubscribe"]!));
        Assert.StartsWith("<https://pipeline.example/api/unsubscribe?token=", parsed.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", parsed.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("auto-generated", parsed.Headers["Auto-Submitted"]);
        Assert.Equal("Pipeline digests <digests.mail.example.org>", parsed.Headers["List-Id"]);
        Assert.Equal($"{DigestBuilder.DigestId(Alice, ["a1"])}@mail.example.org", parsed.MessageId);
        Assert.Equal("1 new article for your alert: \"El Salvador\" AND prison", parsed.Subject);
    }

    [Fact]
    public void Create_NotListMail_NoListHeaders_MessageIdOnTheSenderDomain()
    {
        var confirmation = new EmailMessage("bob@example.com", "Confirm your subscription", "Confirm: https://x.example/c", "<p>Confirm</p>", "confirm-123");

        var parsed = RoundTrip(MimeMessages.Create(confirmation, Options));

        Assert.Null(parsed.Headers["List-Unsubscribe"]);
        Assert.Null(parsed.Headers["List-Unsubscribe-Post"]);
        Assert.Null(parsed.Headers["List-Id"]);
        Assert.Equal("auto-generated", parsed.Headers["Auto-Submitted"]);
        Assert.Equal("confirm-123@mail.example.org", parsed.MessageId);
    }

    [Fact]
    public void Create_SubjectAndNameWithLineBreaks_NoHeaderInjection()
    {
        var email = new EmailMessage("bob@example.com", "Hello\r\nBcc: victim@example.com\r\n\r\nbody", "t", "<p>h</p>", "x1@mail.example.org");
        var options = new EmailOptions { From = "digests@mail.example.org", FromName = "Pipeline\r\nX-Evil: 1" };

        var parsed = RoundTrip(MimeMessages.Create(email, options));

        Assert.Equal("Hello Bcc: victim@example.com body", parsed.Subject);
        Assert.Empty(parsed.Bcc);
        Assert.Null(parsed.Headers["X-Evil"]);
        Assert.Equal("Pipeline X-Evil: 1", parsed.From.Mailboxes.Single().Name);
    }

    private static string Unfold(string value) => value.Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
}
