using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Pipeline.Core.Reliability;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// The one-line console format of <c>pipeline up</c> (<c>HH:mm:ss level: category[event] message</c>). A failure
/// because storage is not answering (Azurite stopped, frozen or restarting), or a function cancelled as the host
/// stops, is an expected, retried condition: it is printed as one line naming the cause (<see cref="StorageFailures.Describe"/>), without the stack trace the SDK
/// attaches to every failed function run. Any other exception is printed in full: that is a bug to report.
/// </summary>
internal sealed class PipelineConsoleFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "pipeline";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(time.GetLocalNow().ToString("HH:mm:ss ", CultureInfo.InvariantCulture));
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture));
        textWriter.Write("] ");
        textWriter.Write((message ?? "").ReplaceLineEndings(" "));
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(' ');
            textWriter.Write(RetriedCause(exception) is { } cause
                ? $"({StorageFailures.Describe(cause)}; it is retried)"
                : exception.ToString());
        }

        textWriter.Write(Environment.NewLine);
    }

    /// <summary>
    /// The storage failure (or the cancellation of a stopping host) under the wrappers (function invocation,
    /// retries), if that is what it is: the queue or the feed retries it, so its stack trace tells nobody anything.
    /// </summary>
    internal static Exception? RetriedCause(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (StorageFailures.IsUnavailable(current) || current is OperationCanceledException)
            {
                return current;
            }

            if (current is AggregateException)
            {
                return null;
            }
        }

        return null;
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
