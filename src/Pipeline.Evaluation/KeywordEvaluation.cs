using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core.Summarisation;
using Pipeline.Core.Text;

namespace Pipeline.Evaluation;

/// <summary>One document with its gold key phrases, as a line of a key-phrase file.</summary>
public sealed record KeyphraseDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("lang")] string? Lang,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("keyphrases")] IReadOnlyList<string> Keyphrases);

/// <summary>Macro-averaged precision, recall and F1 at 5 and at 10 over one set of documents.</summary>
public sealed record KeywordGroupResult(string Dataset, int Count, double P5, double R5, double F5, double P10, double R10, double F10);

/// <summary>Per-dataset and overall key-phrase scores, what the top tens break of the list rules, and our ranked phrases by id.</summary>
public sealed record KeywordEvaluationResult(IReadOnlyList<KeywordGroupResult> Datasets, KeywordGroupResult Overall, KeywordListChecks Checks, IReadOnlyList<KeywordPrediction> Predictions);

/// <summary>A document's ranked key phrases, best first: a line of <c>eval keywords --out</c>, read back by <c>--baseline</c>.</summary>
public sealed record KeywordPrediction(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("keyphrases")] IReadOnlyList<string> Keyphrases);

/// <summary>
/// Counts over the top ten phrases of every text. <paramref name="Contained"/>: phrases inside a better-ranked one, as
/// whole words; of those, <paramref name="DifferentEntities"/> are a capitalised name that the better phrase uses as a
/// modifier ("UK" below "UK companies") or a name of two or more words inside a longer name ("New York" below "New York
/// Times"), which the extractor keeps on purpose. <paramref name="VerbEndings"/>: phrases whose last word is lower-case
/// and, in English, a word the lexicon gives a verb class and no noun class.
/// </summary>
public sealed record KeywordListChecks(int Lists, int Contained, int DifferentEntities, int VerbEndings)
{
    /// <summary>Contained phrases that name the same thing as the better one: what the rule forbids.</summary>
    public int ContainedSameThing => Contained - DifferentEntities;
}

/// <summary>
/// Scores the keyword extractor against gold key phrases by stemmed exact match: both sides are lower-cased, split on
/// anything but letters and digits, and Porter-stemmed word by word. Precision at k divides by the phrases returned
/// (at most k), recall by the distinct gold phrases; scores are averaged over documents.
/// </summary>
public static class KeywordEvaluation
{
    /// <summary>Reads a key-phrase file: one JSON object per line.</summary>
    public static Task<List<KeyphraseDocument>> ReadDocumentsAsync(string path, CancellationToken cancellationToken = default) =>
        JsonLines.ReadAsync<KeyphraseDocument>(path, cancellationToken);

    /// <summary>The form two phrases are compared in: "Prisons of the U.S." gives "prison of the u s".</summary>
    public static string Normalise(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var words = new List<string>();
        var buffer = new StringBuilder();
        foreach (var raw in phrase)
        {
            if (char.IsLetterOrDigit(raw))
            {
                buffer.Append(char.ToLowerInvariant(raw));
                continue;
            }

            Flush();
        }

        Flush();
        return string.Join(' ', words);

        void Flush()
        {
            if (buffer.Length > 0)
            {
                words.Add(PorterStemmer.Stem(buffer.ToString()));
                buffer.Clear();
            }
        }
    }

    /// <summary>Extracts key phrases from every document and scores them.</summary>
    public static KeywordEvaluationResult Evaluate(IReadOnlyList<KeyphraseDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var rows = new List<(string Dataset, double P5, double R5, double F5, double P10, double R10, double F10)>();
        var predictions = new List<KeywordPrediction>();
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var paragraphs = Paragraphs(document);
            var keywords = KeywordExtractor.Extract(document.Title ?? string.Empty, paragraphs, document.Lang, 10);
            var phrases = keywords.Select(k => k.Phrase).ToList();
            predictions.Add(new KeywordPrediction(document.Id, phrases));

            var gold = document.Keyphrases.Select(Normalise).Where(g => g.Length > 0).ToHashSet(StringComparer.Ordinal);
            var predicted = phrases.Select(Normalise).Distinct(StringComparer.Ordinal).ToList();
            var (p5, r5, f5) = AtK(predicted, gold, 5);
            var (p10, r10, f10) = AtK(predicted, gold, 10);
            rows.Add((document.Dataset, p5, r5, f5, p10, r10, f10));
        }

