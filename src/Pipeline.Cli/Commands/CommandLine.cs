using System.Globalization;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The parsed words after a verb: positional arguments, <c>--name value</c> options and <c>--flag</c> switches.
/// Kept deliberately small: every verb documents its own options in <see cref="ICommand.Usage"/>.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private CommandLine(List<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    public static CommandLine Parse(IEnumerable<string> args, params string[] switches)
    {
        var positional = new List<string>();
        var line = new CommandLine(positional);
        using var words = args.GetEnumerator();
        while (words.MoveNext())
        {
            var word = words.Current;
            if (!word.StartsWith("--", StringComparison.Ordinal) || word == "--")
            {
                positional.Add(word);
                continue;
            }

            var name = word[2..];
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                line._options[name[..equals]] = name[(equals + 1)..];
            }
            else if (switches.Contains(name))
            {
                line._options[name] = null;
            }
            else if (words.MoveNext())
            {
                line._options[name] = words.Current;
            }
            else
            {
                throw new CommandLineException($"--{name} needs a value.");
            }
        }

        return line;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public string Require(string name) =>
        Get(name) ?? throw new CommandLineException($"--{name} is required.");

    public int GetInt(string name, int fallback)
    {
        var value = Get(name);
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new CommandLineException($"--{name} takes a whole number, not '{value}'.");
    }
}

/// <summary>A mistake in the words the user typed; printed with the verb's usage, exit code 2.</summary>
internal sealed class CommandLineException(string message) : Exception(message);
