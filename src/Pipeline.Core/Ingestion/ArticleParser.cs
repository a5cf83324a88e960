namespace Pipeline.Core.Ingestion;

/// <summary>
/// Turns the bytes of one dropped file into articles, or into a rejection with a stable reason code.
/// Decoding (<see cref="TextDecoder"/>), format detection (<see cref="FormatDetector"/>) and the format's parser
/// run in turn. Parsing is pure CPU work over bytes already in memory: size limits are checked by the caller before reading.
/// </summary>
public sealed class ArticleParser(int maxArticlesPerFile = 1000)
{
    private readonly JsonArticleParser _json = new(maxArticlesPerFile);

    /// <summary>The boilerplate rules for HTML pages: the shipped ones, unless a study measures others.</summary>
    internal BoilerplateRules HtmlRules { get; init; } = BoilerplateRules.Shipped;

    /// <summary>Parses the file <paramref name="name"/> (its extension is a hint to the format) from <paramref name="content"/>.</summary>
    public ParseOutcome Parse(ReadOnlySpan<byte> content, string name)
    {
        var (decoded, rejection) = TextDecoder.Decode(content);
        if (rejection is not null)
        {
            return ParseOutcome.Rejected(rejection.Code, rejection.Message);
        }

        var text = decoded!.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseOutcome.Rejected(RejectionCodes.Empty, $"The file holds only whitespace ({content.Length} bytes).");
        }

        return FormatDetector.Detect(text, name) switch
        {
            DetectedFormat.Json => _json.ParseJson(text, name),
            DetectedFormat.JsonLines => _json.ParseJsonLines(text, name),
            DetectedFormat.Html => Html(text, name),
            DetectedFormat.Markdown => Markdown(text, name),
            _ => Single(PlainTextParser.Parse(text, name), "The text file has no article text once clutter is removed."),
        };
    }

    private ParseOutcome Html(string html, string name)
    {
        if (HtmlDepth.TooDeep(html) is { } tooDeep)
        {
            return ParseOutcome.Rejected(RejectionCodes.NoArticleText, tooDeep);
        }

        var extraction = HtmlExtractor.Extract(html, HtmlRules);
        var article = extraction is null ? null : ArticleText.ToArticle(extraction.Paragraphs, ArticleFormat.Html, extraction.Metadata, name);
        return Single(article, "The HTML page has no readable article text (only markup, scripts or navigation).");
    }

    private static ParseOutcome Markdown(string text, string name)
    {
        try
        {
            return Single(MarkdownParser.Parse(text, name), "The Markdown file has no body text, only a title or front matter.");
        }
        catch (InvalidDataException ex)
        {
            return ParseOutcome.Rejected(RejectionCodes.NoArticleText, ex.Message);
        }
    }

    private static ParseOutcome Single(ParsedArticle? article, string whyNot) =>
        article is null ? ParseOutcome.Rejected(RejectionCodes.NoArticleText, whyNot) : ParseOutcome.Of([article]);
}
