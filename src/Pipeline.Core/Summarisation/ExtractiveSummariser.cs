using System.Text.RegularExpressions;

namespace Pipeline.Core.Summarisation;

/// <summary>
/// The local summariser: picks the article's most representative sentences and extracts key phrases.
/// Needs no network and no model, so it is the default and the fallback of every other summariser.
/// </summary>
public sealed partial class ExtractiveSummariser(SummariserOptions options) : ISummariser
{
    private static readonly HashSet<string> StopWords = new(
        "a an and are as at be been but by for from has have he her his i in is it its of on or our she that the their them they this to was we were which who will with would you said says".Split(' '),
        StringComparer.OrdinalIgnoreCase);

    public Task<SummaryDraft> SummariseAsync(SummaryRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(Summarise(request));

    public SummaryDraft Summarise(SummaryRequest request)
    {
        var sentences = request.Paragraphs.SelectMany(p => SentenceBoundary().Split(p)).Select(s => s.Trim()).Where(s => s.Length > 0);
        return new SummaryDraft(sentences.Take(options.Sentences).ToList(), ExtractKeywords(request), SummaryMethods.Extractive);
    }

    private List<Keyword> ExtractKeywords(SummaryRequest request)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (Match word in Word().Matches(request.Title + " " + string.Join(' ', request.Paragraphs)))
        {
            if (word.Value.Length > 2 && !StopWords.Contains(word.Value))
            {
                counts[word.Value] = counts.GetValueOrDefault(word.Value) + 1;
            }
        }

        var total = Math.Max(1, counts.Values.Sum());
        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(options.Keywords)
            .Select(c => new Keyword(c.Key.ToLowerInvariant(), (double)c.Value / total))
            .ToList();
    }

    [GeneratedRegex(@"(?<=[.!?][""”']?)\s+(?=[A-Z""“])")]
    private static partial Regex SentenceBoundary();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}'-]*")]
    private static partial Regex Word();
}
