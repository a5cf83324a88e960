using System.Text;
using Pipeline.Core.Alerts;

namespace Pipeline.Benchmarks.Match;

/// <summary>
/// A generated, news-like corpus and alerts, from a fixed seed. Words follow a Zipf law over a vocabulary of common
/// English words, news nouns (singular and plural, so that stemming matters), accented place names and a long tail of
/// made-up names; each article leans towards one or two topics, and common news phrases ("prime minister") appear as
/// units. Titles have 6-12 words, bodies 300-800 words in paragraphs, keywords are 3-6 of the article's phrases, and
/// sources are URLs on a list of news hosts and their subdomains.
/// </summary>
internal sealed class NewsCorpus
{
    private static readonly string[] Common =
        ("the of and to a in that is was for on it with as he said by at his from be have has an are but not they this who "
        + "were had been would will their more after about which one two new also than people year when could over into "
        + "its first last she her our there we up out what government years can other time all some no just because so "
        + "three week told while during under since against before between where officials state national public")
        .Split(' ');

    private static readonly string[] Nouns =
        ("prison court election minister president police protest market bank rate inflation budget tax school hospital "
        + "vaccine virus storm flood fire drought earthquake border migrant deportation refugee army soldier missile drone "
        + "ceasefire treaty summit trade tariff export company share investor profit strike union worker wage factory "
        + "farmer crop climate emission pollution smog energy oil gas coal solar wind battery car train airport flight "
        + "airline ship port river city village council mayor governor senator lawmaker judge jury lawyer trial verdict "
        + "sentence crime murder theft fraud scandal investigation report study scientist university student teacher "
        + "child family woman man player team match goal coach league cup season championship film festival artist "
        + "museum book phone app platform network satellite rocket telescope planet policy reform vote poll campaign "
        + "party leader candidate parliament senate congress ministry agency regulator license contract deal merger "
        + "startup chip software hacker attack breach password crisis shortage price supply demand debt loan bond "
        + "currency dollar euro rupee yuan housing rent mortgage building bridge road highway tunnel dam reservoir")
        .Split(' ');

    private static readonly string[] Places =
        ["São Paulo", "Zürich", "Kraków", "Łódź", "Montréal", "Bogotá", "Düsseldorf", "Malmö", "Curaçao", "Reykjavík", "Delhi", "Mumbai", "Lagos",
         "Nairobi", "Cairo", "Kyiv", "Gaza", "Beijing", "Tokyo", "Seoul", "Jakarta", "Manila", "Sydney", "London", "Paris", "Berlin", "Madrid",
         "Rome", "Washington", "Texas", "California", "Ottawa", "Mexico", "Brazil", "Argentina", "Chile", "Peru", "El Salvador", "Guatemala"];

    private static readonly string[] Phrases =
        ["prime minister", "white house", "supreme court", "climate change", "interest rates", "central bank", "human rights",
         "foreign minister", "stock market", "prison sentence", "united nations", "world cup", "artificial intelligence",
         "heat wave", "power grid", "oil prices", "trade war", "peace talks", "death toll", "election results"];

    private static readonly string[] Hosts =
        ["www.reuters.com", "uk.reuters.com", "apnews.com", "www.bbc.co.uk", "news.bbc.co.uk", "www.bbc.com", "www.theguardian.com",
         "edition.cnn.com", "www.cnn.com", "www.aljazeera.com", "www.hindustantimes.com", "timesofindia.indiatimes.com", "www.npr.org",
         "www.nytimes.com", "www.washingtonpost.com", "www.ft.com", "www.bloomberg.com", "www.dw.com", "www.france24.com",
         "www.abc.net.au", "www.cbc.ca", "www.lemonde.fr", "elpais.com", "english.elpais.com", "www.spiegel.de", "www.scmp.com",
         "www.japantimes.co.jp", "www.straitstimes.com", "www.thehindu.com", "www.news24.com"];

    // About 1.7 of the 20 phrases in a 570-word article: each phrase is then in about one article in twelve, which is
    // already more than "prime minister" or "heat wave" get in a real news feed.
    private const double PhraseShare = 0.003;

    private readonly string[] _vocabulary;
    private readonly double[] _cumulative;
    private readonly string[][] _topics;

    public NewsCorpus(int seed)
    {
        var random = new Random(seed);
        var vocabulary = new List<string>(Common);
        foreach (var noun in Nouns)
        {
            vocabulary.Add(noun);
            vocabulary.Add(Plural(noun));
        }

        vocabulary.AddRange(Places);
        var made = new HashSet<string>(vocabulary, StringComparer.Ordinal);
        while (vocabulary.Count < 30_000)
        {
            var word = MadeUpWord(random);
            if (made.Add(word))
            {
                vocabulary.Add(random.Next(5) == 0 ? Capitalise(word) : word);
            }
        }

        // The common words lead; the rest are shuffled so that news nouns and names are spread over the ranks.
        var tail = vocabulary.Skip(Common.Length).ToArray();
        random.Shuffle(tail.AsSpan(0, Math.Min(tail.Length, 3_000)));
        _vocabulary = [.. Common, .. tail];
        _cumulative = new double[_vocabulary.Length];
        var sum = 0.0;
        for (var rank = 0; rank < _vocabulary.Length; rank++)
        {
            sum += 1.0 / Math.Pow(rank + 1, 1.05);
            _cumulative[rank] = sum;
        }

        for (var rank = 0; rank < _cumulative.Length; rank++)
        {
            _cumulative[rank] /= sum;
        }

        _topics = Enumerable.Range(0, 60)
            .Select(_ => Enumerable.Range(0, 25).Select(_ => random.Next(4) == 0 ? Places[random.Next(Places.Length)] : Nouns[random.Next(Nouns.Length)])
                .Concat(Enumerable.Range(0, 15).Select(_ => _vocabulary[Common.Length + random.Next(8_000)]))
                .ToArray())
            .ToArray();
    }

