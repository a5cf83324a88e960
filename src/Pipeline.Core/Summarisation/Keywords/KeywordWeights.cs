namespace Pipeline.Core.Summarisation;

/// <summary>
/// How phrase scores weigh length, names and frequency for one kind of text. News and abstracts want different
/// phrases: crowd-picked news key phrases are mostly single words and names, abstract key phrases mostly two or
/// three-word terms.
/// </summary>
/// <param name="MultiWordBoost">Factor for phrases of two or more words.</param>
/// <param name="CommonWordFactor">Factor for a single word that is not a name.</param>
/// <param name="NameFactor">Factor for a single-word name.</param>
/// <param name="FrequencyExponent">Power of the log-scaled count (1 + ln count).</param>
internal sealed record KindWeights(double MultiWordBoost, double CommonWordFactor, double NameFactor, double FrequencyExponent);

/// <summary>
/// The extractor's tunable constants. <see cref="Default"/> holds the values chosen by cross-validation (see the
/// README's Quality section); the evaluation tool passes others to choose them on training folds only.
/// </summary>
/// <param name="Abstract">Weights for expository text (abstracts, reports).</param>
/// <param name="News">Weights for news: reported speech or many capitalised words.</param>
/// <param name="NewsCapitalShare">Share of capitalised words above which a text reads as news.</param>
/// <param name="DropSameHead">Drop a phrase whose head noun and modifiers are already in a better one ("Attorney General" after "State Attorney General").</param>
internal sealed record KeywordWeights(KindWeights Abstract, KindWeights News, double NewsCapitalShare, bool DropSameHead)
{
    /// <summary>
    /// Logistic-regression weights over the features of the best candidates (<c>KeywordExtractor.Features</c>), fitted
    /// on the dev set by <c>pipeline eval keywords --learn</c>; null ranks by the hand-set score alone.
    /// </summary>
    public IReadOnlyList<double>? Model { get; init; }

    /// <summary>The weights before news had its own (one set for every text), kept so the evaluation can compare against them.</summary>
    public static KeywordWeights Uniform { get; } = new(new(1.3, 0.5, 1, 1), new(1.3, 0.5, 1, 1), double.PositiveInfinity, DropSameHead: false);

    /// <summary>
    /// Chosen by <c>pipeline eval keywords --tune</c> on the key-phrase dev set (all folds; every held-out fold chose
    /// frequency exponent 3 and favoured single words and names over multi-word phrases for news).
    /// </summary>
    public static KeywordWeights Default { get; } = Uniform with
    {
        News = new KindWeights(MultiWordBoost: 1.0, CommonWordFactor: 2.4, NameFactor: 2.1, FrequencyExponent: 3.0),
        NewsCapitalShare = 0.25,
        DropSameHead = true,

        // Fitted on all 1,470 dev documents by `pipeline eval keywords --data …/docs.jsonl --learn` (each dataset
        // weighing the same, L2 10); the same procedure on training folds only gives the held-out figures in the README.
        Model =
        [
            -1.1415709506797063, // bias
            0.1709890548369062, // log(score / best score)
            0.05457426102975216, // 1 / (1 + rank)
            1.0420182967534406, // ln(1 + count)
            0.025220998997146304, // graph score / best
            -0.13918861134833785, // first position / last
            -1.0318045173978236, // one word
            0.5212595847845131, // two words
            0.5105449326157068, // three or more words
            0.41050612876916476, // name
            0.31805972268404764, // in the title
            0.3314175657422583, // news
            1.865503352709333, // news × one word
            -0.14081752689313026, // news × name
            -0.5349265358569493, // news × ln(1 + count)
            -0.006349384145942013, // noun ending
            -0.23678818464628812, // adjective ending
            0.2793207772483073, // ln(1 + longer candidates holding it)
            -2.1744607989077056, // text length (ln tokens / 10)
            1.226931026959433, // length × one word
            -0.55581522877577, // length × ln(1 + count)
            0.20581431140701043, // length × 1 / (1 + rank)
            0.17544601931388382, // spread: (last − first position) / last
            0.6790772707775559, // letters in the last word (at most 15) / 10
            0.8976268819129896, // share of words general English does not know
            -1.2902417486415987, // news × that share
        ],
    };
}
