using Microsoft.Extensions.Options;
using NCrontab;

namespace Pipeline.Core.Digests;

/// <summary>
/// Checks <see cref="DigestOptions.DigestSchedule"/> with NCrontab, the parser the timer trigger itself uses, and
/// with the same rule: five fields are minutes first, anything else must be six fields with seconds. A bad value
/// stops the host at start instead of failing when the timer is first scheduled.
/// </summary>
internal sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestOptions options) =>
        Check(options.DigestSchedule) is { } problem
            ? ValidateOptionsResult.Fail($"{nameof(DigestOptions.DigestSchedule)} '{options.DigestSchedule}' {problem}")
            : ValidateOptionsResult.Success;

    /// <summary>Why <paramref name="schedule"/> is not a schedule the timer trigger accepts, or null when it is.</summary>
    internal static string? Check(string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule))
        {
            return "is empty: set an NCRONTAB expression such as '0 */15 * * * *'.";
        }

        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            // The timer trigger would read this as a TimeSpan, which the Flex Consumption plan does not run.
            return $"has {fields} field(s): use a six-field NCRONTAB expression (second minute hour day month weekday) such as '0 */15 * * * *'.";
        }

        var parsed = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        return parsed is null
            ? $"is not a valid NCRONTAB expression: each field must be in range ({(fields == 6 ? "second 0-59, " : "")}minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6), such as '0 */15 * * * *'."
            : null;
    }
}
