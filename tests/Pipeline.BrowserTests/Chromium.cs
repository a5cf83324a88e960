namespace Pipeline.BrowserTests;

/// <summary>
/// Finds the system's Chromium: <c>PIPELINE_CHROMIUM</c> when set, else <c>chromium</c> (Debian's package, which
/// <c>.ci/run</c> installs) or <c>chromium-browser</c> on the PATH. Playwright's own browser download is never used.
/// </summary>
public static class Chromium
{
    /// <summary>The environment variable that names a Chromium executable to use instead of the one on the PATH.</summary>
    public const string Variable = "PIPELINE_CHROMIUM";

    private static readonly Lazy<string?> Found = new(Locate);

    /// <summary>The executable, or null when there is none.</summary>
    public static string? ExecutablePath => Found.Value;

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? MissingReason => ExecutablePath is not null
        ? null
        : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named
            ? $"{Variable} names '{named}', which is not an executable file."
            : $"Chromium is not installed (no 'chromium' or 'chromium-browser' on the PATH; apt-get install chromium, or set {Variable}).";

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
        {
            return File.Exists(named) ? Path.GetFullPath(named) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser" })
        {
            foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

/// <summary>A theory that is skipped, with the reason shown, where there is no Chromium to drive.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (Chromium.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
