using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    private static readonly HashSet<string> AlterToDivExceptions = ["div", "article", "section", "p", "ol", "ul"];

    /// <summary>The top candidate joined by the siblings that score close to it or read as paragraphs of the same text.</summary>
    private static IElement JoinSiblings(IDocument document, IElement topCandidate, IElement parentOfTop, ExtractionAttempt attempt)
    {
        var article = document.CreateElement("div");
        var topCandidateScore = attempt.Scores[topCandidate];
        var siblingThreshold = Math.Max(10, topCandidateScore * 0.2);
        var topClass = topCandidate.ClassName ?? string.Empty;
        foreach (var sibling in parentOfTop.Children.ToList())
        {
            var append = ReferenceEquals(sibling, topCandidate);
            if (!append)
            {
                var bonus = topClass.Length > 0 && sibling.ClassName == topClass ? topCandidateScore * 0.2 : 0;
                if (attempt.Scores.TryGetValue(sibling, out var siblingScore) && siblingScore + bonus >= siblingThreshold)
                {
                    append = true;
                }
                else if (sibling.LocalName == "p")
                {
                    var density = LinkDensity(sibling);
                    var length = TextLength(sibling);
                    append = (length > 80 && density < 0.25)
                        || (length is > 0 and < 80 && density == 0 && SentenceEnd().IsMatch(InnerText(sibling)));
                }
            }

            if (append)
            {
                var moved = AlterToDivExceptions.Contains(sibling.LocalName) ? sibling : attempt.Retag(sibling, "div");
                article.AppendChild(moved);
            }
        }

        return article;
    }

    [GeneratedRegex(@"\.( |$)")]
    private static partial Regex SentenceEnd();
}
