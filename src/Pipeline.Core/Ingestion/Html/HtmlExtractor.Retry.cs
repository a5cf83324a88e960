using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    private const int CharThreshold = 500;

    /// <summary>
    /// Runs attempts with one heuristic fewer each time until one finds enough text; when none does, the longest result
    /// wins. The byline found in the markup is the last attempt's.
    /// </summary>
    /// <remarks>
    /// Each attempt mutates the page, so a retry starts again from <paramref name="html"/>, parsed and prepared anew.
    /// Most pages need none (about one in six of the dev pages does), so this costs less than copying the body before the
    /// first attempt, which took about a third of a parse on every page.
    /// </remarks>
    private static (IElement Content, string? DomByline)? ExtractWithRetries(string html, IDocument document, IElement body, string? title)
    {
        var shortResults = new List<(IElement Content, int Length)>();
        var attempt = new ExtractionAttempt(Flags.StripUnlikelys | Flags.WeightClasses | Flags.CleanConditionally, title);
        while (true)
        {
            var content = GrabArticle(document, body, attempt);
            var length = TextLength(content);
            if (length >= CharThreshold)
            {
                return (content, attempt.DomByline);
            }

            shortResults.Add((content, length));
            if (attempt.Relax() is not { } relaxed)
            {
                var best = shortResults.OrderByDescending(a => a.Length).FirstOrDefault();
                return best.Length == 0 ? null : (best.Content, attempt.DomByline);
            }

            attempt = relaxed;
            document = Parser.ParseDocument(html);
            body = PrepareDocument(document)!;
        }
    }

    /// <summary>One attempt, in Readability's phases: clear the page and collect blocks, score them, choose the best, join its siblings, clean.</summary>
    private static IElement GrabArticle(IDocument document, IElement page, ExtractionAttempt attempt)
    {
        var elementsToScore = CollectElementsToScore(document, attempt);
        var candidates = ScoreElements(elementsToScore, attempt);
        var top = TopCandidates(candidates, attempt);
        var (topCandidate, parentOfTop) = SelectTopCandidate(document, page, top, attempt);
        var article = JoinSiblings(document, topCandidate, parentOfTop, attempt);
        PrepArticle(article, attempt);
        return article;
    }
}
