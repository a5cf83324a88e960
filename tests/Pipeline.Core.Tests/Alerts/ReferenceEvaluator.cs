using System.Text.RegularExpressions;
using Pipeline.Core.Alerts;

namespace Pipeline.Core.Tests.Alerts;

/// <summary>
/// The query semantics written the plain way, to check the index against: each field is a list of parts (the title;
/// each keyword; each paragraph), each part a list of folded words, and every node is evaluated recursively on them.
/// </summary>
internal static partial class ReferenceEvaluator
{
    public static bool Matches(AlertQueryNode node, MatchableDocument document) => node switch
    {
        AlertTerm term => Parts(document, term.Field).Any(part => HasRun(part, term.Phrase.Split(' '), term.Exact)),
        AlertSource source => AlertText.Host(document.Source) is { } host && (host == source.Host || host.EndsWith("." + source.Host, StringComparison.Ordinal)),
        AlertNot not => !Matches(not.Excluded, document),
        AlertAnd and => and.Children.All(c => Matches(c, document)),
        AlertOr or => or.Children.Any(c => Matches(c, document)),
        _ => throw new ArgumentException(node.GetType().Name),
    };

    private static IEnumerable<List<string>> Parts(MatchableDocument document, AlertField field)
    {
        IEnumerable<string> texts = field switch
        {
            AlertField.Title => [document.Title],
            AlertField.Keyword => document.Keywords,
            AlertField.Body => document.Body,
            _ => [document.Title, .. document.Keywords, .. document.Body],
        };
        return texts.Select(t => WordPattern().Matches(t).Select(m => AlertText.Fold(m.Value)).Where(w => w.Length > 0).ToList());
    }

    private static bool HasRun(List<string> part, string[] words, bool exact)
    {
        for (var start = 0; start + words.Length <= part.Count; start++)
        {
            var all = true;
            for (var i = 0; i < words.Length && all; i++)
            {
                all = exact ? part[start + i] == words[i] : AlertText.Stem(part[start + i]) == AlertText.Stem(words[i]);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"[\p{L}\p{Nd}\p{Mn}]+")]
    private static partial Regex WordPattern();
}
