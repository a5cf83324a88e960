namespace Pipeline.Core.Alerts;

/// <summary>
/// A malformed alert query. The message names what was wrong and where, such as
/// <c>unbalanced parenthesis at 18</c> or <c>expected a term after OR at 12</c>.
/// </summary>
public sealed class AlertQueryException : FormatException
{
    public AlertQueryException()
    {
        Problem = "malformed alert query";
        Expected = string.Empty;
    }

    public AlertQueryException(string message)
        : base(message)
    {
        Problem = message;
        Expected = string.Empty;
    }

    public AlertQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
        Expected = string.Empty;
    }

    /// <param name="problem">What was wrong, such as "unterminated quote".</param>
    /// <param name="position">The zero-based index in the query where it was found.</param>
    /// <param name="expected">What the parser expected there, such as "a closing quote".</param>
    public AlertQueryException(string problem, int position, string expected)
        : base($"{problem} at {position}")
    {
        Problem = problem;
        Position = position;
        Expected = expected;
    }

    /// <summary>The zero-based index in the query where the problem was found.</summary>
    public int Position { get; }

    /// <summary>What the parser expected at <see cref="Position"/>.</summary>
    public string Expected { get; }

    /// <summary>What was wrong, without the position.</summary>
    public string Problem { get; }
}
