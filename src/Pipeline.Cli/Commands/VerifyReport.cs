using System.Text.Json;
using Pipeline.Core.Reliability;

namespace Pipeline.Cli.Commands;

/// <summary>Prints what <see cref="StorageAudit"/> found, for people or (as JSON) for scripts.</summary>
internal static class VerifyReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(AuditReport report, TextWriter output)
    {
        foreach (var (area, states) in report.Counts)
        {
            await output.WriteLineAsync($"{area + ":",-12} {string.Join(", ", states.Select(s => $"{s.Value} {s.Key}"))}").ConfigureAwait(false);
        }

        foreach (var finding in report.InFlight)
        {
            await output.WriteLineAsync($"  in flight  {finding.Area} {finding.Item}: {finding.Detail}").ConfigureAwait(false);
        }

        foreach (var finding in report.Problems)
        {
            await output.WriteLineAsync($"  PROBLEM    {finding.Area} {finding.Item}: {finding.State}: {finding.Detail}").ConfigureAwait(false);
        }

        if (report.ProblemCount > report.Problems.Count)
        {
            await output.WriteLineAsync($"  ... and {report.ProblemCount - report.Problems.Count} more problem(s)").ConfigureAwait(false);
        }

        await output.WriteLineAsync(report.IsClean
            ? "verify: every item is accounted for"
            : $"verify: {report.ProblemCount} item(s) cannot be accounted for").ConfigureAwait(false);
    }

    public static async Task WriteJsonAsync(AuditReport report, TextWriter output) =>
        await output.WriteLineAsync(JsonSerializer.Serialize(
            new
            {
                clean = report.IsClean,
                problemCount = report.ProblemCount,
                counts = report.Counts,
                problems = report.Problems,
                inFlight = report.InFlight,
            },
            Json)).ConfigureAwait(false);
}
