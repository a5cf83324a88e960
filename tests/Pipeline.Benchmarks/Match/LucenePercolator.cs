using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Index;
using Lucene.Net.Index.Memory;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Pipeline.Core.Alerts;

namespace Pipeline.Benchmarks.Match;

/// <summary>
/// The same alerts run the classic way: Lucene.Net's MemoryIndex holds one article, and every query is run against it.
/// Each text field is indexed twice, exact (<c>title_e</c>) and stemmed (<c>title_s</c>), with an analyzer set up for
/// our semantics: words are runs of letters, digits and combining marks, lower-cased and ASCII-folded, and the stemmed
/// copy goes through EnglishMinimalStemFilter, Lucene's own S-stemmer, with the words we keep unstemmed marked as keywords. Each keyword and paragraph is added as a value of
/// its field with a position gap, so phrases do not span them. Hosts are indexed with their parent domains.
/// </summary>
internal sealed class LucenePercolator : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private static readonly string[] TextFields = ["title", "keyword", "body"];

    private readonly WordAnalyzer _exact = new(stem: false);
    private readonly WordAnalyzer _stemmed = new(stem: true);
    private readonly MemoryIndex _index = new();

    /// <summary>Our AST as a Lucene query, each word analysed by the same analyzer the field was indexed with.</summary>
    public Query Translate(AlertQueryNode node)
    {
        switch (node)
        {
            case AlertTerm term:
                var analyzer = term.Exact ? _exact : _stemmed;
                var suffix = term.Exact ? "_e" : "_s";
                var fields = term.Field switch
                {
                    AlertField.Title => ["title"],
                    AlertField.Keyword => ["keyword"],
                    AlertField.Body => ["body"],
                    _ => TextFields,
                };
                var clauses = fields.Select(f => TermOrPhrase(f + suffix, Analyse(analyzer, f + suffix, term.Phrase))).ToList();
                return clauses.Count == 1 ? clauses[0] : Boolean(clauses.Select(c => (c, Occur.SHOULD)));
            case AlertSource source:
                return new TermQuery(new Term("source", source.Host));
            case AlertOr or:
                return Boolean(or.Children.Select(c => (Translate(c), Occur.SHOULD)));
            case AlertAnd and:
                return Boolean(and.Children.Select(c => c is AlertNot not ? (Translate(not.Excluded), Occur.MUST_NOT) : (Translate(c), Occur.MUST)));
            default:
                throw new ArgumentException($"Cannot translate {node.GetType().Name} on its own.", nameof(node));
        }
    }

    /// <summary>Replaces the indexed article with <paramref name="article"/>.</summary>
    public void Load(MatchableDocument article)
    {
        _index.Reset();
        foreach (var (field, analyzer) in new[] { ("_e", (Analyzer)_exact), ("_s", _stemmed) })
        {
            _index.AddField("title" + field, article.Title, analyzer);
            foreach (var keyword in article.Keywords)
            {
                _index.AddField("keyword" + field, keyword, analyzer);
            }

            foreach (var paragraph in article.Body)
            {
                _index.AddField("body" + field, paragraph, analyzer);
            }
        }

        if (article.Source is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            var host = uri.Host.ToLowerInvariant();
            var suffixes = new List<string>();
            for (var dot = -1; ; dot = host.IndexOf('.', dot + 1))
            {
                suffixes.Add(host[(dot + 1)..]);
                if (host.IndexOf('.', dot + 1) < 0)
                {
                    break;
                }
            }

            _index.AddField("source", _index.KeywordTokenStream(suffixes));
        }
    }

    public bool Matches(Query query) => _index.Search(query) > 0f;

    public void Dispose()
    {
        _exact.Dispose();
        _stemmed.Dispose();
    }

    private static List<string> Analyse(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    private static Query TermOrPhrase(string field, List<string> words)
    {
        if (words.Count == 1)
        {
            return new TermQuery(new Term(field, words[0]));
        }

        var phrase = new PhraseQuery();
        foreach (var word in words)
        {
            phrase.Add(new Term(field, word));
        }

        return phrase;
    }

    private static BooleanQuery Boolean(IEnumerable<(Query Query, Occur Occur)> clauses)
    {
        var query = new BooleanQuery();
        foreach (var (clause, occur) in clauses)
        {
            query.Add(clause, occur);
        }

        return query;
    }

    private sealed class WordAnalyzer(bool stem) : Analyzer
    {
        public override int GetPositionIncrementGap(string fieldName) => 100;

        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new WordTokenizer(reader);
            TokenStream stream = new LowerCaseFilter(Version, tokenizer);
            stream = new ASCIIFoldingFilter(stream);
            if (stem)
            {
                stream = new SetKeywordMarkerFilter(stream, new CharArraySet(Version, AlertText.Unstemmed.ToList(), ignoreCase: false));
                stream = new EnglishMinimalStemFilter(stream);
            }

            return new TokenStreamComponents(tokenizer, stream);
        }
    }

    private sealed class WordTokenizer(TextReader reader) : CharTokenizer(Version, reader)
    {
        protected override bool IsTokenChar(int c) =>
            CharUnicodeInfo.GetUnicodeCategory(c) switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
                    or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark => true,
                _ => false,
            };
    }
}
