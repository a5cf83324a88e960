using System.Net.Sockets;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Cli.Hosting;

namespace Pipeline.Cli.Tests.Hosting;

public sealed class PipelineConsoleFormatterTests
{
    [Fact]
    public void Write_FunctionFailedBecauseStorageRefused_OneLineNamingTheCauseWithoutStackTrace()
    {
        var refused = new AggregateException("Retry failed after 4 tries.", new RequestFailedException(0, "Connection refused (127.0.0.1:10000)", new SocketException(111)));
        var text = Write("Executed 'ParseArticle' (Failed)", Thrown(new InvalidOperationException("Exception while executing function: ParseArticle", refused)));

        Assert.Equal("fail: Function.ParseArticle[3] Executed 'ParseArticle' (Failed) (RequestFailedException: Connection refused (127.0.0.1:10000); it is retried)", text[9..].TrimEnd());
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AnyOtherException_IsPrintedInFull()
    {
        var text = Write("Executed 'ParseArticle' (Failed)", Thrown(new InvalidOperationException("a bug", new NullReferenceException("no such thing"))));

        Assert.Contains("NullReferenceException: no such thing", text, StringComparison.Ordinal);
        Assert.Contains("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ExceptionWithoutMessage_DoesNotThrow()
    {
        var text = Write(null, new TaskCanceledException());

        Assert.EndsWith("fail: Function.ParseArticle[3]  (TaskCanceledException: A task was canceled.; it is retried)", text.TrimEnd(), StringComparison.Ordinal);
    }

    private static string Write(string? message, Exception exception)
    {
        var formatter = new PipelineConsoleFormatter(TimeProvider.System);
        var entry = new LogEntry<string?>(LogLevel.Error, "Function.ParseArticle", new EventId(3), message, exception, (state, _) => state!);
        using var writer = new StringWriter();
        formatter.Write(entry, null, writer);
        return writer.ToString();
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
