using System.Collections.Frozen;

namespace Pipeline.Core.Summarisation;

public sealed partial class KeywordExtractor
{
    // Words that are no stop words but almost never head a key phrase in news or abstracts (only when written lower-case).
    private static readonly string[] NonKeyWords =
        """
        new use used uses using based paper propose proposed proposes present presented presents show shows shown showed
        allow allows allowed obtain obtained describe described describes discuss discussed consider considered provide provides provided
        also told according including include includes included like just would could many much various several certain different
        make made makes take took taken get got going want wants think know known go goes come came went put set give gives given
        year years day days week weeks month months time times way ways lot lots thing things people percent per cent
        first second third two three four five six seven eight nine ten hundred thousand million billion
        good great big little small large high low long short important possible able likely unlikely recent recently
        today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
        according article study approach method methods result results problem problems case cases number numbers
        novel original proposed existing main general simple efficient effective significant better best particular specific
        same overall typical current previous following associated corresponding respective real-world key major basic
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    // Lower-case particles that may sit inside a name ("Tren de Aragua", "Ludwig van Beethoven") but not start or end one.
    private static readonly string[] NameConnectors =
        ["de", "del", "la", "le", "du", "des", "van", "von", "der", "den", "da", "di", "dos", "al", "bin", "el"];

    // Words after which the next word is most likely a verb ("to define", "can map", "we propose"), never a phrase start.
    private static readonly string[] VerbCues =
        ["to", "can", "could", "will", "would", "may", "might", "must", "should", "shall", "we", "they", "i", "you", "he", "she", "who", "not", "cannot", "also", "which", "it"];

    // Auxiliaries after which an -ed or -ing word is a verb form ("is proposed", "are using").
    private static readonly string[] Auxiliaries =
        ["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did"];

    private static readonly string[] Determiners =
        ["the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "our", "my", "your", "some", "any", "each", "every"];

    // After these an -ed word is an adjective ("the generated documents", "of deported immigrants"); after other
    // function words or a name it is a verb ("and warned", "Noem visited").
    private static readonly string[] Prepositions =
        ["of", "in", "for", "with", "on", "by", "from", "into", "over", "under", "about", "between", "among", "against", "through", "without", "within", "as", "at", "than", "such"];

    // Days and months are dates, not topics, however they are written.
    private static readonly string[] DateWords =
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
         "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "aug", "sept", "oct", "nov", "dec"];

    // Finite verb forms that are rarely nouns or adjectives: a phrase must not end in one ("WeWork agreed", "WeWork
    // pays"). Past forms in -ed are caught by their suffix; these are the irregular ones, the -eed ones the suffix rule
    // spares, and present forms news uses after a name. Forms that are as often nouns ("plans", "claims") are left out.
    private static readonly string[] VerbForms =
        """
        agreed agrees proceeded succeeded exceeded pleaded freed decreed guaranteed disagreed
        said says told tells asked became began begun brought bought came chose drove drew fought forgot forgave gave grew
        heard held kept knew meant met paid ran rang rose sang sank sat saw sent sold sought spent spoke stood stole struck
        swore swam taught thought threw took understood went woke wore wrote won withdrew overtook undertook
        pays agrees owns sells buys makes takes gives gets expects seeks denies warns asks keeps sends spends brings thinks
        knows becomes begins comes goes wants believes insists refuses admits announces confirms reveals
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    // Words that quote someone: news uses them in almost every story, abstracts almost never.
    private static readonly string[] ReportingVerbs =
        ["said", "says", "told", "according"];

    /// <summary>Which of the lists above a word is on: a text looks each of its words up once (<see cref="WordClasses"/>).</summary>
    private static readonly FrozenDictionary<string, Listed> Lists = Combine(
        (NonKeyWords, Listed.NonKey), (NameConnectors, Listed.NameConnector), (VerbCues, Listed.VerbCue), (Auxiliaries, Listed.Auxiliary),
        (Determiners, Listed.Determiner), (Prepositions, Listed.Preposition), (DateWords, Listed.DateWord), (VerbForms, Listed.VerbForm),
        (ReportingVerbs, Listed.ReportingVerb));

    [Flags]
    private enum Listed : ushort
    {
        None = 0,
        NonKey = 1,
        NameConnector = 2,
        VerbCue = 4,
        Auxiliary = 8,
        Determiner = 16,
        Preposition = 32,
        DateWord = 64,
        VerbForm = 128,
        ReportingVerb = 256,
    }

    private static Listed ListsOf(string lowerWord) => Lists.GetValueOrDefault(lowerWord);

    private static FrozenDictionary<string, Listed> Combine(params (string[] Words, Listed List)[] lists)
    {
        var combined = new Dictionary<string, Listed>(StringComparer.Ordinal);
        foreach (var (words, list) in lists)
        {
            foreach (var word in words)
            {
                combined[word] = combined.GetValueOrDefault(word) | list;
            }
        }

        return combined.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