    public List<MatchableDocument> Articles(int count, Random random)
    {
        var articles = new List<MatchableDocument>(count);
        for (var n = 0; n < count; n++)
        {
            var topics = new[] { _topics[random.Next(_topics.Length)], _topics[random.Next(_topics.Length)] };
            var title = Capitalise(Sentence(random, topics, random.Next(6, 13), topicShare: 0.5));
            var bodyWords = random.Next(300, 801);
            var paragraphs = new List<string>();
            while (bodyWords > 0)
            {
                var length = Math.Min(bodyWords, random.Next(40, 90));
                paragraphs.Add(Paragraph(random, topics, length));
                bodyWords -= length;
            }

            var keywords = Enumerable.Range(0, random.Next(3, 7))
                .Select(_ => random.Next(8) == 0 ? Phrases[random.Next(Phrases.Length)] : Pick(random, topics[0]))
                .Distinct()
                .ToList();
            var host = Hosts[random.Next(Hosts.Length)];
            articles.Add(new MatchableDocument(title, keywords, paragraphs, $"https://{host}/news/{n}-story"));
        }

        return articles;
    }

    /// <summary>Alert queries as a subscriber would type them: 1-4 terms, some phrases, ORs, exclusions and field prefixes.</summary>
    public List<string> Alerts(int count, Random random)
    {
        var alerts = new List<string>(count);
        for (var n = 0; n < count; n++)
        {
            var topic = _topics[random.Next(_topics.Length)];
            var terms = new List<string>();
            var included = 0;
            var size = random.Next(1, 5);
            for (var t = 0; t < size; t++)
            {
                var term = random.Next(10) switch
                {
                    0 or 1 => Quote(Phrases[random.Next(Phrases.Length)]),
                    2 => Quote(Pick(random, topic)),
                    3 => Word(random, topic) + " OR " + Word(random, topic),
                    4 when included > 0 => "-" + (random.Next(3) == 0 ? Quote(Phrases[random.Next(Phrases.Length)]) : Word(random, topic)),
                    5 => "title:" + Word(random, topic),
                    6 when random.Next(3) == 0 => "keyword:" + Word(random, topic),
                    7 when random.Next(3) == 0 => "source:" + Hosts[random.Next(Hosts.Length)].Replace("www.", string.Empty, StringComparison.Ordinal),
                    8 when random.Next(4) == 0 => "body:" + Word(random, topic),
                    _ => Word(random, topic),
                };
                if (!term.StartsWith('-'))
                {
                    included++;
                }

                terms.Add(random.Next(6) == 0 && terms.Count > 0 ? "AND " + term : term);
            }

            if (included == 0)
            {
                terms.Add(Word(random, topic));
            }

            // Now and then a group: (a OR b) c.
            alerts.Add(random.Next(12) == 0 && terms.Count >= 2 ? $"({terms[0]} OR {Word(random, topic)}) {string.Join(' ', terms.Skip(1))}" : string.Join(' ', terms));
        }

        return alerts;
    }

    private static string Quote(string phrase) => "\"" + phrase + "\"";

    private string Word(Random random, string[] topic)
    {
        var word = random.Next(3) == 0 ? _vocabulary[Common.Length + random.Next(5_000)] : Pick(random, topic);
        return word.Contains(' ', StringComparison.Ordinal) ? Quote(word) : word;
    }

    private static string Pick(Random random, string[] topic)
    {
        var word = topic[random.Next(topic.Length)];
        return random.Next(4) == 0 ? Plural(word) : word;
    }

    private string Paragraph(Random random, string[][] topics, int words)
    {
        var text = new StringBuilder();
        while (words > 0)
        {
            var length = Math.Min(words, random.Next(8, 25));
            text.Append(Capitalise(Sentence(random, topics, length, topicShare: 0.12))).Append(random.Next(8) == 0 ? ", he said. " : ". ");
            words -= length;
        }

        return text.ToString().TrimEnd();
    }

    private string Sentence(Random random, string[][] topics, int words, double topicShare)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0)
            {
                text.Append(random.Next(15) == 0 ? ", " : " ");
            }

            var roll = random.NextDouble();
            text.Append(roll < topicShare ? Pick(random, topics[random.Next(topics.Length)])
                : roll < topicShare + PhraseShare ? Phrases[random.Next(Phrases.Length)]
                : _vocabulary[Rank(random)]);
        }

        return text.ToString();
    }

    private int Rank(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }

    private static string Plural(string word) =>
        word.Contains(' ', StringComparison.Ordinal) || char.IsUpper(word[0]) ? word
        : word.EndsWith('y') && !"aeiou".Contains(word[^2], StringComparison.Ordinal) ? word[..^1] + "ies"
        : word.EndsWith('s') || word.EndsWith('x') || word.EndsWith("ch", StringComparison.Ordinal) ? word + "es"
        : word + "s";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string MadeUpWord(Random random)
    {
        string[] onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "ch", "st", "tr", "sh", "pl", "gr"];
        string[] vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ea", "é", "ü"];
        var word = new StringBuilder();
        for (var s = random.Next(2, 4); s > 0; s--)
        {
            word.Append(onsets[random.Next(onsets.Length)]).Append(vowels[random.Next(random.Next(20) == 0 ? vowels.Length : vowels.Length - 2)]);
        }

        if (random.Next(2) == 0)
        {
            word.Append("nrstlmd"[random.Next(7)]);
        }

        return word.ToString();
    }
}
