using System.Text;

namespace Pipeline.Core;

/// <summary>Text files built into Pipeline.Core (prompts, the word-class lexicon, the key-phrase re-ranker).</summary>
internal static class EmbeddedText
{
    /// <summary>A reader over the resource named <paramref name="name"/>; a build that lost it fails here, saying which.</summary>
    public static StreamReader Open(string name)
    {
        var assembly = typeof(EmbeddedText).Assembly;
        var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {assembly.GetName().Name}.");
        return new StreamReader(stream, Encoding.UTF8);
    }
}
