using System.Globalization;
using System.Text;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Alerts;

/// <summary>
/// A subscriber's alert: words and "quoted phrases" that must all appear (joined by AND, or just by spaces),
/// matched case-insensitively, on word boundaries, against an article's title, keywords and body.
/// </summary>
public sealed class AlertQuery
{
    private AlertQuery(string text, IReadOnlyList<string[]> terms)
    {
        Text = text;
        Terms = terms;
    }

    public string Text { get; }

    /// <summary>Each term is a sequence of normalised words: one word, or a phrase.</summary>
    public IReadOnlyList<string[]> Terms { get; }

    /// <summary>Reads a query; throws <see cref="FormatException"/> with a readable message when it is malformed.</summary>
    public static AlertQuery Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = new List<string[]>();
        var folded = TextFolding.FoldQuotes(query);
        var i = 0;
        while (i < folded.Length)
        {
            if (char.IsWhiteSpace(folded[i]))
            {
                i++;
                continue;
            }

            if (folded[i] == '"')
            {
                var end = folded.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new FormatException($"The alert query '{query}' has an opening quote with no closing quote.");
                }

                var phrase = Words(folded[(i + 1)..end]);
                if (phrase.Length > 0)
                {
                    terms.Add(phrase);
                }

                i = end + 1;
                continue;
            }

            var stop = i;
            while (stop < folded.Length && !char.IsWhiteSpace(folded[stop]) && folded[stop] != '"')
            {
                stop++;
            }

            var word = folded[i..stop];
            i = stop;
            if (word == "AND")
            {
                continue;
            }

            terms.AddRange(Words(word).Select(w => new[] { w }));
        }

        if (terms.Count == 0)
        {
            throw new FormatException($"The alert query '{query}' has no words to match.");
        }

        return new AlertQuery(query, terms);
    }

    /// <summary>True when every term appears in the text.</summary>
    public bool Matches(MatchableText text) => Terms.All(text.Contains);

    /// <summary>Splits text into lower-case words: runs of letters and digits, quotes folded, accents kept.</summary>
    internal static string[] Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in TextFolding.FoldQuotes(text).Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return [.. words];
    }
}

/// <summary>An article's title, keywords and body prepared once for matching many queries.</summary>
public sealed class MatchableText
{
    private readonly string _joined;
    private readonly HashSet<string> _words;

    public MatchableText(string title, IEnumerable<string> keywords, IEnumerable<string> body)
    {
        // Fields are separated by a marker no word can equal, so a phrase never spans title and body.
        var words = new List<string>();
        foreach (var part in new[] { title }.Concat(keywords).Concat(body))
        {
            words.AddRange(AlertQuery.Words(part));
            words.Add("\u0001");
        }

        _words = new HashSet<string>(words, StringComparer.Ordinal);
        _joined = " " + string.Join(' ', words) + " ";
    }

    public bool Contains(string[] term) =>
        term.Length == 1
            ? _words.Contains(term[0])
            : _joined.Contains(" " + string.Join(' ', term) + " ", StringComparison.Ordinal);
}
