using System.CommandLine.Parsing;
using System.Globalization;

namespace Pipeline.Cli.Commands;

/// <summary>Parsers for option values that must be in a range, reported as parse errors (exit code 2) that name the option.</summary>
internal static class OptionParsers
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Func<ArgumentResult, int> WholeNumber(int min, int max = int.MaxValue) => result =>
    {
        var token = LastToken(result);
        if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var range = max == int.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"a whole number of at least {min}") : string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}");
        result.AddError($"{OptionName(result)} takes {range}, not '{token}'.");
        return default;
    };

    /// <summary>The value the user gave last (an option given twice takes its last value), or empty.</summary>
    public static string LastToken(ArgumentResult result) => result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value;

    /// <summary>The option as the user typed it (<c>--timeout</c>), for messages.</summary>
    public static string OptionName(SymbolResult result) => result switch
    {
        OptionResult option => option.IdentifierToken?.Value ?? option.Option.Name,
        ArgumentResult { Parent: OptionResult option } => option.IdentifierToken?.Value ?? option.Option.Name,
        ArgumentResult argument => argument.Argument.Name,
        _ => "the option",
    };
}