        var groups = rows.GroupBy(r => r.Dataset, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, g.ToList()))
            .ToList();
        return new KeywordEvaluationResult(groups, Group("overall", rows), Check(predictions.Select(p => p.Keyphrases)), predictions);
    }

    /// <summary>F1@10 of every document, extracting with <paramref name="extract"/> (which gets the title and paragraphs).</summary>
    public static List<DocumentScore> ScoreDocuments(IReadOnlyList<KeyphraseDocument> documents, Func<KeyphraseDocument, string[], IReadOnlyList<string>> extract)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(extract);
        return documents.Select(d => Score(d, extract(d, Paragraphs(d)))).ToList();
    }

    /// <summary>F1@10 of ranked phrases for one document, as <see cref="Evaluate"/> scores them.</summary>
    public static DocumentScore Score(KeyphraseDocument document, IReadOnlyList<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(phrases);
        var gold = document.Keyphrases.Select(Normalise).Where(g => g.Length > 0).ToHashSet(StringComparer.Ordinal);
        var predicted = phrases.Select(Normalise).Distinct(StringComparer.Ordinal).ToList();
        return new DocumentScore(document.Id, document.Dataset, AtK(predicted, gold, 10).F1);
    }

    /// <summary>A document's text as the pipeline hands it to the extractor: one paragraph a line.</summary>
    public static string[] Paragraphs(KeyphraseDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return (document.Text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Precision, recall and F1 of the first <paramref name="k"/> predictions.</summary>
    public static (double Precision, double Recall, double F1) AtK(IReadOnlyList<string> predicted, IReadOnlySet<string> gold, int k)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(gold);
        var top = predicted.Take(k).ToList();
        var hits = top.Count(gold.Contains);
        var precision = top.Count == 0 ? 0 : (double)hits / top.Count;
        var recall = gold.Count == 0 ? 0 : (double)hits / gold.Count;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    /// <summary>What the top ten of each list breaks of the rules: a phrase inside a better-ranked one, a phrase ending in a verb.</summary>
    public static KeywordListChecks Check(IEnumerable<IReadOnlyList<string>> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        int count = 0, contained = 0, differentEntities = 0, verbEndings = 0;
        foreach (var list in lists)
        {
            count++;
            var top = list.Take(10).ToList();
            var words = top.Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            for (var i = 0; i < top.Count; i++)
            {
                var last = words[i].Length > 0 ? words[i][^1] : string.Empty;
                if (last.Length > 0 && char.IsLower(last[0]) && EnglishWordClasses.TryGet(last, out var classes, out _)
                    && classes.HasFlag(WordClass.Verb) && !classes.HasFlag(WordClass.Noun))
                {
                    verbEndings++;
                }

                for (var j = 0; j < i; j++)
                {
                    if (words[i].Length < words[j].Length && HoldsWords(words[j], words[i]))
                    {
                        contained++;
                        var isName = words[i].All(w => char.IsUpper(w[0]));
                        var betterIsName = words[j].All(w => char.IsUpper(w[0]));
                        differentEntities += isName && (!betterIsName || words[i].Length > 1) ? 1 : 0;
                        break;
                    }
                }
            }
        }

        return new KeywordListChecks(count, contained, differentEntities, verbEndings);
    }

    private static bool HoldsWords(string[] longer, string[] shorter)
    {
        for (var start = 0; start + shorter.Length <= longer.Length; start++)
        {
            var all = true;
            for (var k = 0; k < shorter.Length && all; k++)
            {
                all = string.Equals(longer[start + k], shorter[k], StringComparison.OrdinalIgnoreCase);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The human-readable report; its last line is the one-line summary scripts read.</summary>
    public static string Format(KeywordEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine("dataset        n     p@5     r@5     f1@5    p@10    r@10    f1@10");
        foreach (var g in result.Datasets.Append(result.Overall))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{g.Dataset,-14} {g.Count,-5} {g.P5:F4}  {g.R5:F4}  {g.F5:F4}  {g.P10:F4}  {g.R10:F4}  {g.F10:F4}");
        }

        var c = result.Checks;
        text.AppendLine(CultureInfo.InvariantCulture, $"top tens: {c.Lists} lists; phrases inside a better-ranked one: {c.ContainedSameThing} naming the same thing, {c.DifferentEntities} names of a different entity (kept); phrases ending in a verb: {c.VerbEndings}");
        text.Append(CultureInfo.InvariantCulture, $"keywords: n={result.Overall.Count} f1@5={result.Overall.F5:F4} f1@10={result.Overall.F10:F4}");
        return text.ToString();
    }

    private static KeywordGroupResult Group(string dataset, List<(string Dataset, double P5, double R5, double F5, double P10, double R10, double F10)> rows) =>
        rows.Count == 0
            ? new KeywordGroupResult(dataset, 0, 0, 0, 0, 0, 0, 0)
            : new KeywordGroupResult(dataset, rows.Count, rows.Average(r => r.P5), rows.Average(r => r.R5), rows.Average(r => r.F5),
                rows.Average(r => r.P10), rows.Average(r => r.R10), rows.Average(r => r.F10));
}
