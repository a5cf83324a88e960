using System.CommandLine.Parsing;
using Pipeline.Core.Digests;

namespace Pipeline.Cli.Commands;

/// <summary>
/// Checks of what users type about subscribers, by Core's own parsers; every message starts with the field at fault
/// (<c>email:</c>, <c>query:</c>, <c>frequency:</c>, <c>name:</c>).
/// </summary>
internal static class SubscriberInput
{
    /// <summary>Reads a frequency, or throws a <see cref="FormatException"/> naming the field and what <see cref="SendSchedule.Parse"/> found.</summary>
    public static string Frequency(string frequency)
    {
        try
        {
            SendSchedule.Parse(frequency);
            return frequency.Trim();
        }
        catch (FormatException ex)
        {
            throw new FormatException($"frequency: {ex.Message}", ex);
        }
    }

    /// <summary>An option validator: the email is normalised by <see cref="EmailAddress.Normalise"/> or reported.</summary>
    public static void Email(OptionResult result) => Check(result, EmailAddress.Normalise);

    public static void Query(OptionResult result) => Check(result, q => Alert.Create(null, q));

    public static void Frequency(OptionResult result) => Check(result, Frequency);

    public static void Email(ArgumentResult result) => Check(result, EmailAddress.Normalise);

    /// <summary>Reports what <paramref name="parse"/> finds wrong as a usage error.</summary>
    private static void Check<T>(SymbolResult result, Func<string, T> parse)
    {
        var value = result switch
        {
            OptionResult option => option.GetValueOrDefault<string>(),
            ArgumentResult argument => argument.GetValueOrDefault<string>(),
            _ => null,
        };
        try
        {
            parse(value ?? string.Empty);
        }
        catch (FormatException ex)
        {
            result.AddError(ex.Message);
        }
    }
}
