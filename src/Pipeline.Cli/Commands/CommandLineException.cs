namespace Pipeline.Cli.Commands;

/// <summary>
/// A mistake in what the user asked for that only shows once a verb runs (a file that is gone, Azurite not
/// listening); printed with the verb's name, exit code 2 like a parse error.
/// </summary>
internal sealed class CommandLineException(string message) : Exception(message);
